package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The diverter against exact bytes: what the parser sees, and what lands in the files. */
class Base64DiverterTest {
  private final List<ByteArrayOutputStream> files = new ArrayList<>();

  private String run(InputStream source) throws IOException {
    Base64Diverter d =
        new Base64Diverter(
            source,
            () -> {
              ByteArrayOutputStream f = new ByteArrayOutputStream();
              files.add(f);
              return f;
            });
    return new String(d.readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * What the parser sees, and what the diverter decoded itself (the parser's {@code
   * readBinaryValue} appends the rest): whole blocks of plain base64 only.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      value = {
        "plain, no padding; {\"b64_json\":\"aGVsbG8h\"}; {\"b64_json\":\"\"}; hello!",
        "padding goes to the parser; {\"b64_json\":\"aGVsbG8=\"}; {\"b64_json\":\"bG8=\"}; hel",
        "spaces around the colon; { \"b64_json\" :  \"aGk=\" }; { \"b64_json\" :  \"aGk=\" }; ",
        "escaped slash; {\"b64\":\"aGk\\/\"}; {\"b64\":\"\"}; hi?",
        "MIME lines escaped; {\"image_base64\":\"aGVs\\nbG8h\"}; {\"image_base64\":\"\"}; hello!",
        "a line break inside a block; {\"b64\":\"aGVsbG\\n8h\"}; {\"b64\":\"bG\\n8h\"}; hel",
        "a unicode escape; {\"b64\":\"aGVsbG\\u0038h\"}; {\"b64\":\"bG\\u0038h\"}; hel",
        "no padding, short; {\"b64_json\":\"aGk\"}; {\"b64_json\":\"aGk\"}; ",
        "a space; {\"b64\":\"aGVs bG8h\"}; {\"b64\":\" bG8h\"}; hel",
        "not base64; {\"b64_json\":\"a*b=\"}; {\"b64_json\":\"a*b=\"}; ",
        "escaped key; {\"b64\\u005fjson\":\"aGVs\"}; {\"b64\\u005fjson\":\"\"}; hel",
        "escaped key, every letter; {\"\\u0062\\u0036\\u0034\":\"aGVs\"}; {\"\\u0062\\u0036\\u0034\":\"\"}; hel",
        "a long key first; {\"system_fingerprint\":\"fp_1\",\"b64_json\":\"aGVs\"}; {\"system_fingerprint\":\"fp_1\",\"b64_json\":\"\"}; hel",
        "the key inside another string; {\"p\":\"say \\\"b64_json\\\":\\\"x\\\"\",\"b64_json\":\"aGVs\"}; {\"p\":\"say \\\"b64_json\\\":\\\"x\\\"\",\"b64_json\":\"\"}; hel",
        "other keys untouched; {\"xb64_json\":\"aGk=\",\"b64_json2\":\"aGk=\",\"b64\\n\":\"aGk=\",\"url\":\"b64_json\"}; {\"xb64_json\":\"aGk=\",\"b64_json2\":\"aGk=\",\"b64\\n\":\"aGk=\",\"url\":\"b64_json\"}; ",
        "a key's value that is not a string; {\"b64_json\":null,\"b64\":\"aGVs\"}; {\"b64_json\":null,\"b64\":\"\"}; hel",
      })
  void decodesOnlyWholePlainBlocksOfTheImageKeys(
      String name, String json, String seen, String decoded) throws IOException {
    for (boolean slow : new boolean[] {false, true}) {
      files.clear();
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      assertEquals(seen, run(slow ? Trickle.of(bytes) : new ByteArrayInputStream(bytes)), name);
      String want = decoded == null ? "" : decoded;
      if (want.endsWith("?")) { // "aGk/" decodes to "hi" and one byte 0xBF
        assertArrayEquals(Base64.getDecoder().decode("aGk/"), files.get(0).toByteArray());
      } else if (!want.isEmpty()) {
        assertEquals(want, files.get(0).toString(StandardCharsets.UTF_8));
      } else {
        assertEquals(0, files.isEmpty() ? 0 : files.get(0).size(), name);
      }
    }
  }

  @Test
  void manyValuesAndValuesLargerThanTheBuffersStayIntact() throws IOException {
    byte[] a = new byte[300_000];
    byte[] b = new byte[70_001];
    new Random(3).nextBytes(a);
    new Random(4).nextBytes(b);
    String mime = Base64.getMimeEncoder().encodeToString(b);
    String json =
        "{\"data\":[{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(a)
            + "\"},{\"b64_json\":\""
            + mime.replace("\r\n", "\\r\\n")
            + "\"}]}";
    // 70,001 bytes end in a block of two bytes and one padding character: the parser's part.
    assertEquals(
        "{\"data\":[{\"b64_json\":\"\"},{\"b64_json\":\""
            + mime.substring(mime.length() - 4)
            + "\"}]}",
        run(new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII))));
    assertArrayEquals(a, files.get(0).toByteArray());
    assertArrayEquals(java.util.Arrays.copyOf(b, 69_999), files.get(1).toByteArray());
  }

  @Test
  void aCutValueIsAnError() {
    assertThrows(
        java.io.EOFException.class,
        () -> run(new ByteArrayInputStream("{\"b64_json\":\"aGVsbG8".getBytes())));
  }
}
