package gptimage.tls;

import java.math.BigInteger;
import java.security.SignatureException;

/**
 * An ECDSA signature's DER form, {@code SEQUENCE { INTEGER r, INTEGER s }}, read strictly: definite
 * minimal lengths, minimal positive integers, nothing after the sequence. Anything else is refused
 * rather than guessed at. Stricter than the JDK's verifier in one way: it reads an INTEGER whose
 * leading 0 byte is missing (so negative in DER) as its magnitude, where this refuses it; that only
 * fails closed, and TLS libraries encode the 0 byte.
 */
final class EcdsaDer {
  private EcdsaDer() {}

  /** {@code r} and {@code s}, both positive; their range against n is the verifier's to check. */
  static BigInteger[] decode(byte[] der) throws SignatureException {
    int[] at = {0};
    int seqLength = header(der, at, 0x30);
    if (at[0] + seqLength != der.length) {
      throw new SignatureException("the ECDSA signature has bytes after its DER sequence");
    }
    BigInteger r = integer(der, at);
    BigInteger s = integer(der, at);
    if (at[0] != der.length) {
      throw new SignatureException("the ECDSA signature's sequence holds more than r and s");
    }
    return new BigInteger[] {r, s};
  }

  /** Reads a tag and a length (short form, or long form for 128 bytes and more only). */
  private static int header(byte[] der, int[] at, int tag) throws SignatureException {
    int i = at[0];
    if (i + 2 > der.length || (der[i] & 0xff) != tag) {
      throw new SignatureException("the ECDSA signature is not DER (expected tag " + tag + ")");
    }
    int length = der[i + 1] & 0xff;
    i += 2;
    if (length == 0x81) {
      // one length byte: minimal only for 128..255
      if (i >= der.length || (der[i] & 0xff) < 0x80) {
        throw new SignatureException("the ECDSA signature's DER length is not minimal");
      }
      length = der[i++] & 0xff;
    } else if (length >= 0x80) {
      // longer than any P-256 signature could be, or indefinite (0x80), which DER forbids
      throw new SignatureException("the ECDSA signature's DER length is not allowed");
    }
    if (length > der.length - i) {
      throw new SignatureException("the ECDSA signature is cut short");
    }
    at[0] = i;
    return length;
  }

  private static BigInteger integer(byte[] der, int[] at) throws SignatureException {
    int length = header(der, at, 0x02);
    int i = at[0];
    if (length == 0) {
      throw new SignatureException("the ECDSA signature has an empty INTEGER");
    }
    if ((der[i] & 0x80) != 0) {
      throw new SignatureException("the ECDSA signature has a negative INTEGER");
    }
    if (length > 1 && der[i] == 0 && (der[i + 1] & 0x80) == 0) {
      throw new SignatureException("the ECDSA signature has an INTEGER with a redundant 0 byte");
    }
    at[0] = i + length;
    return new BigInteger(1, java.util.Arrays.copyOfRange(der, i, i + length));
  }
}
