package gptimage.wire;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trusted certificates kept as DER bytes, found by their subject's encoded name, so that a chain is
 * checked against the few that can anchor it and the rest are never parsed.
 */
final class CertIndex {
  private final List<byte[]> certs = new ArrayList<>();
  private final Map<String, List<Integer>> bySubject = new HashMap<>();

  /** An index of {@code certs}; see {@link #add}. */
  CertIndex(List<byte[]> certs) {
    add(certs);
  }

  /**
   * Adds DER certificates (one source's, such as one file's), which must not change after.
   *
   * @throws IllegalArgumentException naming the 1-based position in {@code more} of one that is not
   *     shaped as a certificate; none of {@code more} is then added
   */
  void add(List<byte[]> more) {
    List<byte[]> subjects = new ArrayList<>(more.size());
    for (int i = 0; i < more.size(); i++) {
      try {
        subjects.add(DerReader.names(more.get(i))[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "certificate " + (i + 1) + " cannot be read (" + e.getMessage() + ")", e);
      }
    }
    for (int i = 0; i < more.size(); i++) {
      bySubject.computeIfAbsent(key(subjects.get(i)), k -> new ArrayList<>(1)).add(certs.size());
      certs.add(more.get(i));
    }
  }

  int size() {
    return certs.size();
  }

  /**
   * The certificates that can anchor {@code chain}: those whose subject is the issuer of one of its
   * certificates, and those whose subject is that of one of its certificates (the JDK trusts a
   * chain certificate that equals a trusted one, or has its subject and key).
   */
  List<byte[]> candidates(X509Certificate[] chain) {
    Set<Integer> found = new LinkedHashSet<>();
    for (X509Certificate c : chain) {
      byte[][] names;
      try {
        names = DerReader.names(c.getEncoded());
      } catch (CertificateEncodingException | IllegalArgumentException e) {
        continue; // the full load, which follows an answer of no, decides for it
      }
      for (byte[] name : names) {
        found.addAll(bySubject.getOrDefault(key(name), List.of()));
      }
    }
    List<byte[]> out = new ArrayList<>(found.size());
    for (int i : found) {
      out.add(certs.get(i));
    }
    return out;
  }

  /**
   * An encoded name as a map key: its bytes one to a character. A short command runs this code
   * uncompiled, where {@code String}'s hash (compiled early, every program hashes strings) costs a
   * fraction of a {@code ByteBuffer}'s, read a byte at a time: 1.5 ms for the JDK's 144 CAs.
   */
  private static String key(byte[] name) {
    return new String(name, StandardCharsets.ISO_8859_1);
  }
}
