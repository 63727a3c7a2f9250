package gptimage.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user tries first: the MCP Inspector's CLI ({@code @modelcontextprotocol/inspector},
 * pinned in {@code src/test/node/inspector}) lists the tools and calls {@code generate_image}
 * against {@code mcp --emulator}, over stdio and over HTTP with a token.
 */
class InspectorIT {
  static final Path NODE_DIR = McpServerIT.ROOT.resolve("src/test/node/inspector");
  static final Path INSPECTOR = NODE_DIR.resolve("node_modules/.bin/mcp-inspector");

  @TempDir Path dir;

  @BeforeAll
  static void install() throws Exception {
    Process p =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "npm ci finished");
    assertEquals(0, p.exitValue(), "npm ci in " + NODE_DIR + ":\n" + log);
  }

  private Object inspect(List<String> target, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(INSPECTOR.toString(), "--cli"));
    // A loaded machine starts a JVM slowly; the default 15 s is for an idle one.
    cmd.addAll(List.of("--connect-timeout", "120000"));
    cmd.addAll(List.of(args));
    // "--" ends the inspector's options: else it takes the server's --output for its own.
    cmd.add("--");
    cmd.addAll(target);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    Path out = dir.resolve("inspector-out.json");
    Path err = dir.resolve("inspector-err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the inspector finished");
    assertEquals(0, p.exitValue(), Files.readString(out) + Files.readString(err));
    return Json.parse(Files.readString(out));
  }

  private void listAndGenerate(List<String> target, String... options) throws Exception {
    List<String> listArgs = new ArrayList<>(List.of(options));
    listArgs.addAll(List.of("--method", "tools/list"));
    Map<String, Object> list = McpServerIT.map(inspect(target, listArgs.toArray(String[]::new)));
    assertEquals(
        List.of("generate_image", "edit_image", "batch_images", "doctor"),
        McpServerIT.list(list.get("tools")).stream()
            .map(t -> McpServerIT.map(t).get("name"))
            .toList());
    List<String> callArgs = new ArrayList<>(List.of(options));
    callArgs.addAll(
        List.of(
            "--method",
            "tools/call",
            "--tool-name",
            "generate_image",
            "--tool-arg",
            "prompt=a lighthouse at dusk",
            "size=1536x1024",
            "name=inspected"));
    Map<String, Object> call = McpServerIT.map(inspect(target, callArgs.toArray(String[]::new)));
    Map<String, Object> json = McpServerIT.map(call.get("structuredContent"));
    Path file = Path.of(String.valueOf(McpServerIT.list(json.get("files")).get(0)));
    assertEquals(dir.resolve("inspected-1.png"), file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image);
    assertEquals(1536, image.getWidth());
    assertEquals(
        Files.size(file),
        McpServerIT.num(McpServerIT.map(McpServerIT.list(json.get("images")).get(0)).get("bytes")));
  }

  @Test
  void listsAndGeneratesOverStdio() throws Exception {
    listAndGenerate(
        List.of(McpServerIT.LAUNCHER.toString(), "mcp", "--emulator", "--output", dir.toString()));
  }

  @Test
  void listsAndGeneratesOverHttpWithAToken() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                McpServerIT.LAUNCHER.toString(),
                "mcp",
                "--http",
                "--port",
                "0",
                "--emulator",
                "--output",
                dir.toString())
            .directory(dir.toFile());
    pb.environment().put("GPT_IMAGE_2_API_MCP_TOKEN", "from-the-environment");
    pb.redirectOutput(dir.resolve("server-out.txt").toFile());
    Process server = pb.start();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      String line = err.readLine();
      Matcher m = Pattern.compile("serving (http://\\S+/mcp)").matcher(String.valueOf(line));
      assertTrue(m.find(), line);
      Thread drain = new Thread(() -> err.lines().forEach(System.err::println));
      drain.setDaemon(true);
      drain.start();
      listAndGenerate(
          List.of(m.group(1)), "--header", "Authorization: Bearer from-the-environment");
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
