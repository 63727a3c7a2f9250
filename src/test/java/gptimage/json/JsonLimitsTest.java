package gptimage.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The reader's limits bound what it reads (an endless number or field name is refused soon after
 * its limit, not at the end of its stream), {@link Json#DOUBLES} refuses a number no double holds,
 * and {@link JsonReader#decodeBase64} takes base64 only.
 */
class JsonLimitsTest {
  /** {@code head}, then {@code n} copies of {@code fill}; counts the bytes read. */
  static final class Endless extends InputStream {
    final long n;
    final byte fill;
    final byte[] head;
    long pos;

    Endless(String head, char fill, long n) {
      this.head = head.getBytes(StandardCharsets.UTF_8);
      this.fill = (byte) fill;
      this.n = n;
    }

    @Override
    public int read() {
      long p = pos++;
      if (p < head.length) {
        return head[(int) p];
      }
      return p < head.length + n ? fill : -1;
    }
  }

  @Test
  void anEndlessNumberIsRefusedSoonAfterItsThousandthDigit() {
    for (String head : new String[] {"[", "[1.", "[1e"}) {
      Endless in = new Endless(head, '7', 50_000_000L);
      Json.JsonFormatException e =
          assertThrows(Json.JsonFormatException.class, () -> Json.parse(in));
      assertTrue(e.getMessage().contains("longer than 1000 digits"), e.getMessage());
      assertTrue(in.pos < 1_000_000, head + ": read " + in.pos + " bytes before refusing it");
    }
  }

  @Test
  void anEndlessFieldNameIsRefusedSoonAfterItsLimit() {
    Endless in = new Endless("{\"", 'k', 50_000_000L);
    Json.JsonFormatException e = assertThrows(Json.JsonFormatException.class, () -> Json.parse(in));
    assertTrue(e.getMessage().contains("field name is longer than 50000"), e.getMessage());
    assertTrue(in.pos < 1_000_000, "read " + in.pos + " bytes before refusing it");
    // characters, not bytes: 50,000 two-byte ones are a name; one more is not
    String atLimit = "{\"" + "\u00e9".repeat(50_000) + "\":1}";
    assertEquals(1L, ((java.util.Map<?, ?>) Json.parse(atLimit)).values().iterator().next());
    String over = "{\"" + "\u00e9".repeat(50_001) + "\":1}";
    assertThrows(Json.JsonFormatException.class, () -> Json.parse(over));
  }

  @Test
  void doublesRefusesANumberNoDoubleHolds() {
    assertThrows(Json.JsonFormatException.class, () -> Json.parse("[1e400]", Json.DOUBLES));
    assertThrows(Json.JsonFormatException.class, () -> Json.parse("[-1.5e309]", Json.DOUBLES));
    assertEquals(java.util.List.of(1.25, 12L), Json.parse("[1.25, 12]", Json.DOUBLES));
  }

  @Test
  void decodeBase64TakesNoQuoteNorBackslash() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(3, JsonReader.decodeBase64("QUJD", out));
    assertEquals("ABC", out.toString(StandardCharsets.US_ASCII));
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonReader.decodeBase64("QUJD\"junk", new ByteArrayOutputStream()));
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonReader.decodeBase64("QU\\/D", new ByteArrayOutputStream()));
  }
}
