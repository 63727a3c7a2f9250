package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.wire.Pem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made with no openssl: what they hold, and PEM files in and out. */
class TlsIdentityTest {
  @TempDir Path dir;

  @Test
  void aMadeCertificateNamesTheLoopbackHostsAndIsSignedByItsOwnKey() throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(TlsIdentity.LOOPBACK);
    X509Certificate cert = id.anchor();
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    List<String> names =
        cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
    assertEquals(3, names.size(), names.toString());
    assertEquals("localhost", names.get(0));
    assertEquals("127.0.0.1", names.get(1));
    assertEquals(
        InetAddress.getByName("::1"), InetAddress.getByName(names.get(2).replace("%0", "")));
    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
    assertTrue(cert.getBasicConstraints() >= 0, "it may sign others");
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
  }

  @Test
  void anIssuedCertificateChainsToItsIssuerWithTheDatesAsked() throws Exception {
    TlsIdentity ca = TlsIdentity.selfSigned(List.of("ca.invalid"));
    Instant from = Instant.parse("2020-01-01T00:00:00Z");
    Instant to = Instant.parse("2060-06-01T00:00:00Z"); // past 2049: GeneralizedTime
    TlsIdentity leaf = ca.issue(List.of("api.invalid"), from, to);
    assertEquals(2, leaf.chain().size());
    X509Certificate cert = leaf.chain().get(0);
    cert.verify(ca.anchor().getPublicKey());
    assertEquals(from, cert.getNotBefore().toInstant());
    assertEquals(to, cert.getNotAfter().toInstant());
    assertEquals("CN=ca.invalid", cert.getIssuerX500Principal().getName());
    assertEquals(-1, cert.getBasicConstraints(), "a leaf is no CA");
    assertEquals(ca.anchor(), leaf.anchor());
  }

  @Test
  void pemFilesRoundTripForEcAndPkcs1RsaKeys() throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(List.of("localhost"));
    Path cert = dir.resolve("cert.pem");
    id.writeAnchorPem(cert);
    Path key = dir.resolve("key.pem");
    Files.writeString(key, pem("PRIVATE KEY", id.key().getEncoded()));
    TlsIdentity back = TlsIdentity.fromPem(cert, key);
    assertEquals(id.anchor(), back.anchor());
    assertEquals(id.key(), back.key());
    back.serverContext(); // key and certificate fit together

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
    byte[] pkcs8 = rsaKey.getEncoded();
    // PKCS#8 of RSA ends with an OCTET STRING holding the PKCS#1 key: cut it out.
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    Files.writeString(key, "text before\n" + pem("RSA PRIVATE KEY", pkcs1));
    assertEquals(rsaKey, Pem.privateKey(key, "--tls-key"));
  }

  @Test
  void unusableFilesAreNamedWithWhatTheyShouldHold() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing\n");
    IllegalArgumentException noCert =
        assertThrows(IllegalArgumentException.class, () -> Pem.certificates(empty, "--ca-file"));
    assertTrue(noCert.getMessage().contains("--ca-file " + empty + " holds no PEM certificate"));
    Path sec1 = Files.writeString(dir.resolve("ec.pem"), pem("EC PRIVATE KEY", new byte[] {1}));
    IllegalArgumentException ec =
        assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(sec1, "--tls-key"));
    assertTrue(ec.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), ec.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsIdentity.fromPem(dir.resolve("no.pem"), empty));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void aCertificateMadeNowIsValidFromAnHourAgoForAYear() {
    X509Certificate c = TlsIdentity.selfSigned(List.of("localhost")).anchor();
    Duration span = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    assertEquals(Duration.ofDays(365).plusHours(1).toHours(), span.toHours());
  }
}
