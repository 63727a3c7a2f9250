package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.TlsIdentity;
import gptimage.wire.Trust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole fault matrix again over https: every row of {@link FaultMatrixTest} runs against the
 * emulator serving TLS, its certificate trusted through {@code OPENAI_IMAGE_CA_FILE} (and, for the
 * rows that call the library directly, {@link Trust#withExtra}).
 */
class FaultMatrixTlsTest extends FaultMatrixTest {
  static final TlsIdentity IDENTITY =
      TlsIdentity.selfSigned(List.of("localhost", "127.0.0.1", "::1", "images.invalid"));
  static final Path PEM = writePem();

  private static Path writePem() {
    try {
      Path pem = Files.createTempFile("fault-matrix-tls", ".pem");
      pem.toFile().deleteOnExit();
      IDENTITY.writeAnchorPem(pem);
      return pem;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void serve(EmulatorOptions options) throws IOException {
    super.serve(options.tls(IDENTITY));
    env.put("OPENAI_IMAGE_CA_FILE", PEM.toString());
  }

  /** The https twin of the proxy row: a CONNECT tunnel with credentials; no_proxy bypasses it. */
  @Override
  @Test
  void httpProxyCarriesTheRequestAndNoProxyBypassesIt() throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString("me:secret".getBytes());
    try (ConnectProxy proxy = new ConnectProxy(auth)) {
      env.put("OPENAI_BASE_URL", "https://images.invalid:" + emulator.port() + "/v1");
      env.put("HTTPS_PROXY", "http://me:secret@127.0.0.1:" + proxy.port());
      Run r = run("--prompt", "x");
      assertEquals(0, r.exit(), r.err());
      assertEquals(1, r.files().size());
      assertEquals(
          List.of("CONNECT images.invalid:" + emulator.port() + " HTTP/1.1 auth"), proxy.asked);
      assertFalse(r.err().contains("secret"), r.err());

      env.put("no_proxy", "localhost, .invalid");
      proxy.asked.clear();
      Run direct = run("--prompt", "x");
      assertEquals(1, direct.exit(), direct.err());
      assertEquals(List.of(), proxy.asked, "no_proxy matched, so the proxy was not used");
    }
  }

  @Override
  Trust trust() {
    return Trust.withExtra(List.of(PEM), List.of("the emulator's certificate"));
  }
}
