package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import gptimage.output.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnswerReader} on {@link gptimage.json.JsonReader}: images the diverter does not see still
 * stream to files, and each way an answer can be wrong keeps its kind of error (cut off: retryable;
 * not JSON, not base64: not).
 */
class AnswerReaderTest {
  @TempDir Path dir;

  private Object read(String json) {
    return new AnswerReader(new ImageStore(dir)).read(stream(json), "answer");
  }

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anImageInAnArrayStreamsToAFileInSmallReads() throws IOException {
    byte[] image = new byte[300_000];
    new Random(7).nextBytes(image);
    String b64 = Base64.getMimeEncoder().encodeToString(image).replace("\r\n", "\\n");
    byte[] json =
        ("{\"data\":[{\"b64_json\":[\"" + b64.replace("/", "\\/") + "\"]}],\"n\":1.5}")
            .getBytes(StandardCharsets.US_ASCII);
    // reads of at most 7 bytes, as a slow network hands them over
    InputStream trickle =
        new ByteArrayInputStream(json) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };
    AnswerReader reader = new AnswerReader(new ImageStore(dir));
    Object tree = reader.read(trickle, "answer");
    AnswerReader.Spooled s =
        (AnswerReader.Spooled) ((List<?>) Json.at(tree, "data", 0, "b64_json")).get(0);
    assertArrayEquals(image, Files.readAllBytes(s.file()));
    assertEquals(image.length, s.bytes());
    assertEquals(new java.math.BigDecimal("1.5"), ((Map<?, ?>) tree).get("n"));
  }

  @Test
  void eachWrongAnswerKeepsItsKindOfError() {
    String[][] table = {
      {"{\"data\":[{\"b64_json\":\"aGVsbG8h", "true", "The answer was cut off before its end"},
      {"{\"data\":[{\"url\":\"x\"},", "true", "The answer was cut off before its end"},
      {"{\"data\":[{\"b64_json\":[\"aGVs", "true", "The answer was cut off before its end"},
      {"{\"data\":[1,]}", "false", "The answer is not valid JSON: expected a JSON value, got ']'"},
      {
        "{\"data\":[{\"b64_json\":\"aGV*\"}]}", "false", "The answer's b64_json is not valid base64"
      },
      {
        "{\"data\":[{\"b64_json\":[\"aG\\q\"]}]}",
        "false",
        "The answer's b64_json is not valid base64"
      },
      {"", "true", "The answer was empty."},
    };
    for (String[] row : table) {
      NetworkException e = assertThrows(NetworkException.class, () -> read(row[0]), row[0]);
      assertEquals(Boolean.parseBoolean(row[1]), e.retryable(), row[0] + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith(row[2]), row[0] + ": " + e.getMessage());
    }
    NetworkException e =
        assertThrows(NetworkException.class, () -> read("{\"data\":[{\"b64\":\n\"a*\"}]}"));
    assertTrue(e.getMessage().endsWith("(line 2, column 3)"), e.getMessage());
    assertFalse(e.retryable());
  }

  @Test
  void theDeepestAllowedAnswerReadsOnASmallStack() throws InterruptedException {
    // 1000 levels: a top array, 499 objects each with an array, and the image's object
    String deep = "[" + "{\"a\":[".repeat(499) + "{\"b64_json\":\"aGk=\"}" + "]}".repeat(499) + "]";
    AtomicReference<Object> got = new AtomicReference<>();
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                got.set(read(deep));
              } catch (Throwable t) {
                got.set(t);
              }
            },
            "small-stack",
            128 * 1024);
    small.start();
    small.join();
    assertTrue(got.get() instanceof List<?>, String.valueOf(got.get()));
    String tooDeep = "[".repeat(1001) + "]".repeat(1001);
    NetworkException e = assertThrows(NetworkException.class, () -> read(tooDeep));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("nested more than 1000 levels deep"), e.getMessage());
  }
}
