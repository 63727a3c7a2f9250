package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.TlsIdentity;
import gptimage.wire.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * https end to end: the TLS emulator, the trust a user sets ({@code --ca-file}, {@code
 * OPENAI_IMAGE_CA_FILE}, {@code SSL_CERT_FILE}, the JDK's trust store properties), each TLS failure
 * told plainly and retried only where a retry can help, and https through a CONNECT proxy with and
 * without credentials.
 */
class TlsTest extends EmulatorHarness {
  static final TlsIdentity CA = TlsIdentity.selfSigned(List.of("test-ca.invalid"));
  static final Instant NOW = Instant.now();

  private Path caPem;

  /** Serves https with a certificate for {@code names} issued by {@link #CA}, valid as given. */
  private void serveTls(List<String> names, Instant notBefore, Instant notAfter)
      throws IOException {
    serve(EmulatorOptions.defaults().tls(CA.issue(names, notBefore, notAfter)));
    caPem = dir.resolve("ca.pem");
    CA.writeAnchorPem(caPem);
  }

  private void serveTls() throws IOException {
    serveTls(TlsIdentity.LOOPBACK, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void aGenerationOverHttpsWithCaFileMakesAnImage() throws Exception {
    serveTls();
    assertTrue(emulator.baseUrl().startsWith("https://127.0.0.1:"), emulator.baseUrl());
    Run r = run("--prompt", "x", "--ca-file", caPem.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(1024, ImageIO.read(Path.of(r.files().get(0)).toFile()).getWidth());
    assertTrue(emulator.lastRequest().headers().get("authorization").endsWith("abcd"));
  }

  @Test
  void localhostAndTheEnvironmentAndDotEnvAndSslCertFileAllWork() throws Exception {
    serveTls();
    env.put("OPENAI_BASE_URL", emulator.baseUrl().replace("127.0.0.1", "localhost"));
    env.put("OPENAI_IMAGE_CA_FILE", caPem.toString());
    assertEquals(0, run("--prompt", "x").exit());
    env.remove("OPENAI_IMAGE_CA_FILE");
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.copy(caPem, project.resolve("company-ca.pem"));
    Files.writeString(project.resolve(".env"), "OPENAI_IMAGE_CA_FILE=company-ca.pem\n");
    Run fromDotEnv = runIn(dir, project, "--prompt", "x");
    assertEquals(0, fromDotEnv.exit(), "a relative path is read from the .env's folder");
    env.put("SSL_CERT_FILE", caPem.toString());
    assertEquals(0, run("--prompt", "x").exit());
    assertEquals(3, emulator.requests().size());
  }

  @Test
  void doctorOverHttpsTrustsTheCaFileAndWithoutItNamesCaFileFirst() throws Exception {
    serveTls();
    Run trusted = run("doctor", "--ca-file", caPem.toString());
    assertEquals(0, trusted.exit(), trusted.out() + trusted.err());
    assertTrue(trusted.out().startsWith("OK: a generation can work."), trusted.out());
    assertTrue(trusted.out().contains("certificate trusted"), trusted.out());
    assertTrue(trusted.out().contains("1 certificate(s) from --ca-file"), trusted.out());
    emulator.clearRequests();
    Run untrusted = run("doctor");
    assertEquals(1, untrusted.exit(), untrusted.out());
    String first = untrusted.out().lines().findFirst().orElse("");
    assertTrue(first.contains("is not trusted") && first.contains("--ca-file"), first);
    assertEquals(List.of(), emulator.requests(), "nothing reached the server");
  }

  @Test
  void withoutTrustTheErrorNamesCaFileIsNotRetriedAndTheKeyIsNeverSent() throws Exception {
    serveTls();
    Run r = run("--prompt", "x");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("is not trusted") && r.err().contains("--ca-file"), r.err());
    assertFalse(r.err().contains("Retrying") || r.err().contains("\tat "), r.err());
    assertEquals(List.of(), emulator.requests(), "nothing reached the server");
    assertEquals(List.of(), filesIn(dir.resolve("out")));
  }

  @Test
  void anExpiredCertificateIsSaidAndNotRetried() throws Exception {
    serveTls(TlsIdentity.LOOPBACK, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
    Run r = run("--prompt", "x", "--ca-file", caPem.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("expired on") && r.err().contains("clock"), r.err());
    assertFalse(r.err().contains("Retrying"), r.err());
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void aCertificateForAnotherHostIsSaidWithItsNamesAndNotRetried() throws Exception {
    serveTls(
        List.of("api.other.invalid"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    Run r = run("--prompt", "x", "--ca-file", caPem.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.err().contains("is for api.other.invalid") && r.err().contains("--base-url"), r.err());
    assertFalse(r.err().contains("Retrying"), r.err());
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void aWildcardCertificateIsCheckedByTheJdkThroughTheHandshakeView() throws Exception {
    // HostIdentity leaves a wildcard match to the JDK's own check (HandshakeView): both ways.
    serveTls(
        List.of("*.images.invalid"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    try (ConnectProxy proxy = new ConnectProxy(null)) {
      env.put("https_proxy", "http://127.0.0.1:" + proxy.port());
      env.put("OPENAI_BASE_URL", "https://api.images.invalid:" + emulator.port() + "/v1");
      Run ok = run("--prompt", "x", "--ca-file", caPem.toString());
      assertEquals(0, ok.exit(), ok.err());
      env.put("OPENAI_BASE_URL", "https://a.b.images.invalid:" + emulator.port() + "/v1");
      Run wrong = run("--prompt", "x", "--ca-file", caPem.toString());
      assertEquals(1, wrong.exit(), wrong.err());
      assertTrue(wrong.err().contains("is for *.images.invalid"), wrong.err());
      assertEquals(1, emulator.requests().size(), "the wrong name sent nothing");
    }
  }

  @Test
  void aPlainHttpServerAskedForHttpsIsSaidAndNotRetried() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    SocketAction plainHttp = // as nginx answers bytes that are not HTTP
        c -> {
          c.getInputStream().read(new byte[512]);
          c.getOutputStream()
              .write(
                  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                      .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          c.close();
        };
    try (ServerSocket server = rawServer(accepted, plainHttp)) {
      env.put("OPENAI_BASE_URL", "https://127.0.0.1:" + server.getLocalPort() + "/v1");
      Run r = run("--prompt", "x");
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains("does not speak TLS") && r.err().contains("http://"), r.err());
      assertFalse(r.err().contains("Retrying"), r.err());
      assertEquals(1, accepted.get());
    }
  }

  /** A server that takes connections and then does {@code what} with each; counts them. */
  private static ServerSocket rawServer(AtomicInteger accepted, SocketAction what)
      throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket c = s.accept();
                  accepted.incrementAndGet();
                  what.on(c);
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return s;
  }

  @FunctionalInterface
  interface SocketAction {
    void on(Socket s) throws IOException;
  }

  @Test
  void aHandshakeThatNeverCompletesEndsAtTheTimeout() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket silent = rawServer(accepted, held::add)) {
      env.put("OPENAI_BASE_URL", "https://127.0.0.1:" + silent.getLocalPort() + "/v1");
      long started = System.nanoTime();
      Run r = run("--prompt", "x", "--timeout", "1", "--max-retries", "1");
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains("--timeout"), r.err());
      assertTrue(r.err().contains("attempt 2 of 2"), "a silent peer may answer next time");
      assertEquals(2, accepted.get());
      assertTrue(ms < 15_000, "ended by the timeout, not hung: " + ms + " ms");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aResetDuringTheHandshakeIsSaidAndRetried() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    SocketAction reset =
        s -> {
          InputStream in = s.getInputStream();
          in.read(new byte[5]); // the start of the ClientHello
          s.setSoLinger(true, 0); // close with a RST
          s.close();
        };
    try (ServerSocket server = rawServer(accepted, reset)) {
      env.put("OPENAI_BASE_URL", "https://127.0.0.1:" + server.getLocalPort() + "/v1");
      Run r = run("--prompt", "x", "--max-retries", "1");
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains("TLS handshake with 127.0.0.1"), r.err());
      assertTrue(r.err().contains("broke off"), r.err());
      assertEquals(2, accepted.get(), "retried once");
      assertFalse(r.err().contains("\tat "), r.err());
    }
  }

  @Test
  void anUnreadableCaFileIsAUsageErrorAndNothingIsSent() throws Exception {
    serveTls();
    Run missing = run("--prompt", "x", "--ca-file", "nope.pem");
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("--ca-file") && missing.err().contains("nope.pem"));
    Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    Run empty = run("--prompt", "x", "--ca-file", "empty.pem");
    assertEquals(2, empty.exit(), empty.err());
    assertTrue(empty.err().contains("holds no PEM certificate"), empty.err());
    env.put("SSL_CERT_FILE", dir.resolve("gone.pem").toString());
    Run sslCertFile = run("--prompt", "x");
    assertEquals(2, sslCertFile.exit(), sslCertFile.err());
    assertTrue(sslCertFile.err().contains("SSL_CERT_FILE"), sslCertFile.err());
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void theJdkTrustStorePropertiesKeepWorking() throws Exception {
    serveTls();
    Path store = dir.resolve("trust.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("test-ca", CA.anchor());
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "changeit".toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", store.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    try {
      Run r = run("--prompt", "x");
      assertEquals(0, r.exit(), r.err());
    } finally {
      System.clearProperty("javax.net.ssl.trustStore");
      System.clearProperty("javax.net.ssl.trustStorePassword");
    }
  }

  @Test
  void httpsThroughAConnectProxyWithCredentialsAndKeepAliveAcrossCalls() throws Exception {
    serveTls(
        List.of("images.invalid"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    String auth = "Basic " + Base64.getEncoder().encodeToString("me:s3cret".getBytes());
    try (ConnectProxy proxy = new ConnectProxy(auth)) {
      // A host name only the proxy can reach: it tunnels to the emulator's port on loopback.
      env.put("OPENAI_BASE_URL", "https://images.invalid:" + emulator.port() + "/v1");
      env.put("https_proxy", "http://me:s3cret@127.0.0.1:" + proxy.port());
      Run r = run("--prompt", "x", "--ca-file", caPem.toString());
      assertEquals(0, r.exit(), r.err());
      assertEquals(
          List.of("CONNECT images.invalid:" + emulator.port() + " HTTP/1.1 auth"), proxy.asked);
      assertFalse(r.err().contains("s3cret"), r.err());

      proxy.asked.clear();
      try (ImageClient client =
          ImageClient.builder()
              .baseUrl("https://images.invalid:" + emulator.port() + "/v1")
              .apiKey("k")
              .proxies(gptimage.wire.ProxyRules.fromEnvironment(env))
              .trust(Trust.withExtra(List.of(caPem), List.of("--ca-file")))
              .build()) {
        for (int i = 0; i < 3; i++) {
          client.generate(
              ImageRequest.builder("x").build(), ImageClient.SaveOptions.in(dir.resolve("kept")));
        }
      }
      assertEquals(1, proxy.asked.size(), "three calls, one tunnel: " + proxy.asked);
      assertEquals(3, filesIn(dir.resolve("kept")).size());
    }
  }

  @Test
  void aProxyThatWantsCredentialsIsToldWhereToPutThemAndNotRetried() throws Exception {
    serveTls(
        List.of("images.invalid"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    String auth = "Basic " + Base64.getEncoder().encodeToString("me:s3cret".getBytes());
    try (ConnectProxy proxy = new ConnectProxy(auth)) {
      env.put("OPENAI_BASE_URL", "https://images.invalid:" + emulator.port() + "/v1");
      env.put("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
      Run none = run("--prompt", "x", "--ca-file", caPem.toString());
      assertEquals(1, none.exit(), none.err());
      assertTrue(
          none.err().contains("HTTP 407") && none.err().contains("https_proxy=http://USER:"),
          none.err());
      assertFalse(none.err().contains("NullPointerException") || none.err().contains("Retrying"));
      env.put("HTTPS_PROXY", "http://me:wrong@127.0.0.1:" + proxy.port());
      Run wrong = run("--prompt", "x", "--ca-file", caPem.toString());
      assertEquals(1, wrong.exit(), wrong.err());
      assertTrue(wrong.err().contains("refused the user name and password"), wrong.err());
      assertFalse(wrong.err().contains("wrong"), "the password is never shown: " + wrong.err());
      assertEquals(2, proxy.asked.size(), proxy.asked.toString());
      assertEquals(List.of(), emulator.requests());
    }
  }

  @Test
  void aProxyWithoutCredentialsCarriesHttpsToo() throws Exception {
    serveTls(
        List.of("images.invalid"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    try (ConnectProxy proxy = new ConnectProxy(null)) {
      env.put("OPENAI_BASE_URL", "https://images.invalid:" + emulator.port() + "/v1");
      env.put("all_proxy", "127.0.0.1:" + proxy.port());
      Run r = run("--prompt", "x", "--ca-file", caPem.toString(), "--stream");
      assertEquals(0, r.exit(), r.err());
      assertEquals(List.of("CONNECT images.invalid:" + emulator.port() + " HTTP/1.1"), proxy.asked);
      assertEquals(Boolean.TRUE, gptimage.json.Json.at(emulator.lastRequest().json(), "stream"));
    }
  }
}
