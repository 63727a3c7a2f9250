package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.config.ClientConfig;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.TlsIdentity;
import gptimage.wire.Der;
import gptimage.wire.NetworkException;
import gptimage.wire.Pem;
import gptimage.wire.Trust;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trust is loaded lazily and by issuer: a plain http call parses no certificate; an https call
 * parses only the CA certificates that can anchor the server's chain, from the extra PEM files and
 * from the default store (JKS or PKCS#12) alike, and loads a source whole before it calls a chain
 * untrusted, so that what is trusted stays what the JDK trusts.
 */
class LazyTrustTest extends EmulatorHarness {
  static final TlsIdentity CA = TlsIdentity.selfSigned(List.of("lazy-ca.invalid"));

  /** A PEM file framed as a certificate, with nothing inside that decodes. */
  static final String BROKEN =
      "-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n";

  @AfterEach
  void clearStore() {
    System.clearProperty("javax.net.ssl.trustStore");
  }

  /** The JDK's own CA certificates: a real bundle of the size a system's is. */
  static List<X509Certificate> jdkAnchors() throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      ks.load(in, null);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (String alias : Collections.list(ks.aliases())) {
      out.add((X509Certificate) ks.getCertificate(alias));
    }
    return out;
  }

  private Path bundle(String name, List<X509Certificate> certs) throws Exception {
    StringBuilder b = new StringBuilder("# a system bundle\n");
    for (X509Certificate c : certs) {
      b.append(Pem.encode(c));
    }
    return Files.writeString(dir.resolve(name), b.toString(), StandardCharsets.US_ASCII);
  }

  private void serveTls() throws Exception {
    serve(EmulatorOptions.defaults().tls(CA.issue(TlsIdentity.LOOPBACK, now(-1), now(24))));
  }

  private static java.time.Instant now(int hours) {
    return java.time.Instant.now().plus(java.time.Duration.ofHours(hours));
  }

  private void generate(Trust trust) {
    try (ImageClient client =
        ImageClient.builder()
            .baseUrl(emulator.baseUrl())
            .apiKey("k")
            .maxRetries(0)
            .trust(trust)
            .build()) {
      client.generate(
          ImageRequest.builder("x").build(), ImageClient.SaveOptions.in(dir.resolve("out")));
    }
  }

  @Test
  void anHttpCallParsesNoCertificateOfSslCertFile() throws Exception {
    // Framed as PEM, but no certificate inside could be decoded, let alone parsed.
    Path broken = Files.writeString(dir.resolve("broken.pem"), BROKEN);
    env.put("SSL_CERT_FILE", broken.toString());
    Run r = run("--prompt", "x");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, emulator.requests().size());

    Trust trust = Trust.withExtra(List.of(bundle("jdk.pem", jdkAnchors())), List.of("x"));
    generate(trust);
    assertEquals(0, trust.certificatesParsed());
  }

  /** Serves TLS; writes the test CA's PEM (returned) and sets SSL_CERT_FILE to a broken one. */
  private Path trustedCaBesideABrokenSslCertFile() throws Exception {
    serveTls();
    Path ca = dir.resolve("ca.pem");
    CA.writeAnchorPem(ca);
    Files.writeString(dir.resolve("broken.pem"), BROKEN);
    env.put("SSL_CERT_FILE", "broken.pem");
    return ca;
  }

  @Test
  void thatFileOverHttpsIsBadInputNamingSslCertFileAndNothingIsSent() throws Exception {
    Path ca = trustedCaBesideABrokenSslCertFile();
    Run r = run("--prompt", "x", "--ca-file", ca.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("SSL_CERT_FILE") && r.err().contains("certificate 1 cannot be read"),
        r.err());
    assertTrue(r.err().lines().count() <= 2 && !r.err().contains("\tat "), r.err());
    assertEquals(List.of(), emulator.requests());
    assertEquals(List.of(), filesIn(dir.resolve("out")));
  }

  @Test
  void inABatchThatFileStopsTheRunAtItsFirstJobAndNothingIsSent() throws Exception {
    Path ca = trustedCaBesideABrokenSslCertFile();
    Files.write(dir.resolve("jobs.txt"), List.of("a fox", "an owl", "a cat", "a dog", "a yak"));
    Run r = run("batch", "jobs.txt", "--concurrency", "1", "--ca-file", ca.toString(), "--quiet");
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        1,
        r.err().lines().filter(l -> l.contains("certificate 1 cannot be read")).count(),
        r.err());
    assertTrue(r.err().contains("batch: stopping") && r.err().contains("SSL_CERT_FILE"), r.err());
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void aMissingFileOrOneWithNoCertificateIsRefusedAtStartForHttpAndHttps() throws Exception {
    Files.writeString(dir.resolve("none.pem"), "# nothing here\n");
    env.put("SSL_CERT_FILE", "none.pem");
    Run http = run("--prompt", "x");
    assertEquals(2, http.exit(), http.err());
    assertTrue(http.err().contains("SSL_CERT_FILE") && http.err().contains("holds no PEM"));
    env.put("SSL_CERT_FILE", "gone.pem");
    Run missing = run("--prompt", "x");
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("SSL_CERT_FILE") && missing.err().contains("gone.pem"));
    assertEquals(List.of(), emulator.requests(), "nothing sent over http either");
    env.remove("SSL_CERT_FILE");
    serveTls();
    Run https = run("--prompt", "x", "--ca-file", "none.pem");
    assertEquals(2, https.exit(), https.err());
    assertTrue(https.err().contains("--ca-file") && https.err().contains("holds no PEM"));
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void aChainAnchoredInTheSystemBundleParsesOnlyItsAnchor() throws Exception {
    serveTls();
    List<X509Certificate> certs = new ArrayList<>(jdkAnchors());
    certs.add(certs.size() / 2, CA.anchor());
    Trust trust = Trust.withExtra(List.of(bundle("system.pem", certs)), List.of("SSL_CERT_FILE"));
    generate(trust);
    assertEquals(1, trust.certificatesParsed());
    generate(trust); // a second connection: nothing new to parse
    assertEquals(1, trust.certificatesParsed());
  }

  @Test
  void anOpenSslTrustedCertificateBlockAnchorsAsItsCertificate() throws Exception {
    // RHEL's ca-bundle.trust.crt: each certificate followed by its trust settings (here, a
    // SEQUENCE holding the serverAuth purpose), which the JDK's parser reads past.
    serveTls();
    byte[] cert = CA.anchor().getEncoded();
    byte[] aux = {
      0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01
    };
    byte[] both = java.util.Arrays.copyOf(cert, cert.length + aux.length);
    System.arraycopy(aux, 0, both, cert.length, aux.length);
    Path file =
        Files.writeString(
            dir.resolve("ca-bundle.trust.crt"),
            "-----BEGIN TRUSTED CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(both)
                + "\n-----END TRUSTED CERTIFICATE-----\n",
            StandardCharsets.US_ASCII);
    Trust trust = Trust.withExtra(List.of(file), List.of("SSL_CERT_FILE"));
    generate(trust);
    assertEquals(1, trust.certificatesParsed());
  }

  @Test
  void aChainAnchoredInTheDefaultStoreParsesOnlyItsAnchorForJksAndPkcs12() throws Exception {
    serveTls();
    for (String type : new String[] {"JKS", "PKCS12"}) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(null, null);
      List<X509Certificate> all = jdkAnchors();
      for (int i = 0; i < all.size(); i++) {
        ks.setCertificateEntry("jdk-" + i, all.get(i));
      }
      ks.setCertificateEntry("lazy-ca", CA.anchor());
      Path store = dir.resolve("store." + type);
      System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
      System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
      try (OutputStream out = Files.newOutputStream(store)) {
        ks.store(out, type.equals("JKS") ? "changeit".toCharArray() : null);
      } finally {
        System.clearProperty("keystore.pkcs12.certProtectionAlgorithm");
        System.clearProperty("keystore.pkcs12.macAlgorithm");
      }
      System.setProperty("javax.net.ssl.trustStore", store.toString());
      Trust trust = Trust.defaults();
      generate(trust);
      assertEquals(1, trust.certificatesParsed(), type);
    }
  }

  @Test
  void aLargeBundleIsSearchedAfterTheDefaultStoreAndASmallOneBefore() throws Exception {
    serveTls();
    KeyStore ks = KeyStore.getInstance("JKS");
    ks.load(null, null);
    ks.setCertificateEntry("lazy-ca", CA.anchor());
    Path store = dir.resolve("store.jks");
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "changeit".toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", store.toString());
    // The system's bundle with a block that cannot be read: the store anchors the chain first,
    // so the bundle is never decoded (as a chain that needs none of its CAs never decodes them).
    Path system = bundle("system.pem", jdkAnchors());
    Files.writeString(system, BROKEN, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    assertTrue(Files.size(system) > 64 * 1024, "a bundle of the system's size");
    Trust large = Trust.withExtra(List.of(system), List.of("SSL_CERT_FILE"));
    generate(large);
    assertEquals(1, large.certificatesParsed());
    // A small file anchoring the chain beside the large broken one: the store and the large
    // bundle are never read.
    System.clearProperty("javax.net.ssl.trustStore");
    Path ca = dir.resolve("ca.pem");
    CA.writeAnchorPem(ca);
    Trust both = Trust.withExtra(List.of(system, ca), List.of("SSL_CERT_FILE", "--ca-file"));
    generate(both);
    assertEquals(1, both.certificatesParsed());
    // A --ca-file of one certificate is read first: here that is what reports the broken block.
    Path small = Files.writeString(dir.resolve("small.pem"), BROKEN, StandardCharsets.US_ASCII);
    Trust first = Trust.withExtra(List.of(small), List.of("--ca-file"));
    UsageException e = assertThrows(UsageException.class, () -> generate(first));
    assertTrue(
        e.getMessage().contains("--ca-file") && e.getMessage().contains("small.pem"),
        e.getMessage());
  }

  @Test
  void anUntrustedChainIsRefusedAfterEverySourceIsLoadedWhole() throws Exception {
    serveTls();
    List<X509Certificate> jdk = jdkAnchors();
    Trust trust = Trust.withExtra(List.of(bundle("system.pem", jdk)), List.of("SSL_CERT_FILE"));
    NetworkException e = assertThrows(NetworkException.class, () -> generate(trust));
    assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("--ca-file"), e.getMessage());
    assertEquals(jdk.size(), trust.certificatesParsed(), "the whole bundle, before saying so");
    assertEquals(List.of(), emulator.requests());
  }

  @Test
  void anAnchorWhoseNameIsEncodedOtherwiseIsFoundByTheFullLoad() throws Exception {
    serveTls();
    X509Certificate printable = reencodedAnchor();
    assertTrue(
        printable.getSubjectX500Principal().equals(CA.anchor().getSubjectX500Principal())
            && !Arrays.equals(
                printable.getSubjectX500Principal().getEncoded(),
                CA.anchor().getSubjectX500Principal().getEncoded()),
        "the same name to the JDK, other bytes");
    List<X509Certificate> certs = new ArrayList<>(jdkAnchors());
    certs.add(printable);
    Trust trust = Trust.withExtra(List.of(bundle("system.pem", certs)), List.of("SSL_CERT_FILE"));
    generate(trust);
    assertEquals(certs.size(), trust.certificatesParsed(), "no candidate by bytes: a full load");
  }

  /** The test CA again, its name a PrintableString where the server's issuer field has UTF-8. */
  private static X509Certificate reencodedAnchor() throws Exception {
    byte[] tbs = CA.anchor().getTBSCertificate();
    byte[] utf8 = Der.utf8("lazy-ca.invalid");
    byte[] swapped = tbs.clone();
    for (int i = 0; i + utf8.length <= swapped.length; i++) {
      if (Arrays.equals(swapped, i, i + utf8.length, utf8, 0, utf8.length)) {
        swapped[i] = 0x13; // PrintableString, same length
      }
    }
    assertTrue(!Arrays.equals(tbs, swapped));
    byte[] algorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(CA.key());
    s.update(swapped);
    byte[] cert = Der.sequence(swapped, algorithm, Der.bitString(s.sign()));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
  }

  @Test
  void aRedirectFromAnHttpBaseUrlToHttpsIsCheckedWithTheLazyTrust() throws Exception {
    serveTls();
    List<X509Certificate> certs = new ArrayList<>(jdkAnchors());
    certs.add(CA.anchor());
    env.put("SSL_CERT_FILE", bundle("system.pem", certs).toString());
    String target = emulator.baseUrl() + "/images/generations";
    try (java.net.ServerSocket http =
        new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                while (!http.isClosed()) {
                  try (java.net.Socket c = http.accept()) {
                    InputStream in = c.getInputStream();
                    String head = "";
                    while (!head.endsWith("\r\n\r\n")) {
                      int b = in.read();
                      if (b < 0) {
                        break;
                      }
                      head += (char) b;
                    }
                    c.getOutputStream()
                        .write(
                            ("HTTP/1.1 307 Temporary Redirect\r\nLocation: "
                                    + target
                                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + http.getLocalPort() + "/v1");
      Run r = run("--prompt", "x", "--max-retries", "0");
      assertTrue(!r.err().contains("not trusted"), r.err());
      assertEquals(1, emulator.requests().size(), "the https server was reached: " + r.err());
      env.remove("SSL_CERT_FILE");
      emulator.clearRequests();
      Run untrusted = run("--prompt", "x", "--max-retries", "0");
      assertTrue(untrusted.err().contains("is not trusted"), untrusted.err());
      assertEquals(List.of(), emulator.requests());
    }
  }

  @Test
  void clientConfigFromEnvReadsTheCaVariablesAsTheCommandDoes() throws Exception {
    serveTls();
    Path project = Files.createDirectories(dir.resolve("project"));
    CA.writeAnchorPem(project.resolve("company-ca.pem"));
    Files.writeString(
        project.resolve(".env"),
        "OPENAI_IMAGE_CA_FILE=company-ca.pem\nOPENAI_BASE_URL=" + emulator.baseUrl() + "\n");
    ClientConfig fromDotEnv = ClientConfig.fromEnv(Map.of("OPENAI_API_KEY", "k"), project);
    generate(fromDotEnv.trust());
    try (ImageClient c = fromDotEnv.newClient()) {
      c.generate(ImageRequest.builder("x").build(), ImageClient.SaveOptions.in(dir.resolve("o")));
    }
    Map<String, String> sslCertFile =
        Map.of(
            "OPENAI_API_KEY", "k",
            "OPENAI_BASE_URL", emulator.baseUrl(),
            "SSL_CERT_FILE", "project/company-ca.pem");
    try (ImageClient c = ClientConfig.fromEnv(sslCertFile, dir).newClient()) {
      c.generate(ImageRequest.builder("x").build(), ImageClient.SaveOptions.in(dir.resolve("o")));
    }
    Map<String, String> none = Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", emulator.baseUrl());
    try (ImageClient c = ClientConfig.fromEnv(none, dir).builder().maxRetries(0).build()) {
      NetworkException e =
          assertThrows(
              NetworkException.class,
              () ->
                  c.generate(
                      ImageRequest.builder("x").build(),
                      ImageClient.SaveOptions.in(dir.resolve("o"))));
      assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
    }
    UsageException missing =
        assertThrows(
            UsageException.class,
            () ->
                ClientConfig.fromEnv(
                    Map.of("OPENAI_API_KEY", "k", "OPENAI_IMAGE_CA_FILE", "gone.pem"), dir));
    assertTrue(missing.getMessage().contains("OPENAI_IMAGE_CA_FILE"), missing.getMessage());
    assertEquals(3, emulator.requests().size());
  }
}
