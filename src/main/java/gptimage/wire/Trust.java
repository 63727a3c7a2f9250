package gptimage.wire;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which servers' certificates https calls accept: the JDK's default trust (its {@code cacerts}, or
 * the store named by {@code javax.net.ssl.trustStore}) plus any extra CA certificates, as Node's
 * {@code NODE_EXTRA_CA_CERTS} adds to its own. Host names are checked as https asks (RFC 2818).
 *
 * <p>Nothing is parsed before the first handshake: a plain http call parses no certificate. A chain
 * is then checked against only the certificates that can anchor it, found by name without parsing
 * the rest: the extra files' and the default store's (read here where it is a JKS, or a PKCS#12
 * with no password; else loaded by the JDK), the extra files first where they are small. Where
 * those do not accept it, each source is loaded whole, as the JDK's trust manager loads it, before
 * the chain is called untrusted: what is trusted is exactly what the JDK's trust plus the extra
 * files trust.
 */
public final class Trust {
  /**
   * The extra files of up to this many characters each (about 30 certificates) are searched, as one
   * source, before the default store: a {@code --ca-file} with a company's CA or two then spares
   * reading the store. Larger bundles (the system's, through {@code SSL_CERT_FILE}) mostly repeat
   * the store's public CAs and cost more to index, PEM being base64: they come after the store, and
   * a public server's chain never needs them (so a broken block in one is reported only by a call
   * whose chain the small files and the store do not anchor).
   */
  private static final int SMALL_EXTRA = 64 * 1024;

  private final List<Path> files;
  private final List<String> labels;
  private final List<String> texts; // each file's PEM text, read at start
  private final AtomicInteger parsed = new AtomicInteger();
  private final List<AnchorSource> sources = new ArrayList<>(3);
  private SSLContext context; // guarded by this; made on first use

