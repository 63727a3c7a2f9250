package gptimage.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonReader} (through {@link Json#parse}) against Jackson's parser, the oracle: every
 * document must give the same tree (same types, same key order) or be refused by both, read from a
 * {@code String}, from bytes in one piece and from bytes a few at a time. Hand-written edge cases,
 * then seeded random documents and corruptions of them. A failure names its seed; rerun one with
 * {@code -Djson.seed=N -Djson.cases=1}.
 */
class JsonReaderTest {
  private static final String[] EDGES = {
    "{}",
    "[]",
    "[[]]",
    "{\"a\":{}}",
    " \t\r\n{ \"a\" : [ 1 , 2 ] }\r\n ",
    "\"\"",
    "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"",
    "\"\\u0041\\u00e9\\u4E2D\\uD83D\\uDE00\"",
    "\"\\uD800\"",
    "\"\\uDC00\\uD800x\"",
    "\"é中😀\"",
    "\"\u007f\"",
    "0",
    "-0",
    "-0.0",
    "1",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "1.5",
    "1e5",
    "1E5",
    "1e+5",
    "1e-5",
    "1.25E-300",
    "1e400",
    "0.000000000000000000000000000001",
    "-12.50e+01",
    "1e2147483647",
    "1e2147483648",
    "1e-2147483649",
    "true",
    "false",
    "null",
    "[true,false,null]",
    "{\"a\":1,\"a\":2}",
    "{\"b\":1,\"a\":2,\"c\":{\"z\":[{}]}}",
    "{\"\":\"\"}",
    "\ufeff{}",
    // refused
    "",
    " ",
    "{",
    "[",
    "[1,]",
    "{\"a\":1,}",
    "[,1]",
    "{,}",
    "{'a':1}",
    "['a']",
    "{a:1}",
    "{\"a\" 1}",
    "{\"a\":}",
    "[1 2]",
    "01",
    "-01",
    "00",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "-",
    "--1",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "tru",
    "truex",
    "true1",
    "nul",
    "nulll",
    "True",
    "[true false]",
    "\"a",
    "\"a\\\"",
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\u12G4\"",
    "\"a\nb\"",
    "\"a\tb\"",
    "\"\u0000\"",
    "/* c */ {}",
    "{} // c",
    "# c\n{}",
    "{}{}",
    "{} x",
    "1 2",
    "1}",
    "[1]]",
    "{\"a\":1}}",
    "\u000b{}",
    "\f{}",
    "[\"a\"\"b\"]",
  };

  @Test
  void handWrittenEdgesReadAsJacksonReadsThem() throws Exception {
    for (String doc : EDGES) {
      compare(doc, new Random(doc.hashCode()), "edge " + quote(doc));
    }
  }

  @Test
  void numbersAtJacksonsLengthLimit() throws Exception {
    String digits = "7".repeat(1000);
    for (String doc :
        List.of(
            digits,
            digits + "7",
            "-" + digits,
            "1." + "5".repeat(998),
            "1." + "5".repeat(999),
            "1e" + "0".repeat(998),
            "1e+" + "0".repeat(999),
            "1.5e-" + "0".repeat(997),
            "1.5e-" + "0".repeat(998))) {
      compare(doc, new Random(1), "number of " + doc.length() + " characters");
    }
  }

  @Test
  void namesAtJacksonsLengthLimit() throws Exception {
    for (int n : new int[] {49_999, 50_000, 50_001}) {
      compare("{\"" + "k".repeat(n) + "\":1}", new Random(n), "a name of " + n);
    }
  }

  @Test
  void nestingUpToJacksonsLimitParsesOnASmallStack() throws Exception {
    for (int depth : new int[] {999, 1000, 1001}) {
      String arrays = "[".repeat(depth) + "]".repeat(depth);
      String objects = "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
      String odd = depth % 2 == 1 ? "[]" : "null";
      String mixed = "[{\"a\":".repeat(depth / 2) + odd + "}]".repeat(depth / 2);
      for (String doc : List.of(arrays, objects, mixed)) {
        compare(doc, new Random(depth), "nested " + depth);
        AtomicReference<Object> tree = new AtomicReference<>();
        // The command runs with -Xss512k; the reader must need no deep stack of its own.
        Thread small =
            new Thread(
                null,
                () -> {
                  try {
                    tree.set(Json.parse(new ByteArrayInputStream(doc.getBytes())));
                  } catch (Throwable e) {
                    tree.set(e);
                  }
                },
                "small-stack",
                128 * 1024);
        small.start();
        small.join();
        if (depth <= 1000) {
          assertEquals(canon(Json.parse(doc)), canon(tree.get()), "nested " + depth);
        } else {
          assertTrue(tree.get() instanceof Json.JsonFormatException, String.valueOf(tree.get()));
        }
      }
    }
    Json.JsonFormatException e =
        assertThrows(
            Json.JsonFormatException.class, () -> Json.parse("[".repeat(1001) + "]".repeat(1001)));
    assertEquals(
        "the JSON is nested more than 1000 levels deep (line 1, column 1001)", e.getMessage());
  }

  @Test
  void messagesNameTheProblemAndWhereItIs() {
    String[][] table = {
      {"{bad", "expected a field name in double quotes, got 'b' (line 1, column 2)"},
      {"{\"p\":\"q\",}", "expected a field name in double quotes, got '}' (line 1, column 10)"},
      {"[1,\n 2,\n x]", "expected a JSON value, got 'x' (line 3, column 2)"},
      {
        "{\"a\":1}\n\n  {",
        "expected the end of the input after the JSON value, got '{' (line 3, column 3)"
      },
      {"\"é\u0001\"", "control character U+0001 must be escaped in a string (line 1, column 3)"},
      {"[01]", "a number may not start with 0 and another digit (line 1, column 2)"},
      {"\"\\q\"", "\\'q' is not a JSON escape (line 1, column 2)"},
      {"[tru]", "unrecognized token (expected 'true') (line 1, column 2)"},
      {"[1", "the input ended inside an array (line 1, column 3)"},
      {"{\"a\":\"b", "the input ended inside a string (line 1, column 8)"},
      {"  ", "the document is empty (line 1, column 3)"},
    };
    for (String[] row : table) {
      Json.JsonFormatException e =
          assertThrows(Json.JsonFormatException.class, () -> Json.parse(row[0]), row[0]);
      assertEquals(row[1], e.getMessage(), row[0]);
    }
  }

  @Test
  void anInputThatEndsTooSoonIsCutOffNotWrong() throws Exception {
    String doc =
        "{\"data\":[{\"b64_json\":\"aGk=\",\"n\":-12.5e3,\"t\":true,\"u\":\"\\u00e9\"}],\"x\":null}";
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] part = java.util.Arrays.copyOf(bytes, cut);
      Json.JsonFormatException e =
          assertThrows(
              Json.JsonFormatException.class, () -> Json.parse(new ByteArrayInputStream(part)));
      assertTrue(e.cutOff(), cut + ": " + e.getMessage());
    }
    assertTrue(!assertThrows(Json.JsonFormatException.class, () -> Json.parse("[1,]")).cutOff());
  }

  @Test
  void topLevelValuesInSequenceAsJacksonReadsThem() throws Exception {
    for (String doc :
        List.of("{}{}", "{} {}\n[1]", "1 2", "1\n2\r\n", "\"a\"\"b\"", "1[]", "[]1", "true{}")) {
      String want;
      try (JsonParser p = Json.FACTORY.createParser(doc)) {
        List<Object> all = new ArrayList<>();
        while (p.nextToken() != null) {
          all.add(JacksonOracle.read(p));
        }
        want = canon(all);
      } catch (JsonProcessingException e) {
        want = "refused";
      }
      String got;
      try (JsonReader r = JsonReader.of(doc)) {
        List<Object> all = new ArrayList<>();
        while (r.next() != null) {
          all.add(Json.read(r));
        }
        got = canon(all);
      } catch (Json.JsonFormatException e) {
        got = "refused";
      }
      assertEquals(want, got, doc);
    }
  }

  @Test
  void randomDocumentsAndTheirCorruptionsReadAsJacksonReadsThem() throws Exception {
    long first = Long.getLong("json.seed", 20261126L);
    int cases = Integer.getInteger("json.cases", 2000);
    int refused = 0;
    for (int i = 0; i < cases; i++) {
      long seed = first + i;
      Random random = new Random(seed);
      String doc = new Documents(random).document();
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      compare(bytes, random, "seed " + seed);
      for (int k = 0; k < 4; k++) {
        byte[] bad = corrupt(bytes, random);
        if (!compare(bad, random, "seed " + seed + " corruption " + k)) {
          refused++;
        }
      }
    }
    assertTrue(refused > cases, "the corruptions must mostly be refused: " + refused);
  }

  private static final String SYNTAX = "{}[],:\"\\ 0-.eE+tfnu/";

  /** Truncation, a flipped byte, a stray comma, a dropped or doubled byte. */
  private static byte[] corrupt(byte[] doc, Random random) {
    int at = random.nextInt(doc.length + 1);
    byte[] out;
    switch (random.nextInt(5)) {
      case 0 -> out = java.util.Arrays.copyOf(doc, at);
      case 1 -> {
        out = doc.clone();
        if (at < out.length) {
          out[at] =
              random.nextInt(4) == 0
                  ? (byte) random.nextInt(256)
                  : (byte) SYNTAX.charAt(random.nextInt(SYNTAX.length()));
        }
      }
      case 2 -> out = insert(doc, at, (byte) ',');
      case 3 -> out = at < doc.length ? remove(doc, at) : doc;
      default -> out = at < doc.length ? insert(doc, at, doc[at]) : doc;
    }
    return out;
  }

  private static byte[] insert(byte[] doc, int at, byte b) {
    byte[] out = new byte[doc.length + 1];
    System.arraycopy(doc, 0, out, 0, at);
    out[at] = b;
    System.arraycopy(doc, at, out, at + 1, doc.length - at);
    return out;
  }

  private static byte[] remove(byte[] doc, int at) {
    byte[] out = new byte[doc.length - 1];
    System.arraycopy(doc, 0, out, 0, at);
    System.arraycopy(doc, at + 1, out, at, out.length - at);
    return out;
  }

  private static void compare(String doc, Random random, String what) throws Exception {
    compare(doc.getBytes(StandardCharsets.UTF_8), random, what);
    String want = oracle(() -> JacksonOracle.parse(doc));
    String got = ours(() -> Json.parse(doc));
    if (!want.equals(got)) {
      fail(what + " read from a String: Jackson " + want + ", ours " + got);
    }
  }

  /** Compares the byte reads; true when both accepted. */
  private static boolean compare(byte[] doc, Random random, String what) throws Exception {
    String want = oracle(() -> JacksonOracle.parse(doc));
    String whole = ours(() -> Json.parse(new ByteArrayInputStream(doc)));
    String trickled = ours(() -> Json.parse(trickle(doc, 1 + random.nextInt(7))));
    if (!whole.equals(trickled)) {
      fail(what + ": read whole " + whole + ", a few bytes at a time " + trickled);
    }
    if (!want.equals(whole)) {
      // The one known difference: malformed UTF-8 that Jackson decodes leniently (overlong forms,
      // encoded surrogates, bytes past U+10FFFF) is refused here, as RFC 8259 wants.
      if (whole.startsWith("refused") && !validUtf8(doc)) {
        return false;
      }
      fail(what + ": Jackson " + want + ", ours " + whole + "\n" + quote(latin1(doc)));
    }
    return !want.startsWith("refused");
  }

  private interface Read {
    Object read() throws Exception;
  }

  private static String oracle(Read read) {
    try {
      return canon(read.read());
    } catch (IOException e) {
      return "refused";
    } catch (NumberFormatException e) {
      return "refused"; // an exponent beyond BigDecimal's: Jackson let this escape unchecked
    } catch (Exception e) {
      throw new AssertionError("Jackson threw " + e, e);
    }
  }

  private static String ours(Read read) {
    try {
      return canon(read.read());
    } catch (Json.JsonFormatException e) {
      assertTrue(e.getMessage().matches("(?s).+ \\(line \\d+, column \\d+\\)"), e.getMessage());
      return "refused";
    } catch (Exception | StackOverflowError e) {
      throw new AssertionError("threw " + e, e);
    }
  }

  /** The tree with its types and key order spelled out. */
  static String canon(Object v) {
    StringBuilder b = new StringBuilder();
    canon(v, b);
    return b.toString();
  }

  private static void canon(Object v, StringBuilder b) {
    if (v instanceof Map<?, ?> m) {
      b.append('{');
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(quote((String) e.getKey())).append(':');
        canon(e.getValue(), b);
        b.append(',');
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (Object x : l) {
        canon(x, b);
        b.append(',');
      }
      b.append(']');
    } else if (v instanceof String s) {
      b.append(quote(s));
    } else if (v instanceof BigDecimal d) {
      b.append("D").append(d.unscaledValue()).append('/').append(d.scale());
    } else if (v instanceof BigInteger i) {
      b.append("I").append(i);
    } else if (v instanceof Long l) {
      b.append("L").append(l);
    } else {
      b.append(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.append('"').toString();
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The bytes in reads of at most {@code most} bytes, as a network hands them over. */
  static InputStream trickle(byte[] doc, int most) {
    return new ByteArrayInputStream(doc) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, most));
      }
    };
  }

  /** Random JSON documents with every kind of value, escape, number and white space. */
  static final class Documents {
    private final Random random;

    Documents(Random random) {
      this.random = random;
    }

    String document() {
      StringBuilder b = new StringBuilder();
      space(b);
      value(b, 0);
      space(b);
      return b.toString();
    }

    private void value(StringBuilder b, int depth) {
      int kind = random.nextInt(depth > 4 ? 5 : 7);
      switch (kind) {
        case 0 -> string(b);
        case 1 -> number(b);
        case 2 -> b.append(List.of("true", "false", "null").get(random.nextInt(3)));
        case 3, 4 -> string(b);
        case 5 -> {
          b.append('{');
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              b.append(',');
            }
            space(b);
            string(b);
            space(b);
            b.append(':');
            space(b);
            value(b, depth + 1);
            space(b);
          }
          b.append('}');
        }
        default -> {
          b.append('[');
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              b.append(',');
            }
            space(b);
            value(b, depth + 1);
            space(b);
          }
          b.append(']');
        }
      }
    }

    private void space(StringBuilder b) {
      int n = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
      for (int i = 0; i < n; i++) {
        b.append(" \t\n\r".charAt(random.nextInt(4)));
      }
    }

    private static final String[] WIDE = {
      "é", "中", "😀", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff"
    };
    private static final String ASCII =
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private void string(StringBuilder b) {
      b.append('"');
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        switch (random.nextInt(10)) {
          case 0 -> b.append('\\').append("\"\\/bfnrt".charAt(random.nextInt(8)));
          case 1 -> {
            int unit =
                random.nextInt(4) == 0 ? 0xD800 + random.nextInt(0x800) : random.nextInt(0x10000);
            b.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", unit));
          }
          case 2 -> b.append("\\uD83D\\uDE00");
          case 3 -> b.append(WIDE[random.nextInt(WIDE.length)]);
          default -> b.append(ASCII.charAt(random.nextInt(ASCII.length())));
        }
      }
      b.append('"');
    }

    private void number(StringBuilder b) {
      if (random.nextBoolean()) {
        b.append('-');
      }
      if (random.nextInt(6) == 0) {
        b.append('0');
      } else {
        b.append(1 + random.nextInt(9));
        int digits = random.nextInt(5) == 0 ? 15 + random.nextInt(30) : random.nextInt(4);
        for (int i = 0; i < digits; i++) {
          b.append(random.nextInt(10));
        }
      }
      if (random.nextInt(3) == 0) {
        b.append('.');
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
          b.append(random.nextInt(10));
        }
      }
      if (random.nextInt(4) == 0) {
        b.append(random.nextBoolean() ? 'e' : 'E');
        b.append(List.of("", "+", "-").get(random.nextInt(3)));
        b.append(random.nextInt(random.nextBoolean() ? 10 : 400));
      }
    }
  }
}
