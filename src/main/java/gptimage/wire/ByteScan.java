package gptimage.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds the first of two byte values in a range of one array, eight bytes at a time: the answers'
 * base64 runs are megabytes long, and a byte-at-a-time loop was the SSE reader's largest cost.
 */
final class ByteScan {
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private final byte[] array;
  private final ByteBuffer words;

  ByteScan(byte[] array) {
    this.array = array;
    this.words = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The index of the first {@code a} or {@code b} in {@code [from, to)}, or {@code to}. */
  int indexOfEither(int from, int to, byte a, byte b) {
    long patternA = (a & 0xFFL) * ONES;
    long patternB = (b & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = words.getLong(i);
      long x = word ^ patternA;
      long y = word ^ patternB;
      // A byte of x (or y) is zero where the word holds a (or b); the lowest flag is exact.
      long found = (((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < to && array[i] != a && array[i] != b) {
      i++;
    }
    return i;
  }
}
