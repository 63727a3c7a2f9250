package gptimage.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonReader#readBase64} against Jackson's {@code readBinaryValue} (MIME, padding allowed:
 * the answer reader's contract) on the same text: random binary data encoded with and without
 * padding, with {@code \/}, {@code \n}, {@code \}{@code u} escapes and white space, values that are
 * not base64 and values cut off, each read whole and split at every boundary of a small read
 * buffer. Both must write the same bytes and go on to the same next token, or both refuse the same
 * way: not base64 (or not JSON), or cut off. Rerun one with {@code -Dbase64.seed=N
 * -Dbase64.cases=1}.
 */
class ReadBase64Test {
  private static final Base64Variant JACKSON =
      Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

  @Test
  void handWrittenValuesDecodeAsJacksonDecodesThem() throws IOException {
    String[] values = {
      "",
      "QQ==",
      "QQ",
      "QQ=",
      "QUI=",
      "QUI",
      "QUJD",
      "QQ==QUJD",
      "Q",
      "QUJDR",
      "=QUJD",
      "Q=JD",
      "QU=D",
      "QUJ=",
      "QQ=x",
      " QUJD ",
      "QU JD",
      "QUJD\\nQUJD",
      "QUJD\\r\\nQUJD\\t",
      "QUJD\\u0020QUJD",
      "QU\\nJD",
      "QU\\/D",
      "\\/\\/\\/\\/",
      "\\u0051\\u0055JD",
      "QQ\\u003d\\u003d",
      "QQ\\u003d=",
      "Q\\u003dJD",
      "QUJ\\u003d",
      "QUJD\\x",
      "QUJD\\u00",
      "QUJD\\u00G1",
      "QU\\\"D",
      "QUJD*",
      "QUéD",
      "QUJD\\u00e9",
      "QUJD\u0001QUJD",
      "QU\u0001JD",
    };
    for (String v : values) {
      byte[] doc = ("[\"" + v + "\",7]").getBytes(StandardCharsets.UTF_8);
      assertSame(doc, "value " + v);
    }
    assertEquals("bytes:414243 then VALUE_NUMBER_INT", ours(bytes("[\"QUJD\",7]")));
    assertEquals("not base64", ours(bytes("[\"QUJD*\",7]")));
    assertEquals("cut off", ours(bytes("[\"QUJD")));
  }

  @Test
  void randomValuesDecodeAsJacksonDecodesThem() throws IOException {
    long first = Long.getLong("base64.seed", 20261126L);
    int cases = Integer.getInteger("base64.cases", 600);
    int refused = 0;
    int decoded = 0;
    for (int i = 0; i < cases; i++) {
      long seed = first + i;
      Random random = new Random(seed);
      String value = value(random);
      if (random.nextInt(4) == 0) {
        value = spoil(value, random);
      }
      byte[] doc = ("[\"" + value + "\",7]").getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(8) == 0) {
        doc = java.util.Arrays.copyOf(doc, random.nextInt(doc.length));
      }
      String got = assertSame(doc, "seed " + seed);
      if (got.startsWith("bytes:")) {
        decoded++;
      } else {
        refused++;
      }
    }
    assertTrue(decoded > cases / 2 && refused > cases / 10, decoded + " decoded, " + refused);
  }

  /** Random bytes as base64 the ways answers carry it. */
  private static String value(Random random) {
    byte[] data = new byte[random.nextInt(40)];
    random.nextBytes(data);
    String text =
        random.nextBoolean()
            ? Base64.getEncoder().encodeToString(data)
            : Base64.getEncoder().withoutPadding().encodeToString(data);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (i % 4 == 0 && i > 0 && random.nextInt(6) == 0) {
        b.append(
            new String[] {"\\n", "\\r\\n", "\\t", " ", "\\u0020", "\\u000A"}[random.nextInt(6)]);
      }
      if (c == '/' && random.nextBoolean()) {
        b.append("\\/");
      } else if (random.nextInt(30) == 0) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Something that is not base64, or is only in some places. */
  private static String spoil(String value, Random random) {
    String[] bad = {"=", "==", "*", "é", "\\x", "\\u12", "\\u003d", " ", "\\n", "-", "_", "\\\""};
    int at = random.nextInt(value.length() + 1);
    while (at > 0 && at < value.length() && value.charAt(at - 1) == '\\') {
      at--;
    }
    return value.substring(0, at) + bad[random.nextInt(bad.length)] + value.substring(at);
  }

  /** Compares whole reads and reads split at every point (and in bytes of 1-3); ours' result. */
  private static String assertSame(byte[] doc, String what) throws IOException {
    String want = jackson(doc);
    String whole = ours(new ByteArrayInputStream(doc));
    assertEquals(want, whole, what + ": " + new String(doc, StandardCharsets.UTF_8));
    for (int most = 1; most <= 3; most++) {
      assertEquals(want, ours(JsonReaderTest.trickle(doc, most)), what + " in reads of " + most);
    }
    for (int split = 1; split < doc.length; split++) {
      InputStream two = new Split(doc, split);
      assertEquals(want, ours(two), what + " split at " + split);
    }
    return whole;
  }

  private static String jackson(byte[] doc) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(doc)) {
      p.nextToken();
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        return "no string";
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.readBinaryValue(JACKSON, out);
      return "bytes:" + HexFormat.of().formatHex(out.toByteArray()) + " then " + p.nextToken();
    } catch (JsonEOFException e) {
      return "cut off";
    } catch (JsonProcessingException e) {
      // Jackson calls an input that ends after a comma invalid, not cut off; the reader calls
      // every input that ends too soon cut off (for an answer: retryable).
      return e.getOriginalMessage().startsWith("Unexpected end-of-input")
          ? "cut off"
          : "not base64";
    } catch (IllegalArgumentException e) {
      return "not base64";
    }
  }

  private static String ours(InputStream in) throws IOException {
    try (JsonReader r = JsonReader.of(in)) {
      r.next();
      if (r.next() != JsonReader.Token.STRING) {
        return "no string";
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = r.readBase64(out);
      assertEquals(out.size(), n);
      JsonReader.Token next = r.next();
      return "bytes:"
          + HexFormat.of().formatHex(out.toByteArray())
          + " then "
          + (next == JsonReader.Token.NUMBER ? "VALUE_NUMBER_INT" : String.valueOf(next));
    } catch (Json.JsonFormatException e) {
      return e.cutOff() ? "cut off" : "not base64";
    } catch (IllegalArgumentException e) {
      return "not base64";
    }
  }

  private static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes in two reads, the first ending at {@code split}. */
  private static final class Split extends ByteArrayInputStream {
    private final int split;

    Split(byte[] doc, int split) {
      super(doc);
      this.split = split;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, pos < split ? Math.min(len, split - pos) : len);
    }
  }
}
