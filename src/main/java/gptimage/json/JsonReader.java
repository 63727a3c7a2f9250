package gptimage.json;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A strict RFC 8259 pull parser over UTF-8: no comments, single quotes, NaN, leading zeros,
 * trailing commas or unescaped control characters; nesting at most {@value #MAX_DEPTH} levels,
 * numbers at most 1000 digits, field names at most 50,000 bytes (Jackson's default limits, which
 * this replaces for reading; strings have no limit). Top-level values may follow each other (JSON
 * Lines); {@link #expectEnd()} insists there is nothing after the first.
 *
 * <p>A string value's content is read only when asked: {@link #string()} makes it a {@code String},
 * {@link #readBase64} decodes it as base64 straight into a stream, and {@link #next()} skips it.
 * Integers are {@code Long}, or {@code BigInteger} beyond its range; a number with a fraction or an
 * exponent is a {@code BigDecimal}, so that class is initialised only when a document has one (its
 * start-up costs ~15 ms on JDK 25).
 *
 * <p>Errors are {@link Json.JsonFormatException}s naming the problem, line and column (columns
 * count bytes for a stream, characters for a {@code String}); {@link
 * Json.JsonFormatException#cutOff()} tells an input that ended too soon. Not thread-safe.
 */
public final class JsonReader implements Closeable {
  /** What {@link #next()} found. */
  public enum Token {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  /** The deepest nesting of objects and arrays read, as Jackson's default. */
  public static final int MAX_DEPTH = 1000;

  static final int MAX_NUMBER_LENGTH = 1000;
  static final int MAX_NAME_LENGTH = 50_000;

  private final InputStream in; // null when reading a String's bytes, all in buf
  private byte[] buf;
  private int pos;
  private int limit;
  private long bufStart; // offset in the input of buf[0]
  private long lineStart;
  private int line = 1;

  private final boolean[] inObject = new boolean[MAX_DEPTH];
  private int depth;
  private Token current;
  private boolean stringPending; // the current STRING's content is not read yet
  private String name;
  private String string;
  private Number number;
  private String decimal; // the text of the current number with a fraction or exponent
  private char[] chars = new char[64];
  private int charCount;

  private JsonReader(InputStream in, byte[] buf, int limit) {
    this.in = in;
    this.buf = buf;
    this.limit = limit;
  }

  /** A reader of the JSON text {@code text}. */
  public static JsonReader of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new JsonReader(null, bytes, bytes.length);
  }

  /** A reader of UTF-8 JSON from {@code in} (a byte order mark is skipped), closing it on close. */
  public static JsonReader of(InputStream in) throws IOException {
    JsonReader r = new JsonReader(in, new byte[1 << 14], 0);
    if (r.peek() == 0xEF && r.fill(3) && r.buf[r.pos + 1] == (byte) 0xBB) {
      if (r.buf[r.pos + 2] == (byte) 0xBF) {
        r.pos += 3;
        r.lineStart = 3;
      }
    }
    return r;
  }

  /** The token last returned by {@link #next()}, null before the first and at the end. */
  public Token current() {
    return current;
  }

  /** The field name, where the current token is {@link Token#FIELD_NAME}. */
  public String name() {
    return name;
  }

  /**
   * The number, where the current token is {@link Token#NUMBER}: a {@code Long}, a {@code
   * BigInteger}, or (with a fraction or exponent) a {@code BigDecimal}.
   */
  public Number number() {
    if (number == null && decimal != null) {
      number = NumberText.decimal(this, decimal);
    }
    return number;
  }

  /** Whether the current {@link Token#NUMBER} has a fraction or an exponent. */
  public boolean fractional() {
    return decimal != null;
  }

  /**
   * The number as a {@code double}, where the current token is {@link Token#NUMBER}; made without a
   * {@code BigDecimal}, so reading a few prices does not pay for that class's start-up.
   */
  public double doubleValue() {
    return decimal != null ? Double.parseDouble(decimal) : number.doubleValue();
  }

  /** The current {@link Token#STRING}'s value (read on the first call). */
  public String string() throws IOException {
    if (stringPending) {
      stringPending = false;
      readString(true);
      string = new String(chars, 0, charCount);
    }
    return string;
  }

  /**
   * Decodes the current {@link Token#STRING}, which must not have been read yet, as base64 into
   * {@code out}, as Jackson's {@code readBinaryValue} reads MIME base64 with optional padding.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException where the value is not base64
   */
  public long readBase64(OutputStream out) throws IOException {
    if (!stringPending) {
      throw new IllegalStateException("no unread string");
    }
    stringPending = false;
    return Base64Value.read(this, out);
  }

  /**
   * Decodes {@code base64} (base64 characters and padding, as a data URL holds) by the rules of
   * {@link #readBase64} into {@code out}.
   *
   * @throws IllegalArgumentException where it is not base64
   */
  public static long decodeBase64(String base64, OutputStream out) throws IOException {
    JsonReader r = of('"' + base64 + '"');
    r.next();
    return r.readBase64(out);
  }

  /** The line (from 1) of the next byte to read. */
  public int line() {
    return line;
  }

  /** The column (from 1) of the next byte to read. */
  public long column() {
    return columnOf(pos);
  }

  /**
   * Reads the next token.
   *
   * @return null where the input ends after a whole top-level value (or is empty)
   */
  public Token next() throws IOException {
    if (stringPending) {
      stringPending = false;
      readString(false);
    }
    int c = skipSpace();
    if (depth == 0) {
      if (c < 0) {
        return current = null;
      }
      return value(c);
    }
    boolean object = inObject[depth - 1];
    if (c < 0) {
      throw cutOff("the input ended inside an " + (object ? "object" : "array"));
    }
    Token was = current;
    if (object) {
      if (was == Token.FIELD_NAME) {
        if (c != ':') {
          throw unexpected(c, "':' after a field name");
        }
        pos++;
        c = skipSpace();
        return c < 0 ? cutOffAfter("':'") : value(c);
      }
      if (c == '}') {
        pos++;
        depth--;
        return current = Token.END_OBJECT;
      }
      if (was != Token.START_OBJECT) {
        if (c != ',') {
          throw unexpected(c, "',' or '}' after an object's value");
        }
        pos++;
        c = skipSpace();
        if (c < 0) {
          return cutOffAfter("','");
        }
      }
      if (c != '"') {
        throw unexpected(c, "a field name in double quotes");
      }
      pos++;
      readString(true);
      if (charCount > MAX_NAME_LENGTH) {
        throw error("a field name is longer than " + MAX_NAME_LENGTH + " characters", pos - 1);
      }
      name = new String(chars, 0, charCount);
      return current = Token.FIELD_NAME;
    }
    if (c == ']') {
      pos++;
      depth--;
      return current = Token.END_ARRAY;
    }
    if (was != Token.START_ARRAY) {
      if (c != ',') {
        throw unexpected(c, "',' or ']' after an array's value");
      }
      pos++;
      c = skipSpace();
      if (c < 0) {
        return cutOffAfter("','");
      }
    }
    return value(c);
  }

  /** Insists that only white space follows the value read. */
  public void expectEnd() throws IOException {
    if (stringPending) {
      stringPending = false;
      readString(false);
    }
    int c = skipSpace();
    if (c >= 0) {
      throw unexpected(c, "the end of the input after the JSON value");
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }

  private Token value(int c) throws IOException {
    switch (c) {
      case '{', '[' -> {
        if (depth == MAX_DEPTH) {
          throw error("the JSON is nested more than " + MAX_DEPTH + " levels deep", pos);
        }
        pos++;
        inObject[depth++] = c == '{';
        return current = c == '{' ? Token.START_OBJECT : Token.START_ARRAY;
      }
      case '"' -> {
        pos++;
        stringPending = true;
        string = null;
        return current = Token.STRING;
      }
      case 't' -> {
        return literal("true", Token.TRUE);
      }
      case 'f' -> {
        return literal("false", Token.FALSE);
      }
      case 'n' -> {
        return literal("null", Token.NULL);
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          Object read = NumberText.read(this);
          number = read instanceof Number n ? n : null;
          decimal = read instanceof String text ? text : null;
          if (depth == 0) {
            int after = peek();
            if (after >= 0 && after != ' ' && after != '\t' && after != '\n' && after != '\r') {
              throw unexpected(after, "white space after a top-level number");
            }
          }
          return current = Token.NUMBER;
        }
        throw unexpected(c, "a JSON value");
      }
    }
  }

  private Token literal(String word, Token token) throws IOException {
    int start = pos;
    for (int i = 0; i < word.length(); i++) {
      int c = peek();
      if (c != word.charAt(i)) {
        if (c < 0) {
          throw cutOff("the input ended inside '" + word + "'");
        }
        throw error("unrecognized token (expected '" + word + "')", start);
      }
      pos++;
    }
    int c = peek();
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
      throw error("unrecognized token (expected '" + word + "')", start);
    }
    if (c >= 0x7F) {
      throw error("unrecognized token (expected '" + word + "')", start);
    }
    return current = token;
  }

  /** Reads a string's content after its opening quote into {@code chars} (or just checks it). */
  private void readString(boolean keep) throws IOException {
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
        }
      } else {
        throw error(
            String.format("control character U+%04X must be escaped in a string", b), pos - 1);
      }
    }
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
  private int skipSpace() throws IOException {
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

  private Json.JsonFormatException unexpected(int c, String expected) {
    return error("expected " + expected + ", got " + describe(c), pos);
  }

  private Token cutOffAfter(String what) {
    throw cutOff("the input ended after " + what);
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
