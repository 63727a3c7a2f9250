package gptimage.wire;

import java.lang.reflect.Method;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Which key-exchange groups a ClientHello offers. The JDK offers a key share for the first group of
 * each kind, X25519 and P-256; making the P-256 one first builds the JDK's P-256 table, about as
 * much work as the rest of a short process's handshake. So on JDK 20 and later (where {@code
 * SSLParameters.setNamedGroups} exists) only X25519 is offered, which every TLS 1.3 server and
 * every major API endpoint accepts. A server that takes no X25519 fails that handshake; the caller
 * then tries once more with the JDK's default groups, and this process keeps the defaults from then
 * on. A {@code jdk.tls.namedGroups} system property is the user's choice and is left alone.
 */
public final class KeyShareGroups {
  private static final Method SET_NAMED_GROUPS = setNamedGroups();
  private static volatile boolean widened;

  private KeyShareGroups() {}

  private static Method setNamedGroups() {
    try {
      return SSLParameters.class.getMethod("setNamedGroups", String[].class);
    } catch (NoSuchMethodException e) {
      return null; // JDK 17 to 19: the JDK's defaults, always
    }
  }

  /**
   * Narrows {@code p} to X25519 where that is allowed and not yet given up on.
   *
   * @return whether the groups were narrowed (a failed handshake may then be {@link #shouldWiden})
   */
  static boolean narrow(SSLParameters p) {
    if (!narrows()) {
      return false;
    }
    try {
      SET_NAMED_GROUPS.invoke(p, (Object) new String[] {"x25519"});
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether this process's next ClientHello offers X25519 alone: JDK 20 and later, no {@code
   * jdk.tls.namedGroups} of the user's, and no server yet that refused it (else the JDK's or the
   * user's groups, with a P-256 share).
   */
  public static boolean narrows() {
    if (SET_NAMED_GROUPS == null || widened) {
      return false;
    }
    String own = System.getProperty("jdk.tls.namedGroups");
    return own == null || own.isBlank();
  }

  /**
   * Whether a handshake that offered X25519 alone failed as a server that takes none of it answers:
   * the peer's {@code handshake_failure} or {@code insufficient_security} alert (RFC 8446, 4.1.1),
   * or {@code unexpected_message}, which the JDK's own server sends for "no common named group". If
   * so, this process offers the JDK's default groups from now on.
   */
  static boolean shouldWiden(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof SSLException
          && m != null
          && m.contains("Received fatal alert: ")
          && (m.contains("handshake_failure")
              || m.contains("insufficient_security")
              || m.contains("unexpected_message"))) {
        widened = true;
        return true;
      }
    }
    return false;
  }

  /** For tests: whether this process has gone back to the JDK's default groups. */
  static boolean widened() {
    return widened;
  }
}
