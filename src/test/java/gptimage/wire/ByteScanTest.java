package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time search against the plain loop, at every position and range edge. */
class ByteScanTest {
  private static int plain(byte[] a, int from, int to, byte x, byte y) {
    int i = from;
    while (i < to && a[i] != x && a[i] != y) {
      i++;
    }
    return i;
  }

  @Test
  void findsWhatThePlainLoopFindsAtEveryPositionAndRange() {
    byte[] a = new byte[64];
    for (int hit = -1; hit < a.length; hit++) {
      for (byte target : new byte[] {'"', '\\', '\n', (byte) 0x80, (byte) 0xFF, 0}) {
        java.util.Arrays.fill(a, (byte) 'A');
        if (hit >= 0) {
          a[hit] = target;
        }
        ByteScan scan = new ByteScan(a);
        for (int from = 0; from <= 20; from++) {
          for (int to = from; to <= a.length; to += 3) {
            assertEquals(
                plain(a, from, to, target, (byte) '\\'),
                scan.indexOfEither(from, to, target, (byte) '\\'),
                "hit " + hit + " target " + target + " range " + from + ".." + to);
          }
        }
      }
    }
  }

  @Test
  void agreesWithThePlainLoopOnRandomBytes() {
    Random random = new Random(42);
    byte[] a = new byte[4096];
    for (int round = 0; round < 500; round++) {
      random.nextBytes(a);
      byte x = (byte) random.nextInt(256);
      byte y = (byte) random.nextInt(256);
      int from = random.nextInt(a.length);
      int to = from + random.nextInt(a.length - from + 1);
      assertEquals(plain(a, from, to, x, y), new ByteScan(a).indexOfEither(from, to, x, y));
    }
  }
}
