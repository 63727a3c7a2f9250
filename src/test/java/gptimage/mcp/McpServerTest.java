package gptimage.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.cli.Environment;
import gptimage.cli.Main;
import gptimage.client.ImageClient;
import gptimage.config.Settings;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in-process: protocol faults, revision negotiation, stdout holding nothing but protocol
 * messages, and the HTTP endpoint's refusals (token, session, origin, method).
 */
class McpServerTest {
  @TempDir Path dir;

  record Run(int exit, List<Map<String, Object>> messages, String err) {}

  private Run stdio(List<String> lines, String... args) {
    List<String> argv = new ArrayList<>(List.of("mcp", "--emulator", "--output", dir.toString()));
    argv.addAll(List.of(args));
    return stdio(lines, Map.of(), argv);
  }

  private Run stdio(List<String> lines, Map<String, String> variables, List<String> argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    int exit =
        Main.run(
            argv.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new Environment(variables, dir, null, false, new ByteArrayInputStream(in)));
    List<Map<String, Object>> messages = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        messages.add(McpServerIT.map(Json.parse(line))); // every stdout line is a JSON object
      }
    }
    return new Run(exit, messages, err.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> byId(Run r, Object id) {
    return r.messages().stream()
        .filter(
            m -> String.valueOf(id).equals(String.valueOf(m.get("id"))) && m.get("method") == null)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no answer to " + id + " in " + r.messages()));
  }

  private static long errorCode(Map<String, Object> answer) {
    return McpServerIT.num(McpServerIT.map(answer.get("error")).get("code"));
  }

  @Test
  void protocolFaultsGetJsonRpcErrorsAndTheServerServesOn() {
    Run r =
        stdio(
            List.of(
                "this is not json",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"images/paint\"}",
                "{\"id\":3,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"generate_image\",\"arguments\":[1]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":"
                    + "{\"uri\":\"file:///etc/passwd\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}"));
    assertEquals(0, r.exit(), r.err());
    assertEquals(-32700, errorCode(r.messages().get(0)));
    Map<String, Object> init = McpServerIT.map(byId(r, 1).get("result"));
    assertEquals(McpServer.VERSIONS.get(0), init.get("protocolVersion"), "unknown: ours offered");
    assertEquals(-32601, errorCode(byId(r, 2)));
    assertEquals(-32600, errorCode(byId(r, 3)));
    assertEquals(-32602, errorCode(byId(r, 4)));
    assertEquals(-32002, errorCode(byId(r, 5)));
    assertEquals(Map.of(), byId(r, 6).get("result"));
    assertEquals(7, r.messages().size(), "one answer each; none to the notification");
  }

  @Test
  void anOlderClientGetsItsRevisionWithTheJsonAsText() {
    Run r =
        stdio(
            List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"generate_image\",\"arguments\":{\"prompt\":\"a kite\","
                    + "\"name\":\"kite\"}}}"));
    assertEquals("2024-11-05", McpServerIT.map(byId(r, 1).get("result")).get("protocolVersion"));
    for (Object t : McpServerIT.list(McpServerIT.map(byId(r, 2).get("result")).get("tools"))) {
      assertNull(McpServerIT.map(t).get("outputSchema"), "2024-11-05 has no outputSchema");
    }
    Map<String, Object> call = McpServerIT.map(byId(r, 3).get("result"));
    assertNull(call.get("structuredContent"));
    List<Object> content = McpServerIT.list(call.get("content"));
    assertTrue(
        content.stream().noneMatch(c -> "resource_link".equals(McpServerIT.map(c).get("type"))));
    Object json =
        Json.parse(String.valueOf(McpServerIT.map(content.get(content.size() - 1)).get("text")));
    assertEquals(
        dir.resolve("kite-1.png").toString(),
        McpServerIT.list(McpServerIT.map(json).get("files")).get(0));
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}";

  private static String doctorCall(int id, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"doctor\",\"arguments\":"
        + arguments
        + "}}";
  }

  /** The first line of a doctor result's text, checked against its JSON's summary. */
  private static String firstLine(Map<String, Object> result) {
    String text =
        String.valueOf(McpServerIT.map(McpServerIT.list(result.get("content")).get(0)).get("text"));
    String first = text.split("\n")[0];
    assertEquals(first, McpServerIT.map(result.get("structuredContent")).get("summary"));
    return first;
  }

  private static Map<String, Object> check(Map<String, Object> result, String name) {
    return McpServerIT.list(McpServerIT.map(result.get("structuredContent")).get("checks")).stream()
        .map(McpServerIT::map)
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + result));
  }

  @Test
  void doctorToolRunsTheCommandsChecksAndAProbeOnlyWithConfirmedCost() {
    Run r =
        stdio(
            List.of(
                INIT,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                doctorCall(3, "{}"),
                doctorCall(4, "{\"probe\":true}"),
                doctorCall(5, "{\"probe\":true,\"confirm_cost\":true}"),
                doctorCall(6, "{\"probe\":\"yes\"}")));
    assertEquals(0, r.exit(), r.err());
    Map<String, Object> tool =
        McpServerIT.list(McpServerIT.map(byId(r, 2).get("result")).get("tools")).stream()
            .map(McpServerIT::map)
            .filter(t -> "doctor".equals(t.get("name")))
            .findFirst()
            .orElseThrow();
    assertTrue(String.valueOf(tool.get("description")).contains("confirm_cost"));
    assertEquals(
        List.of("ok", "summary", "checks"),
        McpServerIT.map(tool.get("outputSchema")).get("required"));

    Map<String, Object> free = McpServerIT.map(byId(r, 3).get("result"));
    assertNull(free.get("isError"));
    assertEquals("OK: a generation can work.", firstLine(free));
    assertEquals(true, McpServerIT.map(free.get("structuredContent")).get("ok"));
    assertEquals("ok", check(free, "generations").get("state"));
    String table =
        String.valueOf(McpServerIT.map(McpServerIT.list(free.get("content")).get(0)).get("text"));
    assertTrue(table.contains("\n  OK    generations "), table);
    assertTrue(
        McpServerIT.list(McpServerIT.map(free.get("structuredContent")).get("checks")).stream()
            .noneMatch(c -> "probe".equals(McpServerIT.map(c).get("name"))),
        "no probe unless asked");

    Map<String, Object> unconfirmed = McpServerIT.map(byId(r, 4).get("result"));
    assertEquals(true, unconfirmed.get("isError"));
    assertTrue(
        String.valueOf(McpServerIT.map(McpServerIT.list(unconfirmed.get("content")).get(0)))
            .contains("confirm_cost"),
        unconfirmed.toString());

    Map<String, Object> probed = McpServerIT.map(byId(r, 5).get("result"));
    assertEquals("ok", check(probed, "probe").get("state"), probed.toString());
    assertTrue(String.valueOf(check(probed, "probe").get("detail")).startsWith("1 image made"));
    assertEquals(true, McpServerIT.map(probed.get("structuredContent")).get("ok"));

    Map<String, Object> wrongType = McpServerIT.map(byId(r, 6).get("result"));
    assertEquals(true, wrongType.get("isError"));
    assertTrue(
        String.valueOf(McpServerIT.map(McpServerIT.list(wrongType.get("content")).get(0)))
            .contains("\"probe\""),
        wrongType.toString());
  }

  @Test
  void doctorToolSaysTheServerIsNotRunningWithOkFalseNotAnError() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r =
        stdio(
            List.of(INIT, doctorCall(2, "{}")),
            Map.of("OPENAI_API_KEY", "sk-doctor-test-key-123456"),
            List.of(
                "mcp",
                "--output",
                dir.toString(),
                "--base-url",
                "http://127.0.0.1:" + port + "/v1"));
    assertEquals(0, r.exit(), r.err());
    Map<String, Object> result = McpServerIT.map(byId(r, 2).get("result"));
    assertNull(result.get("isError"), "doctor answered: the call succeeded");
    assertEquals(false, McpServerIT.map(result.get("structuredContent")).get("ok"));
    String first = firstLine(result);
    assertTrue(first.startsWith("Cannot connect to 127.0.0.1:" + port), first);
    assertFalse(result.toString().contains("sk-doctor-test-key-123456"), "the key masked");
  }

  @Test
  void httpOffLoopbackNeedsAToken() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {"mcp", "--http", "--host", "0.0.0.0", "--emulator"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new Environment(Map.of(), dir, null, false));
    assertEquals(2, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--token"), err.toString());
    Run r = stdio(List.of(), "--token", "abc");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("go with --http"), r.err());
  }

  @Test
  void httpRefusesWithoutTheTokenAndChecksSessionsAndOrigins() throws Exception {
    try (Emulator emulator = Emulator.start(EmulatorOptions.defaults());
        ImageClient client = ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("k").build();
        McpServer server =
            new McpServer(
                new Tools(
                    new Backend(
                        client,
                        Settings.resolve(Map.of(), Map.of(), List.of(), null),
                        dir,
                        s -> s,
                        2,
                        Backend.DEFAULT_INLINE_CAP)));
        HttpTransport withToken = HttpTransport.start(server, "127.0.0.1", 0, "tok");
        HttpTransport open = HttpTransport.start(server, "127.0.0.1", 0, null)) {
      HttpClient http = HttpClient.newHttpClient();
      String init =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
              + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}}";
      for (String auth : new String[] {null, "Bearer nope", "tok", "Bearer tok2"}) {
        HttpResponse<String> r = http.send(post(withToken.url(), init, auth, null), body());
        assertEquals(401, r.statusCode(), String.valueOf(auth));
        assertEquals("", r.body(), "401 and nothing else");
      }
      HttpResponse<String> ok = http.send(post(withToken.url(), init, "Bearer tok", null), body());
      assertEquals(200, ok.statusCode());
      assertEquals("application/json", ok.headers().firstValue("content-type").orElse(""));
      String session = ok.headers().firstValue("mcp-session-id").orElse(null);
      assertNotNull(session);
      assertEquals(
          "2025-06-18",
          McpServerIT.map(McpServerIT.map(Json.parse(ok.body())).get("result"))
              .get("protocolVersion"));
      String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
      assertEquals(
          400, http.send(post(withToken.url(), ping, "Bearer tok", null), body()).statusCode());
      HttpRequest withSession =
          HttpRequest.newBuilder(URI.create(withToken.url()))
              .header("Authorization", "Bearer tok")
              .header("Mcp-Session-Id", session)
              .header("Accept", "application/json, text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(ping))
              .build();
      HttpResponse<String> pong = http.send(withSession, body());
      assertEquals(200, pong.statusCode());
      assertEquals("text/event-stream", pong.headers().firstValue("content-type").orElse(""));
      assertTrue(pong.body().startsWith("event: message\ndata: {"), pong.body());
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(withToken.url()))
              .header("Authorization", "Bearer tok")
              .GET()
              .build();
      assertEquals(405, http.send(get, body()).statusCode());
      HttpResponse<String> evil =
          http.send(post(open.url(), init, null, "http://evil.example"), body());
      assertEquals(403, evil.statusCode());
      HttpResponse<String> local =
          http.send(post(open.url(), init, null, "http://localhost:5173"), body());
      assertEquals(200, local.statusCode());
      assertFalse(local.body().contains("error"));
    }
  }

  private static HttpRequest post(String url, String json, String auth, String origin) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return b.build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
