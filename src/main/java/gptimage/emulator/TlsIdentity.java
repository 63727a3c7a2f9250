package gptimage.emulator;

import gptimage.wire.Der;
import gptimage.wire.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate chain and private key the emulator serves TLS with: made at start ({@link
 * #selfSigned}), issued by another identity acting as a CA ({@link #issue}, for tests of expired or
 * wrongly named certificates), or read from PEM files ({@link #fromPem}). Made keys are EC P-256,
 * signed with SHA-256; nothing is written to disk unless asked.
 *
 * @param key the private key of the first certificate
 * @param chain the server's certificate first, then its issuers
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
  /** The names a made certificate holds by default: this machine's loopback names. */
  public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

  public TlsIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a TLS identity needs at least one certificate");
    }
  }

  /**
   * A new key and a self-signed certificate for {@code names} (host names or IP addresses), valid
   * from an hour ago for a year; it may also sign others ({@link #issue}).
   */
  public static TlsIdentity selfSigned(List<String> names) {
    Instant now = Instant.now();
    return selfSigned(names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
  }

  /** A new key and a self-signed certificate for {@code names}, valid in the given interval. */
  public static TlsIdentity selfSigned(List<String> names, Instant notBefore, Instant notAfter) {
    KeyPair pair = newKeyPair();
    X509Certificate cert =
        sign(names, pair.getPublic(), notBefore, notAfter, true, names, pair.getPrivate());
    return new TlsIdentity(pair.getPrivate(), List.of(cert));
  }

  /**
   * A new key and a certificate for {@code names} signed by this identity, valid in the given
   * interval; its chain ends with this identity's.
   */
  public TlsIdentity issue(List<String> names, Instant notBefore, Instant notAfter) {
    KeyPair pair = newKeyPair();
    X509Certificate cert =
        sign(names, pair.getPublic(), notBefore, notAfter, false, subjectOf(chain.get(0)), key);
    List<X509Certificate> issued = new ArrayList<>();
    issued.add(cert);
    issued.addAll(chain);
    return new TlsIdentity(pair.getPrivate(), issued);
  }

  /**
   * Reads a certificate chain (server first) and its private key from PEM files.
   *
   * @throws IllegalArgumentException naming the file that cannot be used
   */
  public static TlsIdentity fromPem(Path certificates, Path privateKey) {
    List<X509Certificate> chain = Pem.certificates(certificates, "--tls-cert");
    return new TlsIdentity(Pem.privateKey(privateKey, "--tls-key"), chain);
  }

  /** The certificate a client trusts to accept this identity: the last of the chain. */
  public X509Certificate anchor() {
    return chain.get(chain.size() - 1);
  }

  /** Writes {@link #anchor()} as PEM to {@code file}, for a client's {@code --ca-file}. */
  public void writeAnchorPem(Path file) throws IOException {
    Files.writeString(file, Pem.encode(anchor()), StandardCharsets.US_ASCII);
  }

  /** A server-side TLS context presenting this identity. */
  public SSLContext serverContext() {
    try {
      char[] none = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS with this key: " + e.getMessage(), e);
    }
  }

  /** A client-side TLS context that trusts this identity's {@link #anchor()} alone. */
  public SSLContext clientContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("anchor", anchor());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> subjectOf(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    return List.of(dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn);
  }

  private static X509Certificate sign(
      List<String> names,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      List<String> issuerNames,
      PrivateKey signer) {
    byte[] algorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
    List<byte[]> general = new ArrayList<>();
    for (String n : names) {
      general.add(isAddress(n) ? Der.implicit(7, address(n)) : Der.implicit(2, ascii(n)));
    }
    byte[] keyUsage = ca ? new byte[] {0x03, 0x02, 0x01, (byte) 0x86} : new byte[] {3, 2, 7, -128};
    byte[] extensions =
        Der.sequence(
            Der.sequence(
                Der.oid("2.5.29.19"),
                Der.bool(true),
                Der.octetString(ca ? Der.sequence(Der.bool(true)) : Der.sequence())),
            Der.sequence(Der.oid("2.5.29.15"), Der.bool(true), Der.octetString(keyUsage)),
            Der.sequence(
                Der.oid("2.5.29.37"),
                Der.octetString(Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1")))), // serverAuth
            Der.sequence(
                Der.oid("2.5.29.17"),
                Der.octetString(Der.sequence(general.toArray(byte[][]::new)))));
    byte[] tbs =
        Der.sequence(
            Der.explicit(0, Der.integer(BigInteger.TWO)),
            Der.integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE)),
            algorithm,
            name(issuerNames.get(0)),
            Der.sequence(Der.time(notBefore), Der.time(notAfter)),
            name(names.get(0)),
            subjectKey.getEncoded(),
            Der.explicit(3, extensions));
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(signer);
      s.update(tbs);
      byte[] cert = Der.sequence(tbs, algorithm, Der.bitString(s.sign()));
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(cert));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] name(String commonName) {
    return Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
  }

  private static boolean isAddress(String n) {
    return n.contains(":") || n.matches("[0-9.]+");
  }

  private static byte[] address(String n) {
    try {
      return InetAddress.getByName(n).getAddress(); // a literal: no lookup
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address: " + n);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
