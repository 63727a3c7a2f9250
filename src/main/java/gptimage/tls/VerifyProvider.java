package gptimage.tls;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

/**
 * A security provider with one service kind: {@link P256Verifier}. Put first in the JVM's provider
 * list, it verifies a TLS server's P-256 ECDSA signatures (the CertificateVerify of a handshake and
 * the certificates of its chain) without the JDK's P-256 set-up, a precomputed table that costs a
 * short process about as much as the rest of its handshake. Every other key, and all signing, still
 * goes to the JDK's providers. For the command only: a library user owns their JVM's provider list.
 */
public final class VerifyProvider extends Provider {
  /** The provider's name, as {@link Security#getProvider} finds it. */
  public static final String NAME = "GptImageP256Verify";

  private static final long serialVersionUID = 1L;

  public VerifyProvider() {
    super(NAME, "1.0", "ECDSA verification on P-256, cheap when cold");
    add("SHA256withECDSA", "Sha256", "1.2.840.10045.4.3.2");
    add("SHA384withECDSA", "Sha384", "1.2.840.10045.4.3.3");
    add("SHA512withECDSA", "Sha512", "1.2.840.10045.4.3.4");
  }

  private void add(String algorithm, String inner, String oid) {
    putService(
        new Service(
            this,
            "Signature",
            algorithm,
            P256Verifier.class.getName() + "$" + inner,
            List.of(oid, "OID." + oid),
            Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey")));
  }

  /**
   * Puts the provider first in this JVM's list, once; later calls do nothing.
   *
   * @return whether this call installed it
   */
  public static synchronized boolean install() {
    if (Security.getProvider(NAME) != null) {
      return false;
    }
    return Security.insertProviderAt(new VerifyProvider(), 1) > 0;
  }
}
