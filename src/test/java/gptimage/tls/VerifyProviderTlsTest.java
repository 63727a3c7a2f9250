package gptimage.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.TlsIdentity;
import gptimage.wire.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the verifier first in this JVM's provider list, as the command puts it: the emulator's TLS
 * server in the same process still signs its handshakes (signing is the JDK's), and a client call
 * to it checks a CA-issued P-256 chain and the server's signature through the verifier.
 */
class VerifyProviderTlsTest {
  @TempDir Path dir;

  @Test
  void theInProcessTlsEmulatorStillServesAndItsP256ChainIsVerifiedHere() throws Exception {
    VerifyProvider.install();
    Instant now = Instant.now();
    TlsIdentity ca =
        TlsIdentity.selfSigned(
            List.of("test-ca"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    TlsIdentity server =
        ca.issue(
            TlsIdentity.LOOPBACK, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    ECPublicKey serverKey = (ECPublicKey) server.chain().get(0).getPublicKey();
    Signature probe = Signature.getInstance("SHA256withECDSA");
    probe.initVerify(serverKey);
    assertEquals(VerifyProvider.NAME, probe.getProvider().getName(), "the server's key is ours");
    Path pem = dir.resolve("ca.pem");
    ca.writeAnchorPem(pem);
    try (Emulator emulator = Emulator.start(EmulatorOptions.defaults().tls(server));
        ImageClient client =
            ImageClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey("k")
                .trust(Trust.withExtra(List.of(pem), List.of("--ca-file")))
                .build()) {
      assertTrue(emulator.baseUrl().startsWith("https://"), emulator.baseUrl());
      for (int i = 0; i < 2; i++) {
        client.generate(
            ImageRequest.builder("signed and verified").build(),
            ImageClient.SaveOptions.in(dir.resolve("out")));
      }
      assertEquals(2, emulator.requests().size());
    }
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertEquals(2, files.count());
    }
  }
}
