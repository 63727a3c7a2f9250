package gptimage.wire;

import java.util.Arrays;

/**
 * Walks ASN.1 DER elements in a byte array without decoding them: enough to find a certificate's
 * subject and issuer names, or the certificates inside a key store, without building an {@code
 * X509Certificate}. Each read checks that the element lies within its parent; a malformed element
 * is an {@link IllegalArgumentException}.
 */
final class DerReader {
  private final byte[] data;
  private int at;
  private final int end;

  /** One element: its tag, and where its contents and the whole element lie in the array. */
  record Element(byte[] data, int tag, int start, int contentStart, int end) {
    /** The contents as a reader of the elements inside. */
    DerReader inside() {
      return new DerReader(data, contentStart, end);
    }

    /** The whole element, tag and length included. */
    byte[] bytes() {
      return Arrays.copyOfRange(data, start, end);
    }

    /** The contents alone. */
    byte[] content() {
      return Arrays.copyOfRange(data, contentStart, end);
    }

    boolean contentEquals(byte[] other) {
      return Arrays.equals(data, contentStart, end, other, 0, other.length);
    }
  }

  DerReader(byte[] data) {
    this(data, 0, data.length);
  }

  DerReader(byte[] data, int from, int end) {
    this.data = data;
    this.at = from;
    this.end = end;
  }

  boolean hasMore() {
    return at < end;
  }

  /** The next tag, without moving; -1 at the end. */
  int peekTag() {
    return at < end ? data[at] & 0xff : -1;
  }

  /** The next element, moving past it. */
  Element next() {
    int start = at;
    if (end - at < 2) {
      throw new IllegalArgumentException("DER element cut short at byte " + at);
    }
    int tag = data[at++] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("multi-byte DER tag at byte " + start);
    }
    int first = data[at++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int bytes = first & 0x7f;
      if (bytes == 0 || bytes > 4 || end - at < bytes) {
        throw new IllegalArgumentException("DER length not definite at byte " + start);
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (data[at++] & 0xff);
      }
    }
    if (length > end - at) {
      throw new IllegalArgumentException("DER element longer than its container at byte " + start);
    }
    int contentStart = at;
    at += (int) length;
    return new Element(data, tag, start, contentStart, at);
  }

  /** The next element, which must have this tag. */
  Element next(int tag) {
    Element e = next();
    if (e.tag() != tag) {
      throw new IllegalArgumentException(
          "DER tag 0x" + Integer.toHexString(e.tag()) + " where 0x" + Integer.toHexString(tag));
    }
    return e;
  }

  /**
   * The issuer and subject names of a DER certificate, each as its whole encoded {@code Name}.
   *
   * @throws IllegalArgumentException where {@code cert} is not shaped as an X.509 certificate
   */
  static byte[][] names(byte[] cert) {
    DerReader whole = new DerReader(cert);
    DerReader tbs = whole.next(0x30).inside().next(0x30).inside();
    if (tbs.peekTag() == 0xa0) {
      tbs.next(); // [0] version
    }
    tbs.next(0x02); // serial number
    tbs.next(0x30); // signature algorithm
    byte[] issuer = tbs.next(0x30).bytes();
    tbs.next(0x30); // validity
    byte[] subject = tbs.next(0x30).bytes();
    if (whole.hasMore()) {
      throw new IllegalArgumentException("bytes after the certificate");
    }
    return new byte[][] {issuer, subject};
  }
}
