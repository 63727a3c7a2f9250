package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fault matrix: the real command against each of the emulator's fault modes and against bad
 * answers and outputs. Each row checks the exit code, the message, how many requests the server
 * saw, and the files left. docs/reliability.md is the table of these rows.
 */
class FaultMatrixTest extends EmulatorHarness {
  private final List<HttpServer> helpers = new ArrayList<>();

  @AfterEach
  void stopHelpers() {
    helpers.forEach(h -> h.stop(0));
  }

  /** Real image files left in the folder, and no temporary file of ours. */
  private List<Path> imagesLeft() throws IOException {
    List<Path> all = filesIn(dir);
    for (Path p : all) {
      assertFalse(p.getFileName().toString().endsWith(".part"), "temp file left: " + p);
    }
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // fault | always | extra args | exit | message on stderr | requests | files left
        "429 | false | '' | 0 | HTTP 429 | 2 | 1",
        "500 | false | '' | 0 | HTTP 500 | 2 | 1",
        "reset | false | '' | 0 | failed | 2 | 1",
        "html-502 | true | --max-retries 1 | 1 | HTTP 502: 502 Bad Gateway | 2 | 0",
        "truncated-json | true | --max-retries 1 | 1 | cut off | 2 | 0",
        "truncated-stream | true | --max-retries 1 --stream --partial-images 2 --save-partials"
            + " | 1 | broke off before a completed image | 2 | 0",
        "no-image | true | '' | 1 | returned no image | 1 | 0",
        "no-image | true | --stream | 1 | without a completed image | 1 | 0",
        "bad-base64 | true | '' | 1 | not valid base64 | 1 | 0",
        "bad-base64 | true | --stream | 1 | not valid base64 | 1 | 0",
        "not-image | true | '' | 1 | is not an image | 1 | 0",
        "not-image | true | --response-format url | 1 | is not an image | 2 | 0",
        "hang | true | --timeout 1 --max-retries 1 | 1 | --timeout | 2 | 0",
        "slow-body | true | --timeout 1 --max-retries 0 | 1 | --timeout | 1 | 0",
      })
  void eachFault(
      String fault, boolean always, String extra, int exit, String message, int requests, int files)
      throws Exception {
    serve(
        EmulatorOptions.defaults()
            .slowBody(Duration.ofSeconds(4))
            .fault(Fault.Rule.parse(fault).fault(), always));
    List<String> args = new ArrayList<>(List.of("--prompt", "x"));
    if (!extra.isBlank()) {
      args.addAll(List.of(extra.trim().split("\\s+")));
    }
    Run r = run(args.toArray(String[]::new));
    assertEquals(exit, r.exit(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertFalse(r.err().contains("<html") || r.err().contains("\tat "), r.err());
    assertEquals(requests, emulator.requests().size());
    assertEquals(files, imagesLeft().size(), imagesLeft().toString());
    boolean refusal = fault.equals("no-image") && !extra.contains("--stream"); // data: []
    if (exit != 0 && !refusal) {
      assertEquals("", r.out(), "no result on stdout when nothing was saved");
    } else if (exit != 0) {
      assertTrue(r.out().contains("\"refused\""), "a refusal says so on stdout: " + r.out());
    }
    // The waits themselves are pinned, on a fake sleeper, by TransportRetryTest.
    if (fault.equals("429")) {
      assertTrue(r.err().contains("Retrying in 1 s (attempt 2 of 3)"), "retry-after: 1 honoured");
      assertTrue(r.err().contains("req_"), r.err());
    }
  }

  @Test
  void aStreamThatBreaksAfterSomeImagesKeepsThemAndExits3WithoutRetrying() throws Exception {
    serve(EmulatorOptions.defaults().fault(Fault.TRUNCATED_STREAM, true));
    Run r = run("--prompt", "x", "--n", "3", "--stream", "--partial-images", "1", "--name", "set");
    assertEquals(3, r.exit(), r.err());
    assertTrue(r.err().contains("partly done") && r.err().contains("after 2 completed"), r.err());
    assertEquals(1, emulator.requests().size(), "a retry would pay for the saved images again");
    assertEquals(List.of(dir.resolve("set-1.png"), dir.resolve("set-2.png")), imagesLeft());
    for (String f : r.files()) {
      assertEquals(1024, ImageIO.read(Path.of(f).toFile()).getWidth());
    }
    assertTrue(String.valueOf(Json.at(r.json(), "incomplete")).contains("broke off"), r.out());
  }

  @Test
  void badAnswersAreNeverQuotedWholeNorRetriedWhenTheyCannotHeal() throws Exception {
    serve(EmulatorOptions.defaults().urlLifetime(Duration.ZERO));
    Run r = run("--prompt", "x", "--response-format", "url");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("HTTP 403") && r.err().contains("Signed expiry"), r.err());
    assertEquals(2, emulator.requests().size(), "a 403 download is not retried");
    assertEquals(List.of(), imagesLeft());
  }

  @Test
  void aDownloadPastTheLimitIsRefusedAndLeavesNothing() throws Exception {
    try (gptimage.client.ImageClient client =
        gptimage.client.ImageClient.builder()
            .baseUrl(emulator.baseUrl())
            .apiKey("k")
            .downloadLimit(10_000)
            .build()) {
      gptimage.ImageToolException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              gptimage.ImageToolException.class,
              () ->
                  client.generate(
                      gptimage.client.ImageRequest.builder("x").responseFormat("url").build(),
                      gptimage.client.ImageClient.SaveOptions.in(dir)));
      assertEquals(ExitCode.FAILED, Main.exitCodeOf(e));
      assertTrue(e.getMessage().contains("larger than 10000 bytes"), e.getMessage());
    }
    assertEquals(2, emulator.requests().size(), "a refused download is not retried");
    assertEquals(List.of(), imagesLeft());
  }

  @Test
  void aDataUrlThatIsNotBase64IsAClearError() throws Exception {
    HttpServer gateway =
        helper(
            ex -> {
              ex.getRequestBody().readAllBytes();
              byte[] answer =
                  ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                          + "\"![img](data:image/png,%89PNG)\"}}]}")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
              ex.getResponseHeaders().set("content-type", "application/json");
              ex.sendResponseHeaders(200, answer.length);
              ex.getResponseBody().write(answer);
              ex.close();
            });
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/v1");
    Run r = run("--prompt", "x", "--protocol", "openai_chat");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("data URL is not base64"), r.err());
    assertEquals(List.of(), imagesLeft());
  }

  @Test
  void aFailingCallLeavesAnotherCallSavingBesideItAlone() throws Exception {
    serve(
        EmulatorOptions.defaults().slowBody(Duration.ofMillis(1500)).fault(Fault.SLOW_BODY, false));
    try (gptimage.client.ImageClient client =
        gptimage.client.ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("k").build()) {
      var slow =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  client.generate(
                      gptimage.client.ImageRequest.builder("slow").build(),
                      gptimage.client.ImageClient.SaveOptions.in(dir)));
      long end = System.nanoTime() + 10_000_000_000L;
      while (filesIn(dir).stream().noneMatch(p -> p.toString().endsWith(".part"))) {
        assertTrue(System.nanoTime() < end, "the slow answer began arriving");
        Thread.sleep(10);
      }
      org.junit.jupiter.api.Assertions.assertThrows(
          gptimage.wire.ApiException.class,
          () ->
              client.generate(
                  gptimage.client.ImageRequest.builder("bad").size("1000x1000").build(),
                  gptimage.client.ImageClient.SaveOptions.in(dir)));
      gptimage.client.ImageResult r = slow.get(30, TimeUnit.SECONDS);
      assertEquals(1, r.images().size());
      assertEquals(List.of(r.images().get(0).file()), imagesLeft());
    }
  }

  // ---- key safety ----

  @Test
  void anImageUrlOnAnotherHostNeverReceivesTheKey() throws Exception {
    serve(EmulatorOptions.defaults().imageHost("localhost"));
    Run r = run("--prompt", "x", "--response-format", "url");
    assertEquals(0, r.exit(), r.err());
    List<RecordedRequest> seen = emulator.requests();
    assertEquals(2, seen.size());
    assertTrue(header(seen.get(0), "authorization").startsWith("Bearer "));
    assertTrue(header(seen.get(1), "host").startsWith("localhost:"), seen.get(1).toString());
    assertNull(header(seen.get(1), "authorization"), "the download carried the key");
  }

  @Test
  void aRedirectToAnotherHostDropsTheKeyAndSameHostKeepsIt() throws Exception {
    List<String> keysSeen = new CopyOnWriteArrayList<>();
    HttpServer gateway =
        helper(
            ex -> {
              keysSeen.add(String.valueOf(ex.getRequestHeaders().getFirst("authorization")));
              String to =
                  ex.getRequestURI().getPath().startsWith("/old/")
                      ? "/new/" + ex.getRequestURI().getPath().substring(5)
                      : "http://localhost:" + emulator.port() + "/v1/images/generations";
              if (ex.getRequestURI().getPath().startsWith("/new/")) {
                to = "http://localhost:" + emulator.port() + "/v1/images/generations";
              }
              ex.getRequestBody().readAllBytes();
              ex.getResponseHeaders().set("location", to);
              ex.sendResponseHeaders(307, -1);
              ex.close();
            });
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/old");
    Run r = run("--prompt", "x");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of("Bearer sk-test-secret-key-abcd", "Bearer sk-test-secret-key-abcd"),
        keysSeen,
        "the same host had the key on both hops");
    assertNull(header(emulator.lastRequest(), "authorization"), "another host got the key");
    assertEquals("x", Json.at(emulator.lastRequest().json(), "prompt"));
    assertEquals(1, r.files().size());
  }

  @Test
  void aRedirectThatWouldTurnThePostIntoAGetIsRefused() throws Exception {
    HttpServer gateway =
        helper(
            ex -> {
              ex.getRequestBody().readAllBytes();
              ex.getResponseHeaders().set("location", "/elsewhere");
              ex.sendResponseHeaders(302, -1);
              ex.close();
            });
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/v1");
    Run r = run("--prompt", "x");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("HTTP 302") && r.err().contains("base URL"), r.err());
  }

  // ---- proxies ----

  @Test
  void httpProxyCarriesTheRequestAndNoProxyBypassesIt() throws Exception {
    List<String> proxied = new CopyOnWriteArrayList<>();
    HttpServer proxy = forwardingProxy(proxied, "Basic " + b64("me:secret"));
    // A host name only the proxy can reach: the proxy sends it on to the emulator.
    env.put("OPENAI_BASE_URL", "http://images.invalid:" + emulator.port() + "/v1");
    env.put("HTTP_PROXY", "http://me:secret@127.0.0.1:" + proxy.getAddress().getPort());
    Run r = run("--prompt", "x");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.files().size());
    assertTrue(
        proxied.contains(
            "POST http://images.invalid:" + emulator.port() + "/v1/images/generations"),
        proxied.toString());
    assertFalse(r.err().contains("secret"), r.err());

    env.put("no_proxy", "localhost, .invalid");
    proxied.clear();
    Run direct = run("--prompt", "x");
    assertEquals(1, direct.exit(), direct.err());
    assertEquals(List.of(), proxied, "no_proxy matched, so the proxy was not used");
  }

  @Test
  void theEmulatorOnLoopbackIsNeverSentThroughAProxy() {
    env.put("https_proxy", "http://127.0.0.1:9");
    env.put("http_proxy", "http://127.0.0.1:9");
    Run r = run("--prompt", "x");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void anUnusableProxyVariableIsAUsageErrorAndNothingIsSent() {
    env.put("HTTPS_PROXY", "socks5://user:pw@127.0.0.1:1080");
    Run r = run("--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("HTTPS_PROXY") && r.err().contains("only http://"), r.err());
    assertFalse(r.err().contains("pw@"), r.err());
    assertEquals(0, emulator.requests().size());
  }

  // ---- output ----

  @Test
  void anOutputFolderThatCannotBeCreatedIsExit2AndNothingIsSent() throws Exception {
    Files.writeString(dir.resolve("taken"), "a file");
    Run r = run("--prompt", "x", "--output", "taken/sub");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--output") && r.err().contains("taken"), r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void aFullDiskIsAClearErrorThatIsNotRetriedAndLeavesNothing() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    Assumptions.assumeTrue(
        mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "needs a small tmpfs (root); this machine cannot mount one");
    try {
      // A 3840x2160 PNG is several MB: it cannot fit in 256 kB.
      Run r = run("--prompt", "x", "--size", "3840x2160", "--output", small.toString());
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains("is full") && r.err().contains("--output"), r.err());
      assertEquals(1, emulator.requests().size(), "a full disk is not a network fault");
      assertEquals(List.of(), filesIn(small));
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  // ---- helpers ----

  private static String header(RecordedRequest r, String name) {
    return r.header(name);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpServer helper(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", handler);
    server.start();
    helpers.add(server);
    return server;
  }

  /**
   * A forward HTTP proxy on loopback: asks for {@code credentials} with a 407, then sends each
   * request on to the emulator, whatever host it names, and records "METHOD absolute-URI".
   */
  private HttpServer forwardingProxy(List<String> seen, String credentials) throws IOException {
    HttpClient onward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return helper(
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          if (!credentials.equals(ex.getRequestHeaders().getFirst("proxy-authorization"))) {
            ex.getResponseHeaders().set("proxy-authenticate", "Basic realm=\"test\"");
            ex.sendResponseHeaders(407, -1);
            ex.close();
            return;
          }
          URI asked = ex.getRequestURI();
          seen.add(ex.getRequestMethod() + " " + asked);
          relay(ex, onward, asked, body);
        });
  }

  private void relay(HttpExchange ex, HttpClient onward, URI asked, byte[] body)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(emulator.baseUrl().replace("/v1", "") + asked.getRawPath()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String h : List.of("authorization", "content-type")) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    try {
      HttpResponse<InputStream> answer =
          onward.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      answer
          .headers()
          .firstValue("content-type")
          .ifPresent(v -> ex.getResponseHeaders().set("content-type", v));
      ex.sendResponseHeaders(answer.statusCode(), 0);
      try (InputStream in = answer.body();
          OutputStream out = ex.getResponseBody()) {
        in.transferTo(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    }
  }
}
