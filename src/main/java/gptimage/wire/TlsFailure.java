package gptimage.wire;

import gptimage.UsageException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a TLS handshake failed, told to the person at the terminal with what to do. A certificate
 * that is not trusted, has expired or names another host will not change on a retry, so those are
 * final; a handshake that stalled or was cut off may heal and is retried.
 */
public final class TlsFailure extends CertificateException {
  enum Kind {
    UNTRUSTED,
    EXPIRED,
    WRONG_NAME,
    /** A CA file that a setting names cannot be used: bad input, found at the first handshake. */
    BAD_INPUT
  }

  final Kind kind;
  final String detail;

  private TlsFailure(Kind kind, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = kind;
    this.detail = detail;
  }

  /** Fails a chain whose server certificate is out of its dates (checked before any issuer). */
  static void checkDates(X509Certificate[] chain) throws TlsFailure {
    if (chain.length == 0) {
      return;
    }
    X509Certificate leaf = chain[0];
    Instant now = Instant.now();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new TlsFailure(
          Kind.EXPIRED,
          "expired on " + leaf.getNotAfter().toInstant() + " (" + subject(leaf) + ")",
          null);
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new TlsFailure(
          Kind.EXPIRED,
          "is not valid before " + leaf.getNotBefore().toInstant() + " (" + subject(leaf) + ")",
          null);
    }
  }

  static TlsFailure untrusted(X509Certificate[] chain, CertificateException cause) {
    X509Certificate top = chain[chain.length - 1];
    return new TlsFailure(
        Kind.UNTRUSTED,
        "is not trusted: "
            + subject(chain[0])
            + " is issued by "
            + top.getIssuerX500Principal().getName()
            + ", which is not in the JDK's trust store nor in any --ca-file",
        cause);
  }

  /** A CA file of a setting that cannot be used; {@code message} names the setting and file. */
  static TlsFailure badInput(String message) {
    return new TlsFailure(Kind.BAD_INPUT, message, null);
  }

  static TlsFailure wrongName(X509Certificate[] chain, CertificateException cause) {
    return new TlsFailure(Kind.WRONG_NAME, "is for " + names(chain[0]), cause);
  }

  /**
   * The message and whether to retry, for a failure of the TCP connection's TLS handshake.
   *
   * @param where {@code host:port}
   * @param limit the time the handshake was allowed
   * @throws UsageException where a CA file that a setting names turned out unusable (nothing was
   *     sent: the handshake comes before the request)
   */
  public static NetworkException of(IOException e, String where, String host, Duration limit) {
    TlsFailure cert = find(e);
    if (cert != null && cert.kind == Kind.BAD_INPUT) {
      throw new UsageException(cert.detail);
    }
    if (cert != null) {
      String head = "The TLS certificate of " + where + " " + cert.detail + ". ";
      return new NetworkException(
          head
              + switch (cert.kind) {
                case UNTRUSTED ->
                    "If a company proxy or a private CA signs it, give that CA's"
                        + " certificate (PEM) with --ca-file FILE, or OPENAI_IMAGE_CA_FILE=FILE in"
                        + " .env. Nothing was sent.";
                case EXPIRED ->
                    "Check this machine's clock; otherwise the server must renew it."
                        + " Nothing was sent.";
                case WRONG_NAME ->
                    "Use a base URL with one of those names instead of "
                        + host
                        + " (--base-url). Nothing was sent.";
                case BAD_INPUT -> throw new IllegalStateException("handled above");
              },
          false,
          e);
    }
    if (e instanceof SocketTimeoutException) {
      return new NetworkException(
          "The TLS handshake with "
              + where
              + " did not finish within "
              + Transport.seconds(limit)
              + ": the server took the connection but did not answer.",
          true,
          e);
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Unsupported or unrecognized SSL message")) {
      return new NetworkException(
          where + " does not speak TLS; if it is a plain http server, use http:// in --base-url.",
          false,
          e);
    }
    if (e instanceof SocketException
        || e instanceof EOFException
        || m.contains("closed")
        || m.contains("reset")
        || m.contains("terminated the handshake")) {
      return new NetworkException(
          "The TLS handshake with " + where + " broke off: " + Transport.describe(e), true, e);
    }
    if (e instanceof SSLHandshakeException || e instanceof SSLException) {
      return new NetworkException(
          "The TLS handshake with " + where + " failed: " + Transport.describe(e), false, e);
    }
    return new NetworkException(
        "The TLS handshake with " + where + " failed: " + Transport.describe(e), true, e);
  }

  private static TlsFailure find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TlsFailure f) {
        return f;
      }
    }
    return null;
  }

  private static String subject(X509Certificate c) {
    return c.getSubjectX500Principal().getName();
  }

  private static String names(X509Certificate c) {
    List<String> names = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> n : c.getSubjectAlternativeNames()) {
          names.add(String.valueOf(n.get(1)));
        }
      }
    } catch (CertificateParsingException ignored) {
      // the subject's name is all there is to show
    }
    return names.isEmpty() ? subject(c) : String.join(", ", names);
  }
}
