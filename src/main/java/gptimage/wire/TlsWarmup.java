package gptimage.wire;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;

/**
 * Makes, on a second thread, the two key pairs a TLS 1.3 ClientHello offers (X25519 and P-256), so
 * that the JDK's one-time set-up for them (the P-256 generator's precomputed table above all, about
 * a third of a first handshake's work before it is compiled) runs while the command still reads its
 * settings and encodes the request. A command that makes one https call then waits less; the CPU it
 * spends is the same.
 */
public final class TlsWarmup {
  private TlsWarmup() {}

  /** Starts the warm-up on a daemon thread, which a finished command does not wait for. */
  public static void start() {
    Thread t = new Thread(TlsWarmup::run, "tls-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      ec.generateKeyPair();
      KeyPairGenerator x = KeyPairGenerator.getInstance("XDH");
      x.initialize(NamedParameterSpec.X25519);
      x.generateKeyPair();
    } catch (GeneralSecurityException | RuntimeException e) {
      // only a head start: the handshake does the same work itself when it must
    }
  }
}
