package gptimage.json;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Decodes a JSON string's content as base64 while reading it, for {@link JsonReader#readBase64}:
 * exactly as Jackson's {@code readBinaryValue} reads its {@code MIME_NO_LINEFEEDS} variant with
 * padding allowed (the contract the answer reader has always had). Blocks of four characters, each
 * plain or escaped; white space (raw or escaped, any character up to U+0020) only between blocks;
 * padding {@code =} optional, a block of two or three characters at the closing quote is as good as
 * a padded one; more blocks may follow a padded one.
 */
final class Base64Value {
  private static final int PADDING = -2;
  private static final int[] BITS = new int[128];

  static {
    java.util.Arrays.fill(BITS, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BITS[alphabet.charAt(i)] = i;
    }
    BITS['='] = PADDING;
  }

  private Base64Value() {}

  /** Reads the rest of the string after its opening quote into {@code out}; the bytes written. */
  static long read(JsonInput r, OutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    int end = buffer.length - 3;
    int n = 0;
    long total = 0;
    while (true) {
      int ch;
      do {
        ch = r.nextInString();
      } while (ch <= ' ');
      int bits = bits(ch);
      if (bits < 0) {
        if (ch == '"') {
          break;
        }
        bits = escaped(r, ch, 0);
        if (bits < 0) {
          continue; // escaped white space between blocks
        }
      }
      if (n > end) {
        out.write(buffer, 0, n);
        total += n;
        n = 0;
      }
      int data = bits;
      ch = r.nextInString();
      bits = bits(ch);
      if (bits < 0) {
        bits = escaped(r, ch, 1);
      }
      data = (data << 6) | bits;
      ch = r.nextInString();
      bits = bits(ch);
      if (bits < 0) {
        if (bits != PADDING) {
          if (ch == '"') { // two characters and no padding: one byte
            buffer[n++] = (byte) (data >> 4);
            break;
          }
          bits = escaped(r, ch, 2);
        }
        if (bits == PADDING) {
          ch = r.nextInString();
          if (ch != '=' && escaped(r, ch, 3) != PADDING) {
            throw invalid(r, ch, 3, "expected padding character '='");
          }
          buffer[n++] = (byte) (data >> 4);
          continue;
        }
      }
      data = (data << 6) | bits;
      ch = r.nextInString();
      bits = bits(ch);
      if (bits < 0) {
        if (bits != PADDING) {
          if (ch == '"') { // three characters and no padding: two bytes
            data >>= 2;
            buffer[n++] = (byte) (data >> 8);
            buffer[n++] = (byte) data;
            break;
          }
          bits = escaped(r, ch, 3);
        }
        if (bits == PADDING) {
          data >>= 2;
          buffer[n++] = (byte) (data >> 8);
          buffer[n++] = (byte) data;
          continue;
        }
      }
      data = (data << 6) | bits;
      buffer[n++] = (byte) (data >> 16);
      buffer[n++] = (byte) (data >> 8);
      buffer[n++] = (byte) data;
    }
    if (n > 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static int bits(int c) {
    return c < 128 ? BITS[c] : -1;
  }

  /**
   * The value of an escaped character at {@code index} (0-3) of a block; -1 for white space before
   * a block. Jackson's rules, quirks included: an escaped {@code =} is padding anywhere.
   */
  private static int escaped(JsonInput r, int ch, int index) throws IOException {
    if (ch != '\\') {
      throw invalid(r, ch, index, null);
    }
    int unescaped = r.escape();
    if (unescaped <= ' ' && index == 0) {
      return -1;
    }
    int bits = bits(unescaped);
    if (bits < 0 && bits != PADDING) {
      throw invalid(r, unescaped, index, null);
    }
    return bits;
  }

  private static IllegalArgumentException invalid(JsonInput r, int ch, int index, String why) {
    String what =
        ch <= ' '
            ? String.format("white space (code 0x%X) inside a block of four characters", ch)
            : String.format(
                "%s is not base64 (character %d of a block of four)",
                ch >= 0x21 && ch < 0x7F
                    ? "'" + (char) ch + "'"
                    : String.format("the character of code 0x%X", ch),
                index + 1);
    return new IllegalArgumentException(
        what + (why == null ? "" : ": " + why) + r.where(r.position() - 1));
  }
}
