package gptimage.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One place trusted certificates come from (the extra PEM files, or the JDK's default store), with
 * two ways to check a chain against it: {@link #subset} parses only the certificates whose subject
 * names an issuer of the chain (or that equal one of its certificates), found by the raw bytes of
 * the names; {@link #full} loads them all as the JDK would. A subset of the anchors can accept only
 * what the whole set accepts, so a subset that accepts decides; one that does not is followed by
 * the full load, which also covers a name encoded in two ways.
 */
final class AnchorSource {
  /** Loads what a check needs, on first use. */
  interface Loader<T> {
    T load() throws CertificateException;
  }

  private final Loader<CertIndex> indexLoader; // answers null where the source cannot be indexed
  private final Loader<X509ExtendedTrustManager> fullLoader;
  private final AtomicInteger parsed;
  private CertIndex index; // guarded by this
  private boolean indexed; // guarded by this
  private X509ExtendedTrustManager full; // guarded by this
  private final Map<List<ByteBuffer>, X509ExtendedTrustManager> subsets = new HashMap<>();

  /**
   * @param parsed counts each certificate parsed for a subset
   */
  AnchorSource(
      Loader<CertIndex> index, Loader<X509ExtendedTrustManager> full, AtomicInteger parsed) {
    this.indexLoader = index;
    this.fullLoader = full;
    this.parsed = parsed;
  }

  /**
   * A trust manager over only the certificates that can anchor {@code chain}; null where none can,
   * the source cannot be indexed or a candidate cannot be parsed: then only {@link #full} can say.
   */
  synchronized X509ExtendedTrustManager subset(X509Certificate[] chain)
      throws CertificateException {
    if (!indexed) {
      index = indexLoader.load();
      indexed = true;
    }
    if (index == null) {
      return null;
    }
    List<byte[]> candidates = index.candidates(chain);
    if (candidates.isEmpty()) {
      return null;
    }
    List<ByteBuffer> key = new ArrayList<>(candidates.size());
    for (byte[] c : candidates) {
      key.add(ByteBuffer.wrap(c));
    }
    X509ExtendedTrustManager m = subsets.get(key);
    if (m == null) {
      List<X509Certificate> certs = new ArrayList<>(candidates.size());
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : candidates) {
        parsed.incrementAndGet();
        try {
          certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        } catch (CertificateException e) {
          return null; // the full load says what is wrong with it, as it always has
        }
      }
      m = managerOf(certs);
      subsets.put(key, m);
    }
    return m;
  }

  /** A trust manager over every certificate of the source, loaded on first use. */
  synchronized X509ExtendedTrustManager full() throws CertificateException {
    if (full == null) {
      full = fullLoader.load();
    }
    return full;
  }

  /** The JDK's PKIX trust manager over these certificates. */
  static X509ExtendedTrustManager managerOf(List<X509Certificate> certs)
      throws CertificateException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("anchor-" + i, certs.get(i));
      }
      return managerOf(store);
    } catch (GeneralSecurityException | IOException e) {
      throw new CertificateException("the JDK cannot hold these certificates: " + e, e);
    }
  }

  /** The JDK's PKIX trust manager over {@code store}, or over its default trust where null. */
  static X509ExtendedTrustManager managerOf(KeyStore store) throws GeneralSecurityException {
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
}