  private Trust(List<Path> files, List<String> labels, List<String> texts) {
    this.files = List.copyOf(files);
    this.labels = List.copyOf(labels);
    this.texts = List.copyOf(texts);
    List<Integer> small = new ArrayList<>();
    List<Integer> large = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      (texts.get(i).length() <= SMALL_EXTRA ? small : large).add(i);
    }
    if (!small.isEmpty()) {
      sources.add(extraSource(small));
    }
    sources.add(new AnchorSource(Trust::defaultIndex, Trust::defaultManager, parsed));
    if (!large.isEmpty()) {
      sources.add(extraSource(large));
    }
  }

  /** The extra files {@code which}, as one source. */
  private AnchorSource extraSource(List<Integer> which) {
    return new AnchorSource(() -> extraIndex(which), () -> extraManager(which), parsed);
  }

  /** The JDK's default trust alone. */
  public static Trust defaults() {
    return new Trust(List.of(), List.of(), List.of());
  }

  /**
   * The default trust plus every certificate in these PEM files. Each file is read now and must
   * hold a {@code BEGIN CERTIFICATE} block; the certificates are decoded at the first https
   * handshake, where one that cannot be read ends the call as a {@link gptimage.UsageException}
   * naming the file.
   *
   * @param labels how messages name each file (such as {@code --ca-file / OPENAI_IMAGE_CA_FILE}),
   *     one per file
   * @throws IllegalArgumentException naming the file that cannot be read or holds no certificate
   */
  public static Trust withExtra(List<Path> files, List<String> labels) {
    List<String> texts = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      texts.add(Pem.bundle(files.get(i), labels.get(i)));
    }
    return new Trust(files, labels, texts);
  }

  /**
   * The extra CA certificates, in the order read, all parsed now (for a report such as {@code
   * doctor}'s; a call parses only those it needs).
   *
   * @throws IllegalArgumentException naming the file and the certificate that cannot be read
   */
  public List<X509Certificate> extra() {
    List<X509Certificate> certs = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      certs.addAll(certificatesOf(i));
    }
    return certs;
  }

  /** The certificates of extra file {@code i}, all parsed. */
  private List<X509Certificate> certificatesOf(int i) {
    List<byte[]> ders = Pem.certificateDers(texts.get(i), files.get(i), labels.get(i));
    List<X509Certificate> certs = new ArrayList<>(ders.size());
    for (int j = 0; j < ders.size(); j++) {
      certs.add(Pem.parse(ders.get(j), files.get(i), labels.get(i), j + 1));
    }
    return certs;
  }

  /**
   * How many certificates this trust has parsed so far, from every source but the JDK's own load.
   */
  public int certificatesParsed() {
    return parsed.get();
  }

  /** The client TLS context: made on first use, shared by every connection after. */
  public synchronized SSLContext context() {
    if (context == null) {
      try {
        SSLContext c = SSLContext.getInstance(protocol());
        c.init(null, new TrustManager[] {new Chained()}, null);
        context = c;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK's TLS is not usable: " + e.getMessage(), e);
      }
    }
    return context;
  }

  /**
   * The JDK's "TLSv1.3" context where the user set no {@code jdk.tls.client.protocols}, else "TLS".
   * For a client the two are the same (TLS 1.3 and 1.2, the JDK's default cipher suites); "TLS"
   * also reads the protocol properties and works out a server's default suites, which a short
   * command pays for (uncompiled constraint checks) and never uses.
   */
  static String protocol() {
    String own = System.getProperty("jdk.tls.client.protocols");
    return own == null || own.isBlank() ? "TLSv1.3" : "TLS";
  }

  private CertIndex extraIndex(List<Integer> which) throws TlsFailure {
    CertIndex index = new CertIndex(List.of());
    for (int i : which) {
      try {
        List<byte[]> ders = Pem.certificateDers(texts.get(i), files.get(i), labels.get(i));
        try {
          index.add(ders);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              labels.get(i)
                  + " "
                  + files.get(i)
                  + ": "
                  + e.getMessage()
                  + "; give PEM certificates (-----BEGIN CERTIFICATE-----).");
        }
      } catch (IllegalArgumentException e) {
        throw TlsFailure.badInput(e.getMessage());
      }
    }
    return index;
  }

  private X509ExtendedTrustManager extraManager(List<Integer> which) throws CertificateException {
    try {
      List<X509Certificate> certs = new ArrayList<>();
      for (int i : which) {
        certs.addAll(certificatesOf(i));
      }
      parsed.addAndGet(certs.size());
      return AnchorSource.managerOf(certs);
    } catch (IllegalArgumentException e) {
      throw TlsFailure.badInput(e.getMessage());
    }
  }

  private static CertIndex defaultIndex() {
    List<byte[]> ders = TrustStoreFile.read();
    try {
      return ders == null ? null : new CertIndex(ders);
    } catch (IllegalArgumentException e) {
      return null; // the JDK's own loading says what is wrong with the store
    }
  }

  private static X509ExtendedTrustManager defaultManager() throws CertificateException {
    try {
      return AnchorSource.managerOf((java.security.KeyStore) null);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("the JDK's trust store cannot be read: " + e, e);
    }
  }

  /**
   * Whether the JDK's {@code cacerts} may mark public roots ({@link
   * TrustStoreFile#mayMarkPublicRoots}), read once, at the first wildcard certificate. Where it
   * marks none, the JDK's host check accepts exactly the wildcards {@link HostIdentity} does.
   */
  private static final class PublicRoots {
    static final boolean MAY_BE_MARKED =
        TrustStoreFile.mayMarkPublicRoots(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"));
  }

  /**
   * Checks a chain against each source's few candidate anchors, then against each source whole;
   * says which way a chain failed, so that the message can tell an untrusted issuer from a name
   * that does not match or an expired date.
   */
  private final class Chained extends X509ExtendedTrustManager {
    /**
     * The chain and the session's algorithm constraints by the JDK's trust manager (given a socket
     * that asks for no host check), then the host name by {@link HostIdentity}.
     */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      TlsFailure.checkDates(chain);
      CertificateException last = null;
      for (AnchorSource s : sources) {
        X509ExtendedTrustManager m = s.subset(chain);
        if (m != null && (last = check(m, chain, authType, socket)) == null) {
          checkHost(m, chain, authType, socket);
          return;
        }
      }
      for (AnchorSource s : sources) {
        X509ExtendedTrustManager m = s.full();
        if ((last = check(m, chain, authType, socket)) == null) {
          checkHost(m, chain, authType, socket);
          return;
        }
      }
      throw TlsFailure.untrusted(chain, last);
    }

    /** Null where {@code m} accepts the chain, else why not. */
    private CertificateException check(
        X509ExtendedTrustManager m, X509Certificate[] chain, String authType, Socket socket) {
      try {
        m.checkServerTrusted(chain, authType, socket);
        return null;
      } catch (CertificateException e) {
        return e;
      }
    }

    /**
     * @throws TlsFailure where the chain, anchored by {@code m}, is for another host
     */
    private void checkHost(
        X509ExtendedTrustManager m, X509Certificate[] chain, String authType, Socket socket)
        throws TlsFailure {
      if (!(socket instanceof SSLSocket tls)) {
        // never so from the JDK's TLS; without a socket there is no host to check: refuse
        throw TlsFailure.wrongName(chain, new CertificateException("no TLS socket to check"));
      }
      if ("HTTPS".equalsIgnoreCase(tls.getSSLParameters().getEndpointIdentificationAlgorithm())) {
        return; // a caller that asked the JDK to check the name: it has, in check()
      }
      SSLSession session = tls.getHandshakeSession();
      try {
        if (HostIdentity.check(session == null ? null : session.getPeerHost(), chain[0])
                == HostIdentity.Verdict.WILDCARD
            && PublicRoots.MAY_BE_MARKED) {
          m.checkServerTrusted(chain, authType, new HandshakeView(tls));
        }
      } catch (CertificateException e) {
        throw TlsFailure.wrongName(chain, e);
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
      return new X509Certificate[0]; // asked by servers only; no need to load any
    }
  }
}
