package gptimage.wire;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;

/**
 * Does, on a second thread, the one-time set-up of what a first TLS 1.3 handshake uses: the X25519
 * key pair its ClientHello offers ({@link KeyShareGroups}) and the signature classes that check the
 * server's CertificateVerify, so that their loading and first compilation run while the command
 * still reads its settings and encodes the request. Where the hello offers X25519 alone it leaves
 * P-256 alone: the JDK's P-256 key pair would build a precomputed table the handshake no longer
 * needs (on JDK 17 to 19, or with the user's own {@code jdk.tls.namedGroups}, the hello carries a
 * P-256 share, so that key pair is made here too). A command that makes one https call then waits
 * less; the CPU it spends is the same.
 */
public final class TlsWarmup {
  private TlsWarmup() {}

  /**
   * Whether this process's next ClientHello offers X25519 alone (JDK 20+, no {@code
   * jdk.tls.namedGroups} of the user's, no server yet that refused it), so that nothing but the
   * server's signature would make the JDK build its P-256 table.
   */
  public static boolean helloWithoutP256() {
    return KeyShareGroups.narrows();
  }

  /** Starts the warm-up on a daemon thread, which a finished command does not wait for. */
  public static void start() {
    Thread t = new Thread(TlsWarmup::run, "tls-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      KeyPairGenerator x = KeyPairGenerator.getInstance("XDH");
      x.initialize(NamedParameterSpec.X25519);
      x.generateKeyPair();
      // the JCA's lookup of the verifier (the command's own P-256 one, where installed); the
      // signature's first key decides the provider, so none is given here
      Signature.getInstance("SHA256withECDSA");
      if (!KeyShareGroups.narrows()) {
        // JDK 17 to 19, or the user's own groups: the hello carries a P-256 share as well
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ec.generateKeyPair();
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // only a head start: the handshake does the same work itself when it must
    }
  }
}
