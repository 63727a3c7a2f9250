package gptimage.json;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A strict RFC 8259 pull parser over UTF-8: no comments, single quotes, NaN, leading zeros,
 * trailing commas or unescaped control characters; nesting at most {@value #MAX_DEPTH} levels,
 * numbers at most 1000 digits, field names at most 50,000 characters (Jackson's default limits,
 * which this replaces for reading; strings have no limit). UTF-8 only, as RFC 8259 asks (Jackson
 * also detected UTF-16 and UTF-32). Top-level values may follow each other (JSON Lines); {@link
 * #expectEnd()} insists there is nothing after the first.
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

  private final JsonInput in;
  private final boolean[] inObject = new boolean[MAX_DEPTH];
  private int depth;
  private Token current;
  private boolean stringPending; // the current STRING's content is not read yet
  private String name;
  private String string;
  private Number number;
  private String decimal; // the text of the current number with a fraction or exponent

  private JsonReader(JsonInput in) {
    this.in = in;
  }

  /** A reader of the JSON text {@code text}. */
  public static JsonReader of(String text) {
    return new JsonReader(JsonInput.of(text));
  }

  /** A reader of UTF-8 JSON from {@code in} (a byte order mark is skipped), closing it on close. */
  public static JsonReader of(InputStream in) throws IOException {
    return new JsonReader(JsonInput.of(in));
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
      number = NumberText.decimal(in, decimal);
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
      in.readString(true);
      string = new String(in.chars, 0, in.charCount);
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
    return Base64Value.read(in, out);
  }

  /**
   * Decodes {@code base64} (base64 characters and padding, as a data URL holds) by the rules of
   * {@link #readBase64} into {@code out}.
   *
   * @throws IllegalArgumentException where it is not base64
   */
  public static long decodeBase64(String base64, OutputStream out) throws IOException {
    if (base64.indexOf('"') >= 0 || base64.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a quote or a backslash is not base64");
    }
    JsonReader r = of('"' + base64 + '"');
    r.next();
    return r.readBase64(out);
  }

  /** A format error about the current token, at the reader's position. */
  Json.JsonFormatException problem(String what) {
    return in.error(what, in.position());
  }

  /** The line (from 1) of the next byte to read. */
  public int line() {
    return in.line();
  }

  /** The column (from 1) of the next byte to read. */
  public long column() {
    return in.column();
  }

  /**
   * Reads the next token.
   *
   * @return null where the input ends after a whole top-level value (or is empty)
   */
  public Token next() throws IOException {
    if (stringPending) {
      stringPending = false;
      in.readString(false);
    }
    int c = in.skipSpace();
    if (depth == 0) {
      if (c < 0) {
        return current = null;
      }
      return value(c);
    }
    boolean object = inObject[depth - 1];
    if (c < 0) {
      throw in.cutOff("the input ended inside an " + (object ? "object" : "array"));
    }
    Token was = current;
    if (object) {
      if (was == Token.FIELD_NAME) {
        if (c != ':') {
          throw unexpected(c, "':' after a field name");
        }
        in.skip();
        c = in.skipSpace();
        return c < 0 ? cutOffAfter("':'") : value(c);
      }
      if (c == '}') {
        in.skip();
        depth--;
        return current = Token.END_OBJECT;
      }
      if (was != Token.START_OBJECT) {
        c = comma(c, "',' or '}' after an object's value");
        if (c < 0) {
          return cutOffAfter("','");
        }
      }
      if (c != '"') {
        throw unexpected(c, "a field name in double quotes");
      }
      in.skip();
      in.readString(true, MAX_NAME_LENGTH);
      name = new String(in.chars, 0, in.charCount);
      return current = Token.FIELD_NAME;
    }
    if (c == ']') {
      in.skip();
      depth--;
      return current = Token.END_ARRAY;
    }
    if (was != Token.START_ARRAY) {
      c = comma(c, "',' or ']' after an array's value");
      if (c < 0) {
        return cutOffAfter("','");
      }
    }
    return value(c);
  }

  /**
   * Past the ',' that must be {@code c} (else {@code expected} names what was wanted): the next
   * character that is not white space, or -1 at the end of the input.
   */
  private int comma(int c, String expected) throws IOException {
    if (c != ',') {
      throw unexpected(c, expected);
    }
    in.skip();
    return in.skipSpace();
  }

  /** Insists that only white space follows the value read. */
  public void expectEnd() throws IOException {
    if (stringPending) {
      stringPending = false;
      in.readString(false);
    }
    int c = in.skipSpace();
    if (c >= 0) {
      throw unexpected(c, "the end of the input after the JSON value");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private Token value(int c) throws IOException {
    switch (c) {
      case '{', '[' -> {
        if (depth == MAX_DEPTH) {
          throw in.error(
              "the JSON is nested more than " + MAX_DEPTH + " levels deep", in.position());
        }
        in.skip();
        inObject[depth++] = c == '{';
        return current = c == '{' ? Token.START_OBJECT : Token.START_ARRAY;
      }
      case '"' -> {
        in.skip();
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
          Object read = NumberText.read(in);
          number = read instanceof Number n ? n : null;
          decimal = read instanceof String text ? text : null;
          if (depth == 0) {
            int after = in.peek();
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
    int start = in.position();
    for (int i = 0; i < word.length(); i++) {
      int c = in.peek();
      if (c != word.charAt(i)) {
        if (c < 0) {
          throw in.cutOff("the input ended inside '" + word + "'");
        }
        throw in.error("unrecognized token (expected '" + word + "')", start);
      }
      in.skip();
    }
    int c = in.peek(); // "truex" is one unknown token, as Jackson reads it
    if ((c >= '0' && c <= '9')
        || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || c == '_'
        || c >= 0x7F) {
      throw in.error("unrecognized token (expected '" + word + "')", start);
    }
    return current = token;
  }

  private Json.JsonFormatException unexpected(int c, String expected) {
    return in.error("expected " + expected + ", got " + JsonInput.describe(c), in.position());
  }

  private Token cutOffAfter(String what) {
    throw in.cutOff("the input ended after " + what);
  }
}
