package gptimage.wire;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings that a certificate and a PKCS#8 key wrapper need, each returning its
 * whole tag-length-value. The JDK parses certificates but has no public API to write one.
 */
public final class Der {
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private Der() {}

  /** Any element: its tag byte, its length and its contents. */
  public static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  public static byte[] sequence(byte[]... items) {
    return tlv(0x30, concat(items));
  }

  public static byte[] set(byte[]... items) {
    return tlv(0x31, concat(items));
  }

  public static byte[] integer(BigInteger v) {
    return tlv(0x02, v.toByteArray());
  }

  public static byte[] bool(boolean v) {
    return tlv(0x01, new byte[] {(byte) (v ? 0xff : 0)});
  }

  public static byte[] nul() {
    return new byte[] {0x05, 0};
  }

  public static byte[] octetString(byte[] v) {
    return tlv(0x04, v);
  }

  /** A BIT STRING with no unused bits. */
  public static byte[] bitString(byte[] v) {
    return tlv(0x03, concat(new byte[] {0}, v));
  }

  public static byte[] utf8(String v) {
    return tlv(0x0c, v.getBytes(StandardCharsets.UTF_8));
  }

  /** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 asks. */
  public static byte[] time(Instant t) {
    boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
    return tlv(
        utc ? 0x17 : 0x18,
        (utc ? UTC_TIME : GENERALIZED_TIME).format(t).getBytes(StandardCharsets.US_ASCII));
  }

  /** An OBJECT IDENTIFIER from its dotted form, such as {@code 2.5.4.3}. */
  public static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      base128(out, Long.parseLong(parts[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  /** A context-specific constructed element, {@code [n] EXPLICIT}. */
  public static byte[] explicit(int n, byte[] inner) {
    return tlv(0xa0 | n, inner);
  }

  /** A context-specific primitive element, {@code [n] IMPLICIT} of a primitive type. */
  public static byte[] implicit(int n, byte[] content) {
    return tlv(0x80 | n, content);
  }

  /** A PKCS#1 RSA private key wrapped as PKCS#8, which the JDK's key factory reads. */
  static byte[] pkcs8OfRsa(byte[] pkcs1) {
    return sequence(
        integer(BigInteger.ZERO), sequence(oid("1.2.840.113549.1.1.1"), nul()), octetString(pkcs1));
  }

  private static void base128(ByteArrayOutputStream out, long v) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int b = (int) ((v >>> (7 * i)) & 0x7f);
      out.write(i > 0 ? b | 0x80 : b);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
