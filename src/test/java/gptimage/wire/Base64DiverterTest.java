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
            },
            0);
    return new String(d.readAllBytes(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      value = {
        "plain; {\"b64_json\":\"aGVsbG8=\"}; {\"b64_json\":\"@spooled:0\"}; hello",
        "spaces around the colon; { \"b64_json\" :  \"aGk=\" }; { \"b64_json\" :  \"@spooled:0\" }; hi",
        "escaped slash; {\"b64\":\"aGk\\/\"}; {\"b64\":\"@spooled:0\"}; hi?",
        "MIME lines escaped; {\"image_base64\":\"aGVs\\nbG8=\"}; {\"image_base64\":\"@spooled:0\"}; hello",
        "no padding; {\"b64_json\":\"aGk\"}; {\"b64_json\":\"@spooled:0\"}; hi",
        "the key inside another string; {\"p\":\"say \\\"b64_json\\\":\\\"x\\\"\",\"b64_json\":\"aGk=\"}; {\"p\":\"say \\\"b64_json\\\":\\\"x\\\"\",\"b64_json\":\"@spooled:0\"}; hi",
        "other keys untouched; {\"xb64_json\":\"aGk=\",\"b64_json2\":\"aGk=\",\"url\":\"b64_json\"}; {\"xb64_json\":\"aGk=\",\"b64_json2\":\"aGk=\",\"url\":\"b64_json\"}; ",
        "a key's value that is not a string; {\"b64_json\":null,\"b64\":\"aGk=\"}; {\"b64_json\":null,\"b64\":\"@spooled:0\"}; hi",
      })
  void divertsOnlyTheValuesOfTheImageKeys(String name, String json, String seen, String decoded)
      throws IOException {
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
        assertEquals(0, files.size());
      }
    }
  }

  @Test
  void manyValuesAndValuesLargerThanTheBuffersStayIntact() throws IOException {
    byte[] a = new byte[300_000];
    byte[] b = new byte[70_001];
    new Random(3).nextBytes(a);
    new Random(4).nextBytes(b);
    String json =
        "{\"data\":[{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(a)
            + "\"},{\"b64_json\":\""
            + Base64.getMimeEncoder().encodeToString(b).replace("\r\n", "\\r\\n")
            + "\"}]}";
    assertEquals(
        "{\"data\":[{\"b64_json\":\"@spooled:0\"},{\"b64_json\":\"@spooled:1\"}]}",
        run(new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII))));
    assertArrayEquals(a, files.get(0).toByteArray());
    assertArrayEquals(b, files.get(1).toByteArray());
  }

  @Test
  void badBase64AndACutValueAreErrors() {
    assertThrows(
        Base64Diverter.Base64Exception.class,
        () -> run(new ByteArrayInputStream("{\"b64_json\":\"a*b=\"}".getBytes())));
    assertThrows(
        Base64Diverter.Base64Exception.class,
        () -> run(new ByteArrayInputStream("{\"b64_json\":\"aGk\\u0041\"}".getBytes())));
    assertThrows(
        java.io.EOFException.class,
        () -> run(new ByteArrayInputStream("{\"b64_json\":\"aGVsbG8".getBytes())));
  }
}
