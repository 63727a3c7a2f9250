package gptimage.wire;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;

/**
 * Whether a server certificate is for the host an https call asked for, by the rules the JDK's
 * {@code HostnameChecker} applies for "HTTPS" (RFC 2818, RFC 6125): an IP address must be one of
 * the certificate's IP addresses; a name must match one of its DNS names (or, where it has none,
 * its most specific common name), compared in lower case after IDN normalisation, with a wildcard
 * allowed in the leftmost label only.
 *
 * <p>Done here rather than by the JDK's trust manager because the JDK's check first reads and
 * parses its whole {@code cacerts} file, to know whether the chain ends at one of the JDK's own
 * public roots: about a quarter of a short command's handshake. That knowledge matters only where a
 * wildcard matched (a public CA may not cover a whole public suffix, such as {@code *.co.uk}), so
 * those certificates are left to the JDK ({@link Verdict#WILDCARD}), unless the JDK's {@code
 * cacerts} marks no public root (see {@code TrustStoreFile.mayMarkPublicRoots}).
 */
final class HostIdentity {
  /** What the check found. */
  enum Verdict {
    /** The certificate names the host without a wildcard. */
    MATCH,
    /** A wildcard matched: the JDK's own check decides, with the public-suffix rule. */
    WILDCARD
  }

  private static final int DNS = 2;
  private static final int IP = 7;

  private HostIdentity() {}

