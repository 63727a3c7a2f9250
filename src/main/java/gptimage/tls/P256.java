package gptimage.tls;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * The NIST P-256 curve (secp256r1) and the one computation an ECDSA verification needs: {@code u1·G
 * + u2·Q} by Shamir's trick with a 2-bit window, in Jacobian coordinates over {@link P256Field}.
 * Nothing is precomputed beyond the 15 small multiples of one call, so a cold process pays for one
 * verification only, where the JDK's own P-256 code first builds a table worth 60 scalar
 * multiplications. Not constant-time: every input of a verification is public.
 */
final class P256 {
  static final BigInteger P =
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  static final BigInteger A = P.subtract(BigInteger.valueOf(3));
  static final BigInteger B =
      new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
  static final BigInteger GX =
      new BigInteger("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16);
  static final BigInteger GY =
      new BigInteger("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", 16);
  static final BigInteger N =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private P256() {}

  /** Whether these are P-256's domain parameters (by value, whatever their class or name). */
  static boolean is(ECParameterSpec spec) {
    return spec != null
        && spec.getCofactor() == 1
        && spec.getCurve().getField() instanceof ECFieldFp f
        && f.getP().equals(P)
        && spec.getCurve().getA().equals(A)
        && spec.getCurve().getB().equals(B)
        && spec.getOrder().equals(N)
        && spec.getGenerator().getAffineX().equals(GX)
        && spec.getGenerator().getAffineY().equals(GY);
  }

  /**
   * Whether {@code q} is a finite point of the curve (and so, the cofactor being 1, of order n).
   */
  static boolean onCurve(ECPoint q) {
    if (q == null || ECPoint.POINT_INFINITY.equals(q)) {
      return false;
    }
    BigInteger x = q.getAffineX();
    BigInteger y = q.getAffineY();
    if (x.signum() < 0 || x.compareTo(P) >= 0 || y.signum() < 0 || y.compareTo(P) >= 0) {
      return false;
    }
    BigInteger right = x.multiply(x).add(A).multiply(x).add(B).mod(P);
    return y.multiply(y).mod(P).equals(right);
  }

  /**
   * The affine x of {@code u1·G + u2·Q}, or null when that sum is the point at infinity.
   *
   * @param u1 in [0, n)
   * @param u2 in [0, n)
   * @param q a point for which {@link #onCurve} holds
   */
  static BigInteger sumX(BigInteger u1, BigInteger u2, ECPoint q) {
    Jacobian g = Jacobian.affine(GX, GY);
    Jacobian qq = Jacobian.affine(q.getAffineX(), q.getAffineY());
    // table[i + 4 j] = i·G + j·Q, for i, j in 0..3
    Jacobian[] table = new Jacobian[16];
    table[0] = Jacobian.INFINITY;
    table[1] = g;
    table[2] = g.twice();
    table[3] = table[2].plus(g);
    for (int j = 1; j < 4; j++) {
      table[4 * j] = j == 1 ? qq : table[4 * (j - 1)].plus(qq);
      for (int i = 1; i < 4; i++) {
        table[i + 4 * j] = table[4 * j].plus(table[i]);
      }
    }
    Jacobian r = Jacobian.INFINITY;
    for (int bit = 255; bit > 0; bit -= 2) {
      r = r.twice().twice();
      int i = (u1.testBit(bit) ? 2 : 0) | (u1.testBit(bit - 1) ? 1 : 0);
      int j = (u2.testBit(bit) ? 2 : 0) | (u2.testBit(bit - 1) ? 1 : 0);
      r = r.plus(table[i + 4 * j]);
    }
    return r.affineX();
  }

  /**
   * A point (X : Y : Z) standing for (X/Z², Y/Z³), coordinates as {@link P256Field} elements; Z = 0
   * is the point at infinity.
   */
  record Jacobian(long[] x, long[] y, long[] z) {
    static final Jacobian INFINITY =
        new Jacobian(P256Field.of(BigInteger.ONE), P256Field.of(BigInteger.ONE), new long[8]);

    static Jacobian affine(BigInteger x, BigInteger y) {
      return new Jacobian(P256Field.of(x), P256Field.of(y), P256Field.of(BigInteger.ONE));
    }

    boolean infinite() {
      return P256Field.isZero(z);
    }

    BigInteger affineX() {
      if (infinite()) {
        return null;
      }
      long[] zInv = P256Field.invert(z);
      return P256Field.toBigInteger(P256Field.mul(x, P256Field.square(zInv)));
    }

    /** 2·this, with a = -3 (dbl-2001-b). */
    Jacobian twice() {
      if (infinite() || P256Field.isZero(y)) {
        return INFINITY;
      }
      long[] delta = P256Field.square(z);
      long[] gamma = P256Field.square(y);
      long[] beta = P256Field.mul(x, gamma);
      long[] t = P256Field.mul(P256Field.sub(x, delta), P256Field.add(x, delta));
      long[] alpha = P256Field.add(P256Field.add(t, t), t);
      long[] beta2 = P256Field.add(beta, beta);
      long[] beta4 = P256Field.add(beta2, beta2);
      long[] beta8 = P256Field.add(beta4, beta4);
      long[] x3 = P256Field.sub(P256Field.square(alpha), beta8);
      long[] yz = P256Field.add(y, z);
      long[] z3 = P256Field.sub(P256Field.sub(P256Field.square(yz), gamma), delta);
      long[] gg = P256Field.square(gamma);
      long[] gg2 = P256Field.add(gg, gg);
      long[] gg4 = P256Field.add(gg2, gg2);
      long[] gg8 = P256Field.add(gg4, gg4);
      long[] y3 = P256Field.sub(P256Field.mul(alpha, P256Field.sub(beta4, x3)), gg8);
      return new Jacobian(x3, y3, z3);
    }

    /** this + o, for any two points (add-2007-bl, falling back to doubling for equal points). */
    Jacobian plus(Jacobian o) {
      if (infinite()) {
        return o;
      }
      if (o.infinite()) {
        return this;
      }
      long[] z1z1 = P256Field.square(z);
      long[] z2z2 = P256Field.square(o.z);
      long[] u1 = P256Field.mul(x, z2z2);
      long[] u2 = P256Field.mul(o.x, z1z1);
      long[] s1 = P256Field.mul(P256Field.mul(y, o.z), z2z2);
      long[] s2 = P256Field.mul(P256Field.mul(o.y, z), z1z1);
      long[] h = P256Field.sub(u2, u1);
      long[] rr = P256Field.sub(s2, s1);
      if (P256Field.isZero(h)) {
        return P256Field.isZero(rr) ? twice() : INFINITY;
      }
      long[] h2 = P256Field.add(h, h);
      long[] i = P256Field.square(h2);
      long[] j = P256Field.mul(h, i);
      long[] r2 = P256Field.add(rr, rr);
      long[] v = P256Field.mul(u1, i);
      long[] x3 = P256Field.sub(P256Field.sub(P256Field.square(r2), j), P256Field.add(v, v));
      long[] s1j = P256Field.mul(s1, j);
      long[] y3 = P256Field.sub(P256Field.mul(r2, P256Field.sub(v, x3)), P256Field.add(s1j, s1j));
      long[] zz = P256Field.add(z, o.z);
      long[] z3 = P256Field.mul(P256Field.sub(P256Field.sub(P256Field.square(zz), z1z1), z2z2), h);
      return new Jacobian(x3, y3, z3);
    }
  }
}
