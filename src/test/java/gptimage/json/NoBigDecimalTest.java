package gptimage.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reason {@link JsonReader} exists: reading JSON without a fraction or an exponent in it must
 * not initialise {@code java.math.BigDecimal} (~15 ms of interpreted start-up on JDK 25, which
 * Jackson's parser paid on every command). Checked in a fresh JVM with the JDK's class-init log.
 */
class NoBigDecimalTest {
  /** Parses args[0] as Json.parse does for a command's answers and files, and writes it back. */
  public static final class Parse {
    public static void main(String[] args) {
      Object tree = Json.parse(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)));
      System.out.println(Json.toJson(tree));
    }
  }

  private static String run(String json) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+init=info",
                "-cp",
                System.getProperty("java.class.path"),
                Parse.class.getName(),
                json)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void aDocumentWithoutFractionsLeavesBigDecimalAlone() throws Exception {
    String answer =
        "{\"created\":1795672977,\"data\":[{\"b64_json\":\"aGk=\",\"revised_prompt\":\"x\\u00e9\"}],"
            + "\"usage\":{\"total_tokens\":-12,\"big\":123456789012345678901234567890},"
            + "\"ok\":true,\"none\":null,\"list\":[[],{}]}";
    String log = run(answer);
    assertTrue(log.contains("\"usage\":{\"total_tokens\":-12"), log);
    assertFalse(log.contains("'java/math/BigDecimal'"), "BigDecimal was initialised");
    // The check can see it: a fraction does need BigDecimal.
    for (String doc : List.of("{\"a\":1.5}", "[1e3]")) {
      assertTrue(run(doc).contains("'java/math/BigDecimal'"), doc);
    }
  }
}
