package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.TlsIdentity;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default trust store read without parsing, checked against the JDK's own reading of the same
 * file: the same certificates, byte for byte, or null where the JDK must read it.
 */
class TrustStoreFileTest {
  static final TlsIdentity A = TlsIdentity.selfSigned(List.of("a-ca.invalid"));
  static final TlsIdentity B = TlsIdentity.selfSigned(List.of("b-ca.invalid"));
  static final TlsIdentity KEYED = TlsIdentity.selfSigned(List.of("keyed.invalid"));

  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("javax.net.ssl.trustStore");
    System.clearProperty("javax.net.ssl.trustStoreType");
    System.clearProperty("javax.net.ssl.trustStorePassword");
  }

  /** What the JDK's trust manager takes from a store: as sun.security.validator.TrustStoreUtil. */
  static Set<ByteBuffer> jdkTrusted(Path file, String type) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, null);
    }
    Set<ByteBuffer> out = new HashSet<>();
    for (String alias : Collections.list(ks.aliases())) {
      Certificate c =
          ks.isCertificateEntry(alias)
              ? ks.getCertificate(alias)
              : ks.getCertificateChain(alias) == null ? null : ks.getCertificateChain(alias)[0];
      if (c instanceof X509Certificate) {
        out.add(ByteBuffer.wrap(c.getEncoded()));
      }
    }
    return out;
  }

  static Set<ByteBuffer> ours(List<byte[]> ders) {
    Set<ByteBuffer> out = new HashSet<>();
    for (byte[] d : ders) {
      out.add(ByteBuffer.wrap(d));
    }
    return out;
  }

  private Path store(String type, char[] password, boolean withKey) throws Exception {
    return store(type, password, withKey, "a", "b");
  }

  /** A store of A and B under these aliases (and KEYED's key); no protection without a password. */
  private Path store(String type, char[] password, boolean withKey, String aliasA, String aliasB)
      throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    ks.setCertificateEntry(aliasA, A.anchor());
    ks.setCertificateEntry(aliasB, B.anchor());
    if (withKey) {
      ks.setKeyEntry(
          "keyed", KEYED.key(), "k".toCharArray(), KEYED.chain().toArray(Certificate[]::new));
    }
    Path file =
        dir.resolve(
            type + "-" + aliasA.hashCode() + (password == null ? "-open" : "-locked") + ".store");
    if (password == null) { // as the JDK's own cacerts is made: no encryption, no MAC
      System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
      System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    } finally {
      System.clearProperty("keystore.pkcs12.certProtectionAlgorithm");
      System.clearProperty("keystore.pkcs12.macAlgorithm");
    }
    return file;
  }

  @Test
  void aJksStoreGivesItsCertificateAndKeyEntriesAsTheJdkDoes() throws Exception {
    Path jks = store("JKS", "changeit".toCharArray(), true);
    List<byte[]> read = TrustStoreFile.jks(Files.readAllBytes(jks));
    assertEquals(3, read.size());
    assertEquals(jdkTrusted(jks, "JKS"), ours(read));
  }

  @Test
  void aJksAliasWithACapitalLetterIsLeftOutAsTheJdkLeavesItOut() throws Exception {
    // keytool writes aliases in lower case; a store written otherwise may hold "Upper", which the
    // JDK's JKS looks up as "upper" and so never trusts.
    KeyStore ks = KeyStore.getInstance("CaseExactJKS");
    ks.load(null, null);
    ks.setCertificateEntry("lower", A.anchor());
    ks.setCertificateEntry("Upper", B.anchor());
    Path file = dir.resolve("case.jks");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "changeit".toCharArray());
    }
    List<byte[]> read = TrustStoreFile.jks(Files.readAllBytes(file));
    assertEquals(jdkTrusted(file, "JKS"), ours(read));
    assertEquals(1, read.size());
  }

  @Test
  void aPkcs12StoreWithoutPasswordIsReadAndOneWithItIsLeftToTheJdk() throws Exception {
    Path open = store("PKCS12", null, false);
    List<byte[]> read = TrustStoreFile.pkcs12(Files.readAllBytes(open));
    assertEquals(2, read.size());
    assertEquals(jdkTrusted(open, "PKCS12"), ours(read));
    Path locked = store("PKCS12", "changeit".toCharArray(), false);
    assertNull(TrustStoreFile.pkcs12(Files.readAllBytes(locked)), "encrypted bags and a MAC");
    Path keyed = store("PKCS12", null, true);
    assertNull(TrustStoreFile.pkcs12(Files.readAllBytes(keyed)), "a key bag");
  }

  @Test
  void theJdksOwnDefaultStoreIsReadAsTheJdkReadsIt() throws Exception {
    String home = System.getProperty("java.home") + File.separator + "lib" + File.separator;
    Path cacerts = Path.of(home, "security", "cacerts");
    assertFalse(Files.exists(Path.of(home, "security", "jssecacerts")), "this test's premise");
    List<byte[]> read = TrustStoreFile.read();
    assertTrue(read != null && read.size() > 50, "the JDK's cacerts is JKS or open PKCS12");
    assertEquals(jdkTrusted(cacerts, KeyStore.getDefaultType()), ours(read));
    for (byte[] der : read) {
      DerReader.names(der); // every one indexable
    }
  }

  @Test
  void theJdksChoiceOfStoreIsFollowed() throws Exception {
    Path jks = store("JKS", "changeit".toCharArray(), false);
    System.setProperty("javax.net.ssl.trustStore", jks.toString());
    assertEquals(jdkTrusted(jks, "JKS"), ours(TrustStoreFile.read()), "a JKS under pkcs12 type");
    System.setProperty("javax.net.ssl.trustStoreType", "JKS");
    assertEquals(2, TrustStoreFile.read().size());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    assertNull(TrustStoreFile.read(), "a password: the JDK checks the store's integrity");
    System.clearProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStoreType", "JCEKS");
    assertNull(TrustStoreFile.read(), "another type: the JDK reads it");
    System.clearProperty("javax.net.ssl.trustStoreType");
    System.setProperty("javax.net.ssl.trustStore", "NONE");
    assertNull(TrustStoreFile.read());
    System.setProperty("javax.net.ssl.trustStore", dir.resolve("absent").toString());
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    assertEquals(
        jdkTrusted(cacerts, KeyStore.getDefaultType()),
        ours(TrustStoreFile.read()),
        "a store named but absent: cacerts, as the JDK falls back to it");
  }

  @Test
  void anAliasIsLoweredExactlyAsToLowerCaseInEnglishDoes() {
    for (String alias :
        List.of(
            "digicertglobalrootca [jdk]",
            "DigiCert Global Root CA",
            "a-z_0-9 [jdk]",
            "",
            "\u00c9cole",
            "\u00e9cole",
            "\u0130stanbul",
            "\u03a3\u03a3",
            "stra\u00dfe",
            "\ud801\udc00 deseret",
            "mixed \u00e9 AND ascii")) {
      String ours = TrustStoreFile.lowered(alias);
      assertEquals(alias.toLowerCase(java.util.Locale.ENGLISH), ours, alias);
      assertEquals(alias.equals(ours), ours == alias, "the same string where nothing changed");
    }
  }

  /** A store of A and B under these aliases, as the JDK's own cacerts is kept. */
  private Path aliased(String type, String aliasA, String aliasB) throws Exception {
    return store(type, type.equals("JKS") ? "changeit".toCharArray() : null, false, aliasA, aliasB);
  }

  @Test
  void publicRootsAreMarkedByAJdkAliasInJksAndPkcs12() throws Exception {
    for (String type : List.of("JKS", "PKCS12")) {
      assertTrue(
          TrustStoreFile.mayMarkPublicRoots(aliased(type, "digicertglobalrootg2 [jdk]", "b")),
          type);
      assertFalse(
          TrustStoreFile.mayMarkPublicRoots(
              aliased(type, "debian:digicert_global_root_g2.pem", "b")),
          type);
    }
  }

  @Test
  void aCacertsThatCannotBeToldIsTakenToMarkThemAndAMissingOneNot() throws Exception {
    assertFalse(TrustStoreFile.mayMarkPublicRoots(dir.resolve("none")), "the JDK knows none then");
    Path junk = Files.write(dir.resolve("junk"), new byte[] {0x30, 0x03, 0x02, 0x01});
    assertTrue(TrustStoreFile.mayMarkPublicRoots(junk));
    assertTrue(
        TrustStoreFile.mayMarkPublicRoots(store("PKCS12", "changeit".toCharArray(), false)),
        "encrypted: not read here");
  }

  @Test
  void theJdksOwnCacertsIsToldAsItsKeyStoreListsIt() throws Exception {
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    KeyStore ks = KeyStore.getInstance("JKS"); // as the JDK's AnchorCertificates loads it
    try (InputStream in = Files.newInputStream(cacerts)) {
      ks.load(in, null);
    }
    boolean marked = Collections.list(ks.aliases()).stream().anyMatch(a -> a.contains(" [jdk]"));
    assertEquals(
        marked, TrustStoreFile.mayMarkPublicRoots(cacerts), cacerts.toRealPath().toString());
  }
}
