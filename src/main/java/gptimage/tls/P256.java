package gptimage.tls;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * The NIST P-256 curve (secp256r1) and the one computation an ECDSA verification needs: {@code u1·G
 * + u2·Q} by Shamir's trick with a 2-bit window, in Jacobian coordinates over {@link BigInteger}.
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

  private static final BigInteger THREE = BigInteger.valueOf(3);

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

  /** A point (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the point at infinity. */
  record Jacobian(BigInteger x, BigInteger y, BigInteger z) {
    static final Jacobian INFINITY = new Jacobian(BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

    static Jacobian affine(BigInteger x, BigInteger y) {
      return new Jacobian(x, y, BigInteger.ONE);
    }

    boolean infinite() {
      return z.signum() == 0;
    }

    BigInteger affineX() {
      if (infinite()) {
        return null;
      }
      BigInteger zInv = z.modInverse(P);
      return x.multiply(zInv.multiply(zInv)).mod(P);
    }

    /** 2·this, with a = -3 (dbl-2001-b). */
    Jacobian twice() {
      if (infinite() || y.signum() == 0) {
        return INFINITY;
      }
      BigInteger delta = z.multiply(z).mod(P);
      BigInteger gamma = y.multiply(y).mod(P);
      BigInteger beta = x.multiply(gamma).mod(P);
      BigInteger alpha = THREE.multiply(x.subtract(delta)).multiply(x.add(delta)).mod(P);
      BigInteger beta4 = beta.shiftLeft(2);
      BigInteger x3 = alpha.multiply(alpha).subtract(beta4.shiftLeft(1)).mod(P);
      BigInteger z3 = y.add(z).pow(2).subtract(gamma).subtract(delta).mod(P);
      BigInteger y3 =
          alpha.multiply(beta4.subtract(x3)).subtract(gamma.multiply(gamma).shiftLeft(3)).mod(P);
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
      BigInteger z1z1 = z.multiply(z).mod(P);
      BigInteger z2z2 = o.z.multiply(o.z).mod(P);
      BigInteger u1 = x.multiply(z2z2).mod(P);
      BigInteger u2 = o.x.multiply(z1z1).mod(P);
      BigInteger s1 = y.multiply(o.z).multiply(z2z2).mod(P);
      BigInteger s2 = o.y.multiply(z).multiply(z1z1).mod(P);
      BigInteger h = u2.subtract(u1).mod(P);
      BigInteger rr = s2.subtract(s1).mod(P);
      if (h.signum() == 0) {
        return rr.signum() == 0 ? twice() : INFINITY;
      }
      BigInteger i = h.shiftLeft(1).pow(2).mod(P);
      BigInteger j = h.multiply(i).mod(P);
      BigInteger r2 = rr.shiftLeft(1);
      BigInteger v = u1.multiply(i).mod(P);
      BigInteger x3 = r2.multiply(r2).subtract(j).subtract(v.shiftLeft(1)).mod(P);
      BigInteger y3 = r2.multiply(v.subtract(x3)).subtract(s1.multiply(j).shiftLeft(1)).mod(P);
      BigInteger z3 = z.add(o.z).pow(2).subtract(z1z1).subtract(z2z2).multiply(h).mod(P);
      return new Jacobian(x3, y3, z3);
    }
  }
}
