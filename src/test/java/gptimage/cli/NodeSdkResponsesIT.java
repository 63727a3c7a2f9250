package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Node SDK ({@code openai}, pinned in {@code
 * src/test/node/openai/package-lock.json} and installed with {@code npm ci}) calls {@code
 * client.responses.create} with the image tool, whole, with {@code previous_response_id} and
 * streamed, against {@code gpt-image-2-api serve} started as its own process.
 */
class NodeSdkResponsesIT {
  private static final Path NODE_SOURCES = Path.of("src/test/node/openai").toAbsolutePath();
  private static final Path NODE_WORK = Path.of("target/node-sdk").toAbsolutePath();
  private static final Pattern BASE_URL = Pattern.compile("at (http://\\S+/v1)");

  @TempDir Path dir;

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Installs the pinned SDK once per build folder, exactly as locked. */
  private static void installSdk() throws Exception {
    Files.createDirectories(NODE_WORK);
    boolean changed = false;
    for (String f : List.of("package.json", "package-lock.json", "responses.mjs")) {
      Path target = NODE_WORK.resolve(f);
      byte[] source = Files.readAllBytes(NODE_SOURCES.resolve(f));
      if (!Files.exists(target) || !java.util.Arrays.equals(source, Files.readAllBytes(target))) {
        Files.copy(NODE_SOURCES.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
        changed = true;
      }
    }
    if (changed || !Files.exists(NODE_WORK.resolve("node_modules/openai/package.json"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(NODE_WORK.toFile())
              .redirectErrorStream(true)
              .start();
      String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(npm.waitFor(300, TimeUnit.SECONDS), "npm ci took over 5 minutes");
      assertEquals(0, npm.exitValue(), "npm ci failed:\n" + log);
    }
  }

  @Test
  void theOfficialNodeSdkMakesContinuesAndStreamsImagesAgainstServe() throws Exception {
    assumeTrue(
        runs("node", "--version") && runs("npm", "--version"),
        "node and npm are not on the PATH: the Node SDK test needs them");
    installSdk();
    Process serve =
        new ProcessBuilder(ProcessFaultsIT.LAUNCHER.toString(), "serve", "--port", "0")
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String baseUrl = baseUrlOf(serve);
      ProcessBuilder pb =
          new ProcessBuilder("node", "responses.mjs", dir.resolve("img").toString())
              .directory(NODE_WORK.toFile())
              .redirectError(dir.resolve("node.stderr").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_BASE_URL", baseUrl);
      pb.environment().put("OPENAI_API_KEY", "sk-node-sdk-test");
      Process node = pb.start();
      String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the Node script took over 2 minutes");
      assertEquals(
          0, node.exitValue(), "node failed:\n" + Files.readString(dir.resolve("node.stderr")));
      Object r = Json.parse(stdout);

      assertEquals("completed", Json.at(r, "first", "status"));
      assertEquals("generate", Json.at(r, "first", "action"));
      assertEquals(
          272L,
          ((Number) Json.at(r, "first", "usage", "tool_usage", "image_gen", "output_tokens"))
              .longValue());
      assertEquals(Json.at(r, "first", "id"), Json.at(r, "second", "previous"));
      assertEquals("edit", Json.at(r, "second", "action"));
      assertTrue(
          ((String) Json.at(r, "second", "revised"))
              .contains((String) Json.at(r, "first", "call")));
      assertEquals(
          List.of(
              "response.created",
              "response.in_progress",
              "response.output_item.added",
              "response.image_generation_call.in_progress",
              "response.image_generation_call.generating",
              "response.image_generation_call.partial_image",
              "response.image_generation_call.partial_image",
              "response.image_generation_call.completed",
              "response.output_item.done",
              "response.completed"),
          Json.at(r, "stream", "events"));
      assertEquals(Json.at(r, "second", "id"), Json.at(r, "stream", "previous"));
      assertEquals("edit", Json.at(r, "stream", "action"));
      assertEquals(404L, ((Number) Json.at(r, "notFound", "status")).longValue());
      assertEquals("NotFoundError", Json.at(r, "notFound", "name"));
      assertEquals("previous_response_not_found", Json.at(r, "notFound", "code"));

      for (String name : List.of("1", "2", "3", "partial-0", "partial-1")) {
        BufferedImage image = ImageIO.read(dir.resolve("img-" + name + ".png").toFile());
        assertEquals(1024, image.getWidth(), name);
        assertEquals(1024, image.getHeight(), name);
      }
      assertNotEquals(
          Files.mismatch(dir.resolve("img-1.png"), dir.resolve("img-2.png")),
          -1L,
          "the second turn changed the image");
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Reads {@code serve}'s stderr until it names its base URL. */
  private static String baseUrlOf(Process serve) throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      Matcher m = BASE_URL.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    err.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException e) {
                    // the process ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("serve ended without naming its base URL");
  }
}
