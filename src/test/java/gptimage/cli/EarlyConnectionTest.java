package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.TlsIdentity;
import gptimage.wire.ProxyRules;
import gptimage.wire.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The https connection a command opens on a second thread while it makes its request ready: the
 * first call uses it (one TLS connection, made before the call), a dry run and an MCP server open
 * none, a connection nobody claims is closed with the client, and input refused after it was
 * started still sends nothing. Connections are counted at a CONNECT proxy in front of the TLS
 * emulator, which sees each one open and close.
 */
class EarlyConnectionTest extends EmulatorHarness {
  private static final TlsIdentity CA = TlsIdentity.selfSigned(List.of("early-ca.invalid"));
  private Path caPem;
  private ConnectProxy proxy;
  private String base;

  @BeforeEach
  void serveTlsBehindAProxy() throws Exception {
    Instant now = Instant.now();
    serve(
        EmulatorOptions.defaults()
            .tls(
                CA.issue(
                    List.of("images.invalid"),
                    now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(1)))));
    caPem = dir.resolve("ca.pem");
    CA.writeAnchorPem(caPem);
    proxy = new ConnectProxy(null);
    base = "https://images.invalid:" + emulator.port() + "/v1";
    env.put("OPENAI_BASE_URL", base);
    env.put("https_proxy", "http://127.0.0.1:" + proxy.port());
  }

  @org.junit.jupiter.api.AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  private ImageClient client() {
    return ImageClient.builder()
        .baseUrl(base)
        .apiKey("k")
        .proxies(ProxyRules.fromEnvironment(env))
        .trust(Trust.withExtra(List.of(caPem), List.of("--ca-file")))
        .build();
  }

  /** Waits (up to 20 s: a loaded machine is slow, never wrong) for {@code condition}. */
  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "never happened: " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void theFirstCallUsesTheConnectionOpenedBeforeIt() throws Exception {
    try (ImageClient client = client()) {
      client.connectEarly();
      await(() -> proxy.asked.size() == 1, "the early CONNECT");
      assertEquals(List.of(), emulator.requests(), "nothing is sent before the call");
      client.connectEarly(); // one is enough
      for (int i = 0; i < 2; i++) {
        client.generate(
            ImageRequest.builder("x").build(), ImageClient.SaveOptions.in(dir.resolve("out")));
      }
    }
    assertEquals(1, proxy.asked.size(), "two calls, one connection: " + proxy.asked);
    assertEquals(2, emulator.requests().size());
  }

  @Test
  void aConnectionNobodyClaimsIsClosedWithTheClient() throws Exception {
    try (ImageClient client = client()) {
      client.connectEarly();
      await(() -> proxy.asked.size() == 1, "the early CONNECT");
    }
    await(() -> proxy.finished.get() == 1, "the tunnel closed");
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void theCommandConnectsEarlyAndADryRunDoesNot() throws Exception {
    Run r = run("--prompt", "x", "--ca-file", caPem.toString(), "--output", "out");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, proxy.asked.size(), proxy.asked.toString());
    Run dry = run("--prompt", "x", "--ca-file", caPem.toString(), "--dry-run");
    assertEquals(0, dry.exit(), dry.err());
    assertEquals(1, proxy.asked.size(), "a dry run connects nowhere: " + proxy.asked);
  }

  @Test
  void aBadPriceFileFoundAfterTheEarlyStartSendsNothingAndClosesIt() throws Exception {
    Path prices = Files.writeString(dir.resolve("prices.json"), "{not json");
    env.put("OPENAI_IMAGE_PRICES", prices.toString());
    Run r = run("--prompt", "x", "--ca-file", caPem.toString(), "--output", "out");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("OPENAI_IMAGE_PRICES"), r.err());
    assertEquals(List.of(), emulator.requests(), "nothing sent");
    await(() -> proxy.finished.get() == proxy.asked.size(), "every tunnel closed");
    assertFalse(
        Files.exists(dir.resolve("out")) && Files.list(dir.resolve("out")).findAny().isPresent());
  }

  @Test
  void aFailureOfTheEarlyConnectionIsTheCallsOwnAndTold() throws Exception {
    // Without the CA the early handshake fails: the call says so as it would have itself.
    Run r = run("--prompt", "x", "--output", "out");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("is not trusted") && r.err().contains("--ca-file"), r.err());
    assertFalse(r.err().contains("Retrying") || r.err().contains("\tat "), r.err());
    assertEquals(1, proxy.asked.size(), "not retried: " + proxy.asked);
    assertEquals(List.of(), emulator.requests());
  }
}
