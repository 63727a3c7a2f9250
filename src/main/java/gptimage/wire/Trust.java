package gptimage.wire;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Which servers' certificates https calls accept: the JDK's default trust (its {@code cacerts}, or
 * the store named by {@code javax.net.ssl.trustStore}) plus any extra CA certificates, as Node's
 * {@code NODE_EXTRA_CA_CERTS} adds to its own. A chain is checked against the extra certificates
 * first; the default store is loaded (about 150 certificates to parse) only for a chain they do not
 * anchor, so a call to a server signed by a private CA never pays for it. Host names are checked as
 * https asks (RFC 2818) either way.
 */
public final class Trust {
  private final List<X509Certificate> extra;
  private SSLContext context; // guarded by this; made on first use
  private X509TrustManager defaults; // guarded by this; loaded on first need

  private Trust(List<X509Certificate> extra) {
    this.extra = List.copyOf(extra);
  }

  /** The JDK's default trust alone. */
  public static Trust defaults() {
    return new Trust(List.of());
  }

  /**
   * The default trust plus every certificate in these PEM files, read now.
   *
   * @param labels how messages name each file (such as {@code --ca-file / OPENAI_IMAGE_CA_FILE}),
   *     one per file
   * @throws IllegalArgumentException naming the file that cannot be read or holds no certificate
   */
  public static Trust withExtra(List<Path> files, List<String> labels) {
    List<X509Certificate> certs = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      certs.addAll(Pem.certificates(files.get(i), labels.get(i)));
    }
    return new Trust(certs);
  }

  /** The extra CA certificates, in the order read. */
  public List<X509Certificate> extra() {
    return extra;
  }

  /** The client TLS context: made on first use, shared by every connection after. */
  public synchronized SSLContext context() {
    if (context == null) {
      try {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new Chained(extraManager())}, null);
        context = c;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK's TLS is not usable: " + e.getMessage(), e);
      }
    }
    return context;
  }

  private X509ExtendedTrustManager extraManager() throws GeneralSecurityException {
    if (extra.isEmpty()) {
      return null;
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < extra.size(); i++) {
      store.setCertificateEntry("extra-" + i, extra.get(i));
    }
    return managerOf(store);
  }

  private synchronized X509TrustManager defaultManager() throws CertificateException {
    if (defaults == null) {
      try {
        defaults = managerOf(null);
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the JDK's trust store cannot be read: " + e, e);
      }
    }
    return defaults;
  }

  private static X509ExtendedTrustManager managerOf(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager m : f.getTrustManagers()) {
      if (m instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  /**
   * Tries the extra certificates, then the default store; says which way a chain failed, so that
   * the message can tell an untrusted issuer from a name that does not match or an expired date.
   */
  private final class Chained extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager first; // null where there are no extra certificates

    Chained(X509ExtendedTrustManager first) {
      this.first = first;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      TlsFailure.checkDates(chain);
      if (first != null) {
        try {
          first.checkServerTrusted(chain, authType, socket);
          return;
        } catch (CertificateException e) {
          if (anchoredWithoutName(first, chain, authType)) {
            throw TlsFailure.wrongName(chain, e);
          }
        }
      }
      X509TrustManager second = defaultManager();
      try {
        ((X509ExtendedTrustManager) second).checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        if (anchoredWithoutName(second, chain, authType)) {
          throw TlsFailure.wrongName(chain, e);
        }
        throw TlsFailure.untrusted(chain, e);
      }
    }

    private boolean anchoredWithoutName(
        X509TrustManager m, X509Certificate[] chain, String authType) {
      try {
        m.checkServerTrusted(chain, authType); // no socket: no host name check
        return true;
      } catch (CertificateException e) {
        return false;
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("TLS is spoken over sockets only here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a server is checked only with its socket");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("this client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("this client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("this client does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return extra.toArray(X509Certificate[]::new); // asked by servers only; no need to load all
    }
  }
}
