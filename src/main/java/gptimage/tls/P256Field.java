package gptimage.tls;

import java.math.BigInteger;

/**
 * Arithmetic modulo P-256's prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 on eight 32-bit limbs held
 * in a {@code long[8]} (least significant first, each in [0, 2^32), the whole in [0, p)). Products
 * are reduced by the NIST fast reduction (FIPS 186-4, D.2.3) rather than by division, which makes a
 * product a few dozen machine operations and no allocation beyond its result: cheap even before the
 * JIT has compiled it, which is when a short process verifies its one signature.
 */
final class P256Field {
  private static final long M = 0xffffffffL;
  static final long[] P = of(P256.P);

  private P256Field() {}

  /** {@code v} in [0, 2^256) as limbs; from its bytes, one BigInteger call, cheap uncompiled. */
  static long[] of(BigInteger v) {
    byte[] b = v.toByteArray(); // big-endian, a leading 0 where the top bit is set
    long[] r = new long[8];
    for (int k = 0; k < 32 && k < b.length; k++) {
      r[k >>> 2] |= (b[b.length - 1 - k] & 0xffL) << (8 * (k & 3));
    }
    return r;
  }

  static BigInteger toBigInteger(long[] a) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 7; i >= 0; i--) {
      v = v.shiftLeft(32).or(BigInteger.valueOf(a[i]));
    }
    return v;
  }

  static boolean isZero(long[] a) {
    long or = 0;
    for (long limb : a) {
      or |= limb;
    }
    return or == 0;
  }

  static long[] add(long[] a, long[] b) {
    long[] r = new long[8];
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long v = a[i] + b[i] + carry;
      r[i] = v & M;
      carry = v >>> 32;
    }
    if (carry != 0 || !less(r, P)) {
      subtractInPlace(r, P);
    }
    return r;
  }

  static long[] sub(long[] a, long[] b) {
    long[] r = new long[8];
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long v = a[i] - b[i] - borrow;
      r[i] = v & M;
      borrow = v < 0 ? 1 : 0;
    }
    if (borrow != 0) {
      long carry = 0;
      for (int i = 0; i < 8; i++) {
        long v = r[i] + P[i] + carry;
        r[i] = v & M;
        carry = v >>> 32;
      }
    }
    return r;
  }

  static long[] mul(long[] a, long[] b) {
    long[] t = new long[16];
    for (int i = 0; i < 8; i++) {
      long carry = 0;
      long ai = a[i];
      for (int j = 0; j < 8; j++) {
        // at most (2^32-1)^2 + 2 (2^32-1) = 2^64 - 1: exact as an unsigned long
        long v = ai * b[j] + t[i + j] + carry;
        t[i + j] = v & M;
        carry = v >>> 32;
      }
      t[i + 8] = carry;
    }
    return reduce(t);
  }

  static long[] square(long[] a) {
    return mul(a, a);
  }

  /** The exponent p - 2, limbs as {@link #of} makes them. */
  private static final long[] P_MINUS_2 = of(P256.P.subtract(BigInteger.TWO));

  /**
   * a^-1 for a ≠ 0, as a^(p-2) (Fermat): 256 squarings and the multiplications of p-2's bits, in
   * the limb arithmetic above, which is compiled by then; {@code BigInteger.modInverse} runs
   * uncompiled in a short process and cost as much as a quarter of the verification.
   */
  static long[] invert(long[] a) {
    long[] r = new long[8];
    r[0] = 1;
    for (int bit = 255; bit >= 0; bit--) {
      r = square(r);
      if (((P_MINUS_2[bit >>> 5] >>> (bit & 31)) & 1) != 0) {
        r = mul(r, a);
      }
    }
    return r;
  }

  /** The 512-bit {@code c} (16 limbs) modulo p, by p's special form (the s1..s5, d1..d4 terms). */
  private static long[] reduce(long[] c) {
    long[] w = new long[9];
    w[0] = c[0] + c[8] + c[9] - c[11] - c[12] - c[13] - c[14];
    w[1] = c[1] + c[9] + c[10] - c[12] - c[13] - c[14] - c[15];
    w[2] = c[2] + c[10] + c[11] - c[13] - c[14] - c[15];
    w[3] = c[3] + 2 * c[11] + 2 * c[12] + c[13] - c[15] - c[8] - c[9];
    w[4] = c[4] + 2 * c[12] + 2 * c[13] + c[14] - c[9] - c[10];
    w[5] = c[5] + 2 * c[13] + 2 * c[14] + c[15] - c[10] - c[11];
    w[6] = c[6] + 3 * c[14] + 2 * c[15] + c[13] - c[8] - c[9];
    w[7] = c[7] + 3 * c[15] + c[8] - c[10] - c[11] - c[12] - c[13];
    long top = propagate(w);
    // top·2^256 ≡ top·(2^224 - 2^192 - 2^96 + 1): fold until nothing is left above 2^256
    while (top != 0) {
      w[0] += top;
      w[3] -= top;
      w[6] -= top;
      w[7] += top;
      top = propagate(w);
    }
    long[] r = new long[8];
    System.arraycopy(w, 0, r, 0, 8);
    if (!less(r, P)) {
      subtractInPlace(r, P);
    }
    return r;
  }

  /** Carries signed limb sums up; leaves each limb in [0, 2^32) and returns the signed excess. */
  private static long propagate(long[] w) {
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long v = w[i] + carry;
      w[i] = v & M;
      carry = v >> 32; // arithmetic: a negative sum borrows from the next limb
    }
    return carry;
  }

  private static boolean less(long[] a, long[] b) {
    for (int i = 7; i >= 0; i--) {
      if (a[i] != b[i]) {
        return a[i] < b[i];
      }
    }
    return false;
  }

  private static void subtractInPlace(long[] r, long[] b) {
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long v = r[i] - b[i] - borrow;
      r[i] = v & M;
      borrow = v < 0 ? 1 : 0;
    }
  }
}
