package gptimage.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes under a {@link JsonReader}: a buffer over a stream (or a {@code String}'s UTF-8), white
 * space, strings with their escapes and UTF-8 (strictly: no overlong forms, no encoded surrogates),
 * and where each byte is, for messages. Columns count bytes for a stream, characters for a {@code
 * String}.
 */
final class JsonInput {
  private final InputStream in; // null when reading a String's bytes, all in buf
  private final byte[] buf;
  private int pos;
  private int limit;
  private long bufStart; // offset in the input of buf[0]
  private long lineStart;
  private int line = 1;

  /** The content of the last string read. */
  char[] chars = new char[64];

  int charCount;

  private JsonInput(InputStream in, byte[] buf, int limit) {
    this.in = in;
    this.buf = buf;
    this.limit = limit;
  }

  static JsonInput of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new JsonInput(null, bytes, bytes.length);
  }

  /** UTF-8 from {@code in}, a byte order mark skipped. */
  static JsonInput of(InputStream in) throws IOException {
    JsonInput r = new JsonInput(in, new byte[1 << 14], 0);
    if (r.peek() == 0xEF && r.fill(3) && r.buf[r.pos + 1] == (byte) 0xBB) {
      if (r.buf[r.pos + 2] == (byte) 0xBF) {
        r.pos += 3;
        r.lineStart = 3;
      }
    }
    return r;
  }

  int line() {
    return line;
  }

  long column() {
    return columnOf(pos);
  }

  void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }

  /** Reads a string's content after its opening quote into {@code chars} (or just checks it). */
  void readString(boolean keep) throws IOException {
    readString(keep, Integer.MAX_VALUE);
  }

  /**
   * As {@link #readString(boolean)}, refusing a field name at once where it grows beyond {@code
   * maxChars}, so that an endless one is not read to its end first.
   */
  void readString(boolean keep, int maxChars) throws IOException {
    charCount = 0;
    while (true) {
      if (pos == limit && !fill(1)) {
        throw cutOff("the input ended inside a string");
      }
      int b = buf[pos++];
      if (b >= 0x20) {
        if (b == '"') {
          return;
        }
        if (b == '\\') {
          b = escape();
        }
        if (keep) {
          append((char) b);
          if (charCount > maxChars) {
            throw nameTooLong(maxChars);
          }
        }
      } else if (b < 0) {
        int cp = utf8(b);
        if (keep) {
          if (cp >= 0x10000) {
            append(Character.highSurrogate(cp));
            append(Character.lowSurrogate(cp));
          } else {
            append((char) cp);
          }
          if (charCount > maxChars) {
            throw nameTooLong(maxChars);
          }
        }
      } else {
        throw error(
            String.format("control character U+%04X must be escaped in a string", b), pos - 1);
      }
    }
  }

  private Json.JsonFormatException nameTooLong(int maxChars) {
    return error("a field name is longer than " + maxChars + " characters", pos - 1);
  }

  private void append(char c) {
    if (charCount == chars.length) {
      chars = java.util.Arrays.copyOf(chars, chars.length * 2);
    }
    chars[charCount++] = c;
  }

  /** Decodes one multi-byte UTF-8 character whose first byte was just read. */
  private int utf8(int first) throws IOException {
    int at = pos - 1;
    int b = first & 0xFF;
    int more;
    int cp;
    int min;
    if ((b & 0xE0) == 0xC0) {
      more = 1;
      cp = b & 0x1F;
      min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      more = 2;
      cp = b & 0x0F;
      min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      more = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      throw error(String.format("byte 0x%02X is not UTF-8", b), at);
    }
    for (int i = 0; i < more; i++) {
      int next = peek();
      if (next < 0) {
        throw cutOff("the input ended inside a UTF-8 character");
      }
      if ((next & 0xC0) != 0x80) {
        throw error(String.format("byte 0x%02X starts no UTF-8 character", b), at);
      }
      pos++;
      cp = cp << 6 | (next & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw error("bytes that are not UTF-8", at);
    }
    return cp;
  }

  /** Decodes an escape after its backslash: one UTF-16 unit, as JSON strings are made of. */
  int escape() throws IOException {
    int c = nextInString();
    switch (c) {
      case '"', '\\', '/' -> {
        return c;
      }
      case 'b' -> {
        return '\b';
      }
      case 'f' -> {
        return '\f';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 't' -> {
        return '\t';
      }
      case 'u' -> {
        int value = 0;
        for (int i = 0; i < 4; i++) {
          int h = nextInString();
          int digit = Character.digit(h, 16);
          if (digit < 0 || h > 'f') {
            throw error("a \\u escape needs four hex digits, got " + describe(h), pos - 1);
          }
          value = value << 4 | digit;
        }
        return value;
      }
      default -> throw error("\\" + describe(c) + " is not a JSON escape", pos - 2);
    }
  }

  /** The next byte of a string (0-255), which must be there. */
  int nextInString() throws IOException {
    if (pos == limit && !fill(1)) {
      throw cutOff("the input ended inside a string");
    }
    return buf[pos++] & 0xFF;
  }

  /** The next byte (0-255) without taking it, or -1 at the end. */
  int peek() throws IOException {
    if (pos == limit && !fill(1)) {
      return -1;
    }
    return buf[pos] & 0xFF;
  }

  void skip() {
    pos++;
  }

  /** Skips white space; the next byte (not taken) or -1 at the end. */
  int skipSpace() throws IOException {
    while (true) {
      if (pos == limit && !fill(1)) {
        return -1;
      }
      int c = buf[pos];
      if (c == ' ' || c == '\t') {
        pos++;
      } else if (c == '\n' || c == '\r') {
        pos++;
        if (c == '\r' && peek() == '\n') {
          pos++;
        }
        line++;
        lineStart = bufStart + pos;
      } else {
        return c & 0xFF;
      }
    }
  }

  /** Makes at least {@code n} bytes available from {@code pos}; false where the input ends. */
  private boolean fill(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (in == null) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      bufStart += pos;
      limit -= pos;
      pos = 0;
    }
    while (limit < n) {
      int got = in.read(buf, limit, buf.length - limit);
      if (got < 0) {
        return false;
      }
      limit += got;
    }
    return true;
  }

  private long columnOf(int at) {
    long start = lineStart - bufStart;
    if (in != null || start < 0) {
      return bufStart + at - lineStart + 1;
    }
    long column = 1; // a String's: count characters, not the bytes of UTF-8 sequences
    for (int i = (int) start; i < at && i < limit; i++) {
      if ((buf[i] & 0xC0) != 0x80) {
        column += (buf[i] & 0xF8) == 0xF0 ? 2 : 1;
      }
    }
    return column;
  }

  static String describe(int c) {
    if (c >= 0x21 && c < 0x7F) {
      return "'" + (char) c + "'";
    }
    return String.format(c < 0x80 ? "U+%04X" : "byte 0x%02X", c);
  }

  /** " (line L, column C)" for the byte at {@code at}. */
  String where(int at) {
    return " (line " + line + ", column " + columnOf(at) + ")";
  }

  Json.JsonFormatException error(String problem, int at) {
    return new Json.JsonFormatException(problem, line, columnOf(at), false);
  }

  Json.JsonFormatException cutOff(String problem) {
    return new Json.JsonFormatException(problem, line, columnOf(pos), true);
  }

  int position() {
    return pos;
  }
}
