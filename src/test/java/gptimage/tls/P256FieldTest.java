package gptimage.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limb arithmetic against {@link BigInteger} on random elements and on the edges (0, 1, p-1,
 * values with all bits of one limb set), where carries and the folding of the reduction go wrong
 * first. The seed is printed; rerun one with {@code -Dp256.seed=N}.
 */
class P256FieldTest {
  static final BigInteger P = P256.P;

  @Test
  void agreesWithBigIntegerModP() {
    long seed = Long.getLong("p256.seed", System.nanoTime());
    System.out.println("P256FieldTest seed " + seed);
    Random random = new Random(seed);
    List<BigInteger> values = new ArrayList<>();
    BigInteger[] edges = {
      BigInteger.ZERO,
      BigInteger.ONE,
      BigInteger.TWO,
      P.subtract(BigInteger.ONE),
      P.subtract(BigInteger.TWO),
      P.shiftRight(1),
      BigInteger.ONE.shiftLeft(255),
      BigInteger.ONE.shiftLeft(224),
      BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(96),
      BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE.shiftLeft(192))
    };
    values.addAll(List.of(edges));
    for (int i = 0; i < 4000; i++) {
      BigInteger v = new BigInteger(256, random);
      // many with runs of 0xffffffff or 0 limbs, where carries chain
      if (random.nextInt(4) == 0) {
        for (int limb = 0; limb < 8; limb++) {
          if (random.nextBoolean()) {
            BigInteger mask = BigInteger.valueOf(0xffffffffL).shiftLeft(32 * limb);
            v = random.nextBoolean() ? v.or(mask) : v.andNot(mask);
          }
        }
      }
      values.add(v.mod(P));
    }
    for (int i = 0; i < values.size(); i++) {
      BigInteger a = values.get(i);
      BigInteger b =
          i < edges.length ? values.get(random.nextInt(values.size())) : values.get(i - 1);
      for (BigInteger[] pair : new BigInteger[][] {{a, b}, {b, a}, {a, a}}) {
        BigInteger x = pair[0];
        BigInteger y = pair[1];
        long[] fx = P256Field.of(x);
        long[] fy = P256Field.of(y);
        String where = "seed " + seed + ": " + x.toString(16) + ", " + y.toString(16);
        assertEquals(x, P256Field.toBigInteger(fx), where);
        assertEquals(x.multiply(y).mod(P), P256Field.toBigInteger(P256Field.mul(fx, fy)), where);
        assertEquals(x.add(y).mod(P), P256Field.toBigInteger(P256Field.add(fx, fy)), where);
        assertEquals(x.subtract(y).mod(P), P256Field.toBigInteger(P256Field.sub(fx, fy)), where);
      }
    }
    for (BigInteger a : edges) {
      for (BigInteger b : edges) {
        assertEquals(
            a.multiply(b).mod(P),
            P256Field.toBigInteger(P256Field.mul(P256Field.of(a), P256Field.of(b))),
            a.toString(16) + " * " + b.toString(16));
      }
    }
  }

  @Test
  void invertsAsModInverseDoesAndReadsEveryValueBack() {
    long seed = Long.getLong("p256.seed", System.nanoTime());
    System.out.println("P256FieldTest invert seed " + seed);
    Random random = new Random(seed);
    List<BigInteger> values =
        new ArrayList<>(
            List.of(
                BigInteger.ONE,
                BigInteger.TWO,
                P.subtract(BigInteger.ONE),
                P.subtract(BigInteger.TWO),
                BigInteger.ONE.shiftLeft(255),
                BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE)));
    for (int i = 0; i < 300; i++) {
      BigInteger v = new BigInteger(256, random).mod(P);
      if (v.signum() != 0) {
        values.add(v);
      }
    }
    for (BigInteger v : values) {
      long[] limbs = P256Field.of(v);
      assertEquals(v, P256Field.toBigInteger(limbs), "read back");
      assertEquals(
          v.modInverse(P), P256Field.toBigInteger(P256Field.invert(limbs)), v.toString(16));
    }
    assertEquals(BigInteger.ZERO, P256Field.toBigInteger(P256Field.of(BigInteger.ZERO)));
  }
}
