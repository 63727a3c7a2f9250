package gptimage.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpt-image-2-api mcp --emulator} driven by the official MCP TypeScript SDK client ({@code
 * src/test/node/mcp}, installed here with {@code npm ci} from its committed lock file), over stdio
 * and over Streamable HTTP: the client's session is in {@code session.mjs}; this test checks what
 * it saw against the files on disk, decoded with ImageIO.
 */
class McpServerIT {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path NODE_DIR = ROOT.resolve("src/test/node/mcp");
  static final Path LAUNCHER = ROOT.resolve("bin/gpt-image-2-api");
  static final long CAP = 800_000;
  static final List<String> SERVER_ARGS =
      List.of("--inline-cap", String.valueOf(CAP), "--emulator-latency", "high=4");

  @TempDir Path dir;

  @BeforeAll
  static void installClient() throws Exception {
    Process p =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "npm ci finished");
    assertEquals(0, p.exitValue(), "npm ci in " + NODE_DIR + ":\n" + log);
  }

  @Test
  void overStdio() throws Exception {
    Path report = dir.resolve("report.json");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "node",
                "session.mjs",
                "stdio",
                report.toString(),
                LAUNCHER.toString(),
                dir.toString()));
    cmd.addAll(SERVER_ARGS);
    Map<String, Object> r = runSession(cmd);
    checkSession(r);
  }

  @Test
  void overStreamableHttpWithAToken() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                LAUNCHER.toString(),
                "mcp",
                "--http",
                "--port",
                "0",
                "--token",
                "s3cret-token",
                "--emulator",
                "--output",
                dir.toString()));
    cmd.addAll(SERVER_ARGS);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.redirectOutput(dir.resolve("server-stdout.txt").toFile());
    Process server = pb.start();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      String line = err.readLine();
      assertNotNull(line, "the server said where it serves");
      Matcher m = Pattern.compile("serving (http://\\S+/mcp)").matcher(line);
      assertTrue(m.find(), line);
      String url = m.group(1);
      assertTrue(url.startsWith("http://127.0.0.1:"), "loopback by default: " + url);
      Thread drain = new Thread(() -> err.lines().forEach(System.err::println));
      drain.setDaemon(true);
      drain.start();
      Path report = dir.resolve("report.json");
      Map<String, Object> r =
          runSession(
              List.of("node", "session.mjs", "http", report.toString(), url, "s3cret-token"));
      Map<String, Object> noToken = map(r.get("noToken"));
      assertEquals(401, num(noToken.get("status")));
      assertEquals("", noToken.get("body"), "401 and nothing else");
      assertNotNull(r.get("wrongToken"), "a wrong token cannot connect");
      assertEquals(401, num(map(r.get("wrongToken")).get("code")), "refused with 401");
      assertEquals("2025-11-25", r.get("protocolVersion"));
      checkSession(r);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void doctorSaysWhenNothingListensAtTheBaseUrl() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path report = dir.resolve("report.json");
    Map<String, Object> r =
        runSession(
            List.of(
                "node",
                "session.mjs",
                "stopped",
                report.toString(),
                LAUNCHER.toString(),
                dir.toString(),
                "http://127.0.0.1:" + port + "/v1"));
    Map<String, Object> doctor = map(r.get("doctor"));
    assertNull(doctor.get("isError"), "doctor answered: a successful call");
    Map<String, Object> json = map(doctor.get("structuredContent"));
    assertEquals(false, json.get("ok"));
    String first =
        String.valueOf(map(list(doctor.get("content")).get(0)).get("text")).split("\n")[0];
    assertTrue(first.startsWith("Cannot connect to 127.0.0.1:" + port), first);
    assertEquals(first, json.get("summary"));
    assertFalse(r.toString().contains("sk-doctor-it-key-0123456789"), "the key masked");
  }

  private Map<String, Object> runSession(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(NODE_DIR.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    Path log = dir.resolve("session-log.txt");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the session finished");
    Path report = Path.of(cmd.get(3));
    assertTrue(Files.exists(report), Files.readString(log));
    Map<String, Object> r = map(Json.parse(Files.readString(report)));
    assertNull(r.get("failure"), r.get("failure") + "\n" + Files.readString(log));
    assertEquals(0, p.exitValue(), Files.readString(log));
    return r;
  }

  private void checkSession(Map<String, Object> r) throws Exception {
    assertEquals("gpt-image-2-api", map(r.get("server")).get("name"));
    List<Object> tools = list(r.get("tools"));
    assertEquals(
        List.of("generate_image", "edit_image", "batch_images", "doctor"),
        tools.stream().map(t -> map(t).get("name")).toList());
    for (Object t : tools) {
      assertTrue(String.valueOf(map(t).get("description")).length() > 40);
      assertEquals("object", map(map(t).get("inputSchema")).get("type"));
      assertEquals("object", map(map(t).get("outputSchema")).get("type"));
    }

    // doctor against the emulator: ok, its first line and table as text, the JSON structured
    Map<String, Object> doctor = map(r.get("doctor"));
    checkSizes(doctor);
    assertNull(doctor.get("isError"));
    Map<String, Object> doctorJson = map(doctor.get("structuredContent"));
    assertEquals(true, doctorJson.get("ok"));
    String doctorText = String.valueOf(map(list(doctor.get("content")).get(0)).get("text"));
    assertTrue(doctorText.startsWith("OK: a generation can work.\n"), doctorText);
    assertEquals("OK: a generation can work.", doctorJson.get("summary"));
    assertTrue(doctorText.contains("  OK    generations "), doctorText);
    assertTrue(
        list(doctorJson.get("checks")).stream().noneMatch(c -> "probe".equals(map(c).get("name"))));
    Map<String, Object> unconfirmed = map(r.get("doctorUnconfirmed"));
    assertEquals(true, unconfirmed.get("isError"), "a probe needs confirm_cost");
    assertTrue(
        String.valueOf(map(list(unconfirmed.get("content")).get(0)).get("text"))
            .contains("confirm_cost"));

    // generate: the file, its link, a real thumbnail, the command's JSON
    Map<String, Object> gen = map(r.get("generate"));
    checkSizes(gen);
    Map<String, Object> genJson = map(gen.get("structuredContent"));
    Path lighthouse = Path.of(String.valueOf(list(genJson.get("files")).get(0)));
    assertEquals(dir.resolve("lighthouse-1.png"), lighthouse);
    BufferedImage full = ImageIO.read(lighthouse.toFile());
    assertEquals(1536, full.getWidth());
    assertEquals(1024, full.getHeight());
    Map<String, Object> link = contentOf(gen, "resource_link").get(0);
    assertEquals(lighthouse.toUri(), URI.create(String.valueOf(link.get("uri"))));
    assertEquals(Files.size(lighthouse), num(link.get("size")));
    assertEquals("image/png", link.get("mimeType"));
    BufferedImage thumb = decode(contentOf(gen, "image").get(0));
    assertEquals(256, Math.max(thumb.getWidth(), thumb.getHeight()));
    assertEquals(171, thumb.getHeight(), "the aspect kept");
    assertEquals("gpt-image-2", genJson.get("model"));
    assertTrue(genJson.get("usage") instanceof Map<?, ?>);
    assertTrue(genJson.get("cost_usd") instanceof Number);

    // edit of the saved file, inline: the full image is the file's bytes
    Map<String, Object> edit = map(r.get("edit"));
    checkSizes(edit);
    Path edited =
        Path.of(String.valueOf(list(map(edit.get("structuredContent")).get("files")).get(0)));
    List<Map<String, Object>> images = contentOf(edit, "image");
    assertEquals(2, images.size(), "a thumbnail and the full image");
    assertTrue(
        Arrays.equals(
            Files.readAllBytes(edited),
            Base64.getDecoder().decode(String.valueOf(images.get(1).get("data")))));

    // batch of 5, with progress per job
    Map<String, Object> batch = map(r.get("batch"));
    checkSizes(batch);
    Map<String, Object> summary = map(batch.get("structuredContent"));
    assertEquals(5, num(summary.get("succeeded")));
    for (Object f : list(summary.get("files"))) {
      assertNotNull(ImageIO.read(Path.of(String.valueOf(f)).toFile()), f.toString());
      assertTrue(String.valueOf(f).startsWith(dir.resolve("foxes").toString()));
    }
    assertEquals(5, contentOf(batch, "resource_link").size());
    List<Object> progress = list(r.get("batchProgress"));
    long jobSteps =
        progress.stream()
            .filter(p -> String.valueOf(map(p).get("message")).startsWith("job "))
            .count();
    assertEquals(5, jobSteps, progress.toString());
    double last = -1;
    for (Object p : progress) {
      double v = ((Number) map(p).get("progress")).doubleValue();
      assertTrue(v > last, "progress only grows: " + progress);
      last = v;
    }
    assertEquals(
        last, ((Number) map(progress.get(progress.size() - 1)).get("total")).doubleValue());

    // the cancelled call: stopped (its answer would have come seconds before the session's end)
    assertNotNull(map(r.get("cancel")).get("error"));
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("cancelled")));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> temps = files.filter(f -> f.toString().endsWith(".part")).toList();
      assertEquals(List.of(), temps, "no temporary file left");
    }

    // bad calls answer with isError and the message; the server serves on
    Map<String, Object> bad = map(r.get("bad"));
    assertError(bad.get("schema"), "\"n\" must be an integer");
    assertError(bad.get("unknownTool"), "No tool no_such_tool");
    assertError(bad.get("missingImage"), "does-not-exist.png: no such file");
    assertError(bad.get("unknownArgument"), "no argument \"colour\"");
    assertEquals(-32601, num(map(bad.get("unknownMethod")).get("code")));
    Map<String, Object> good = map(r.get("good"));
    checkSizes(good);
    assertNull(good.get("isError"));
    Path goodFile = dir.resolve("good-1.png");
    assertEquals(3840, ImageIO.read(goodFile.toFile()).getWidth());
    assertTrue(
        contentOf(good, "text").stream()
            .anyMatch(t -> String.valueOf(t.get("text")).contains("is not inlined")),
        "a 4K image is above the cap: " + good);

    // partial images: saved, and each a progress step before the answer
    Map<String, Object> drafted = map(map(r.get("partials")).get("structuredContent"));
    assertEquals(2, list(drafted.get("partials")).size(), drafted.toString());
    List<String> steps =
        list(r.get("partialsProgress")).stream()
            .map(p -> String.valueOf(map(p).get("message")))
            .toList();
    for (int k = 1; k <= 2; k++) {
      Path draft = dir.resolve("drafted-partial-" + k + ".png");
      assertNotNull(ImageIO.read(draft.toFile()), draft.toString());
      String step = "partial image " + k + ": " + draft;
      assertTrue(steps.contains(step), steps.toString());
    }
    assertTrue(steps.get(0).startsWith("sent: "), steps.toString());
    assertTrue(steps.get(steps.size() - 1).startsWith("saved 1 image(s)"), steps.toString());

    // several at once
    List<Object> parallel = list(r.get("parallel"));
    for (int k = 1; k <= 3; k++) {
      assertTrue(Files.exists(dir.resolve("parallel-" + k + "-1.png")));
      checkSizes(map(parallel.get(k - 1)));
    }

    // saved files are resources; nothing else is
    assertTrue(
        list(r.get("resources")).stream()
            .anyMatch(x -> map(x).get("uri").equals(lighthouse.toUri().toString())));
    Map<String, Object> read = map(r.get("read"));
    assertTrue(
        Arrays.equals(
            Files.readAllBytes(lighthouse),
            Base64.getDecoder().decode(String.valueOf(read.get("blob")))));
    assertEquals(-32002, num(map(r.get("readOther")).get("code")));
  }

  private static void assertError(Object result, String text) {
    Map<String, Object> m = map(result);
    assertEquals(Boolean.TRUE, m.get("isError"), String.valueOf(m));
    assertTrue(
        String.valueOf(contentOf(m, "text").get(0).get("text")).contains(text), m.toString());
  }

  /** No content item above the cap; thumbnails a few tens of KB at most. */
  private static void checkSizes(Map<String, Object> result) {
    for (Object c : list(result.get("content"))) {
      Map<String, Object> item = map(c);
      String data = String.valueOf(item.getOrDefault("data", ""));
      assertTrue(data.length() <= CAP, "an item of " + data.length() + " base64 bytes");
      if (item.get("type").equals("text")) {
        assertTrue(String.valueOf(item.get("text")).length() < 4000);
      }
    }
    List<Map<String, Object>> images = contentOf(result, "image");
    if (!images.isEmpty()) {
      assertTrue(String.valueOf(images.get(0).get("data")).length() <= 64 * 1024);
    }
  }

  private static BufferedImage decode(Map<String, Object> image) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(String.valueOf(image.get("data")));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(b, "a decodable " + image.get("mimeType"));
    return b;
  }

  private static List<Map<String, Object>> contentOf(Map<String, Object> result, String type) {
    return list(result.get("content")).stream()
        .map(McpServerIT::map)
        .filter(c -> type.equals(c.get("type")))
        .toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map<?, ?>, "an object: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    assertTrue(o instanceof List<?>, "an array: " + o);
    return (List<Object>) o;
  }

  static long num(Object o) {
    return ((Number) o).longValue();
  }
}