  /**
   * @param host the host name or IP literal the call connected to
   * @throws CertificateException naming the host where the certificate is not for it
   */
  static Verdict check(String host, X509Certificate leaf) throws CertificateException {
    if (host == null) {
      throw new CertificateException("no host name to check the certificate against");
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (isIpLiteral(literal)) {
      matchIp(literal, leaf);
      return Verdict.MATCH;
    }
    return matchDns(host, leaf);
  }

  static boolean isIpLiteral(String s) {
    if (s.indexOf(':') >= 0) {
      return s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+"); // IPv6, with or without a scope
    }
    return s.matches("\\d{1,10}(\\.\\d{1,10}){0,3}") && parsesAsIpv4(s);
  }

  private static boolean parsesAsIpv4(String s) {
    // As the JDK reads an IPv4 literal: 1 to 4 parts, the last filling the remaining bytes.
    String[] parts = s.split("\\.");
    long last = Long.parseLong(parts[parts.length - 1]);
    for (int i = 0; i < parts.length - 1; i++) {
      if (Long.parseLong(parts[i]) > 255) {
        return false;
      }
    }
    return last < (1L << (8 * (5 - parts.length)));
  }

  private static void matchIp(String expected, X509Certificate leaf) throws CertificateException {
    Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
    if (alt != null) {
      for (List<?> entry : alt) {
        if (((Integer) entry.get(0)) == IP) {
          String ip = (String) entry.get(1);
          if (expected.equalsIgnoreCase(ip) || sameAddress(expected, ip)) {
            return;
          }
        }
      }
    }
    throw new CertificateException(
        "No subject alternative names matching IP address " + expected + " found");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // literals only (both are IP addresses): no name is looked up
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Verdict matchDns(String expected, X509Certificate leaf)
      throws CertificateException {
    try {
      new SNIHostName(expected);
    } catch (IllegalArgumentException e) {
      throw new CertificateException("Illegal given domain name: " + expected, e);
    }
    Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
    List<String> dnsNames = new ArrayList<>();
    if (alt != null) {
      for (List<?> entry : alt) {
        if (((Integer) entry.get(0)) == DNS) {
          dnsNames.add((String) entry.get(1));
        }
      }
    }
    if (!dnsNames.isEmpty()) {
      Verdict found = null;
      for (String template : dnsNames) {
        Verdict v = matches(expected, template);
        if (v == Verdict.MATCH) {
          return v;
        }
        found = found == null ? v : found;
      }
      if (found != null) {
        return found;
      }
      throw new CertificateException(
          "No subject alternative DNS name matching " + expected + " found.");
    }
    String cn = mostSpecificCommonName(leaf);
    if (cn != null) {
      if (!Normalizer.isNormalized(cn, Normalizer.Form.NFKC)) {
        throw new CertificateException("Not a formal name " + cn);
      }
      Verdict v = matches(expected, cn);
      if (v != null) {
        return v;
      }
    }
    throw new CertificateException("No name matching " + expected + " found");
  }

  /** MATCH, WILDCARD (a wildcard matched), or null for no match. */
  private static Verdict matches(String name, String template) {
    try {
      name = IDN.toUnicode(IDN.toASCII(name));
      template = IDN.toUnicode(IDN.toASCII(template));
    } catch (RuntimeException e) {
      return null;
    }
    if (template.equals("*") || template.equals("*.")) {
      return null;
    }
    int lastWildcard = template.lastIndexOf('*');
    if (lastWildcard >= 0 && template.indexOf('.', lastWildcard) < 0) {
      return null; // no dot after the wildcard ("*com")
    }
    try {
      new SNIHostName(template.replace('*', 'z'));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!leftmostWildcardMatch(name, template)) {
      return null;
    }
    return lastWildcard >= 0 ? Verdict.WILDCARD : Verdict.MATCH;
  }

  /** The leftmost labels matched with the wildcard, the rest compared exactly, in lower case. */
  static boolean leftmostWildcardMatch(String name, String template) {
    name = name.toLowerCase(Locale.ENGLISH);
    template = template.toLowerCase(Locale.ENGLISH);
    int t = template.indexOf('.');
    int n = name.indexOf('.');
    t = t < 0 ? template.length() : t;
    n = n < 0 ? name.length() : n;
    return labelMatch(name.substring(0, n), template.substring(0, t))
        && template.substring(t).equals(name.substring(n));
  }

  /** One label against a pattern in which each '*' stands for any run of characters. */
  private static boolean labelMatch(String label, String pattern) {
    int star = pattern.indexOf('*');
    if (star < 0) {
      return label.equals(pattern);
    }
    boolean first = true;
    String rest = pattern;
    while (star >= 0) {
      String before = rest.substring(0, star);
      rest = rest.substring(star + 1);
      int at = label.indexOf(before);
      if (at < 0 || (first && at != 0)) {
        return false;
      }
      first = false;
      label = label.substring(at + before.length());
      star = rest.indexOf('*');
    }
    return label.endsWith(rest);
  }

  /** The value of the last common name (CN) in the subject, the most specific; null if none. */
  private static String mostSpecificCommonName(X509Certificate leaf)
      throws CertificateParsingException {
    String cn = null;
    try {
      DerReader rdns =
          new DerReader(leaf.getSubjectX500Principal().getEncoded()).next(0x30).inside();
      while (rdns.hasMore()) {
        DerReader set = rdns.next(0x31).inside();
        while (set.hasMore()) {
          DerReader ava = set.next(0x30).inside();
          DerReader.Element type = ava.next(0x06);
          DerReader.Element value = ava.next();
          if (type.contentEquals(new byte[] {0x55, 0x04, 0x03})) {
            cn = string(value);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CertificateParsingException("the certificate's subject cannot be read", e);
    }
    return cn;
  }

  private static String string(DerReader.Element v) {
    byte[] b = v.content();
    return switch (v.tag()) {
      case 0x1e -> new String(b, StandardCharsets.UTF_16BE); // BMPString
      case 0x1c -> new String(b, java.nio.charset.Charset.forName("UTF-32BE")); // UniversalString
      case 0x13, 0x16 -> new String(b, StandardCharsets.US_ASCII); // Printable, IA5
      case 0x14 -> new String(b, StandardCharsets.ISO_8859_1); // T61, as the JDK reads it
      default -> new String(b, StandardCharsets.UTF_8); // UTF8String and the rest
    };
  }
}
