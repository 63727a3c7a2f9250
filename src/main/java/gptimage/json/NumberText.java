package gptimage.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a JSON number for the {@link JsonReader}: {@code -? (0 | [1-9][0-9]*) (.[0-9]+)?
 * ([eE][+-]?[0-9]+)?}, at most {@value JsonReader#MAX_NUMBER_LENGTH} digits. An integer is a {@code
 * Long}, or a {@code BigInteger} beyond its range; any other number a {@code BigDecimal}.
 */
final class NumberText {
  private NumberText() {}

  /** An integer as a {@code Long} or {@code BigInteger}; any other number as its text. */
  static Object read(JsonInput r) throws IOException {
    StringBuilder s = new StringBuilder(20);
    int c = r.peek();
    if (c == '-') {
      s.append('-');
      r.skip();
      c = r.peek();
      if (!digit(c)) {
        throw problem(r, c, "a digit after '-'");
      }
    }
    int intLength = digits(r, s);
    if (intLength > 1 && s.charAt(s.length() - intLength) == '0') {
      throw r.error("a number may not start with 0 and another digit", r.position() - intLength);
    }
    c = r.peek();
    int fractionLength = 0;
    int exponentLength = 0;
    boolean decimal = false;
    if (c == '.') {
      decimal = true;
      s.append('.');
      r.skip();
      fractionLength = digits(r, s);
      if (fractionLength == 0) {
        throw problem(r, r.peek(), "a digit after the decimal point");
      }
      c = r.peek();
    }
    if (c == 'e' || c == 'E') {
      decimal = true;
      s.append('e');
      r.skip();
      c = r.peek();
      if (c == '+' || c == '-') {
        s.append((char) c);
        r.skip();
      }
      exponentLength = digits(r, s);
      if (exponentLength == 0) {
        throw problem(r, r.peek(), "a digit in the exponent");
      }
    }
    if (intLength + fractionLength + exponentLength > JsonReader.MAX_NUMBER_LENGTH) {
      throw r.error(
          "a number is longer than " + JsonReader.MAX_NUMBER_LENGTH + " digits", r.position());
    }
    String text = s.toString();
    if (decimal) {
      return text;
    }
    if (intLength <= 18) {
      return Long.parseLong(text);
    }
    BigInteger big = new BigInteger(text);
    return big.bitLength() < 64 ? (Number) big.longValue() : big;
  }

  /** A number with a fraction or exponent as the {@code BigDecimal} it reads as. */
  static BigDecimal decimal(JsonInput r, String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw r.error("the number " + text + " is out of range", r.position());
    }
  }

  /**
   * Takes digits into {@code s}; how many. Refuses at once a run beyond the limit, so that an
   * endless number is not read to its end first.
   */
  private static int digits(JsonInput r, StringBuilder s) throws IOException {
    int n = 0;
    for (int c = r.peek(); digit(c); c = r.peek()) {
      if (++n > JsonReader.MAX_NUMBER_LENGTH) {
        throw r.error(
            "a number is longer than " + JsonReader.MAX_NUMBER_LENGTH + " digits", r.position());
      }
      s.append((char) c);
      r.skip();
    }
    return n;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  private static RuntimeException problem(JsonInput r, int c, String expected) {
    if (c < 0) {
      return r.cutOff("the input ended inside a number");
    }
    return r.error(
        "expected " + expected + " in a number, got " + JsonInput.describe(c), r.position());
  }
}
