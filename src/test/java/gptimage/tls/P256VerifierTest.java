package gptimage.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verifier against the JDK's own (SunEC) on random keys and messages, valid and tampered, and
 * on the RFC 6979 (A.2.5) P-256 signatures. Both must agree on every case: a wrong "true" here is a
 * server whose signature was never checked. The seed is printed; rerun one with {@code
 * -Dp256.seed=N}.
 */
class P256VerifierTest {
  static final String[] ALGORITHMS = {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"};
  static final BigInteger N = P256.N;

  /** What a verifier says of a case: accepted, rejected, or refused the key or the encoding. */
  enum Verdict {
    VALID,
    INVALID
  }

  static Verdict ours(String alg, PublicKey key, byte[] message, byte[] sig) {
    return verdict(alg, key, message, sig, true);
  }

  static Verdict sunEc(String alg, PublicKey key, byte[] message, byte[] sig) {
    return verdict(alg, key, message, sig, false);
  }

  private static Verdict verdict(
      String alg, PublicKey key, byte[] message, byte[] sig, boolean ours) {
    try {
      Signature v =
          ours
              ? Signature.getInstance(alg, new VerifyProvider())
              : Signature.getInstance(alg, "SunEC");
      v.initVerify(key);
      v.update(message);
      return v.verify(sig) ? Verdict.VALID : Verdict.INVALID;
    } catch (SignatureException | InvalidKeyException e) {
      return Verdict.INVALID;
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair p256(Random random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(
        new ECGenParameterSpec("secp256r1"),
        new java.security.SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            random.nextBytes(bytes);
          }
        });
    return g.generateKeyPair();
  }

  static byte[] sign(String alg, PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance(alg, "SunEC");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  /** DER of (r, s), minimal. */
  static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] out = new byte[6 + rb.length + sb.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + rb.length + sb.length);
    out[2] = 0x02;
    out[3] = (byte) rb.length;
    System.arraycopy(rb, 0, out, 4, rb.length);
    out[4 + rb.length] = 0x02;
    out[5 + rb.length] = (byte) sb.length;
    System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
    return out;
  }

  static BigInteger[] rs(byte[] der) throws SignatureException {
    return EcdsaDer.decode(der);
  }

  static ECPublicKey publicKey(BigInteger x, BigInteger y) throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
  }

  @Test
  void agreesWithSunEcOnRandomValidAndTamperedSignatures() throws Exception {
    long seed = Long.getLong("p256.seed", System.nanoTime());
    System.out.println("P256VerifierTest seed " + seed + " (rerun with -Dp256.seed=" + seed + ")");
    Random random = new Random(seed);
    int cases = Integer.getInteger("p256.cases", 1500);
    int valid = 0;
    int compared = 0;
    KeyPair pair = null;
    KeyPair other = p256(random);
    for (int i = 0; i < cases; i++) {
      if (i % 10 == 0) {
        other = pair == null ? other : pair;
        pair = p256(random);
      }
      String alg = ALGORITHMS[random.nextInt(ALGORITHMS.length)];
      byte[] message = new byte[random.nextInt(200)];
      random.nextBytes(message);
      byte[] sig = sign(alg, pair.getPrivate(), message);
      PublicKey pub = pair.getPublic();
      String where = "seed " + seed + ", case " + i + ", " + alg;
      assertEquals(Verdict.VALID, ours(alg, pub, message, sig), where);
      assertEquals(Verdict.VALID, sunEc(alg, pub, message, sig), where);
      valid++;
      BigInteger[] rs = rs(sig);
      BigInteger r = rs[0];
      BigInteger s = rs[1];
      List<Object[]> tampered = new ArrayList<>();
      if (message.length > 0) {
        byte[] m = message.clone();
        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
        tampered.add(new Object[] {"message bit", pub, m, sig});
      }
      tampered.add(new Object[] {"r bit", pub, message, der(r.flipBit(random.nextInt(256)), s)});
      tampered.add(new Object[] {"s bit", pub, message, der(r, s.flipBit(random.nextInt(256)))});
      tampered.add(new Object[] {"high s", pub, message, der(r, N.subtract(s))});
      tampered.add(new Object[] {"other key", other.getPublic(), message, sig});
      tampered.add(new Object[] {"swapped r s", pub, message, der(s, r)});
      byte[] raw = sig.clone();
      raw[2 + random.nextInt(raw.length - 2)] ^= (byte) (1 << random.nextInt(8));
      tampered.add(new Object[] {"der bit", pub, message, raw});
      ECPoint w = ((ECPublicKey) pub).getW();
      try {
        PublicKey moved = publicKey(w.getAffineX(), w.getAffineY().flipBit(random.nextInt(256)));
        tampered.add(new Object[] {"key bit", moved, message, sig});
      } catch (GeneralSecurityException e) {
        // a JDK that refuses the off-curve key outright: nothing to compare
      }
      for (Object[] t : tampered) {
        PublicKey k = (PublicKey) t[1];
        byte[] m = (byte[]) t[2];
        byte[] g = (byte[]) t[3];
        assertEquals(sunEc(alg, k, m, g), ours(alg, k, m, g), where + ", " + t[0]);
        compared++;
      }
    }
    System.out.println("P256VerifierTest: " + valid + " valid, " + compared + " tampered compared");
  }

  @Test
  void refusesOutOfRangeAndBadlyEncodedSignatures() throws Exception {
    Random random = new Random(6979);
    KeyPair pair = p256(random);
    byte[] message = "out of range".getBytes(StandardCharsets.UTF_8);
    String alg = "SHA256withECDSA";
    byte[] sig = sign(alg, pair.getPrivate(), message);
    BigInteger[] rs = rs(sig);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    PublicKey pub = pair.getPublic();
    BigInteger[] edges = {
      BigInteger.ZERO, N, N.subtract(BigInteger.ONE), N.add(BigInteger.ONE), N.add(r), N.add(s)
    };
    for (BigInteger e : edges) {
      assertEquals(Verdict.INVALID, ours(alg, pub, message, der(e, s)), "r = " + e);
      assertEquals(Verdict.INVALID, ours(alg, pub, message, der(r, e)), "s = " + e);
      assertEquals(sunEc(alg, pub, message, der(e, s)), ours(alg, pub, message, der(e, s)));
      assertEquals(sunEc(alg, pub, message, der(r, e)), ours(alg, pub, message, der(r, e)));
    }
    assertEquals(Verdict.VALID, ours(alg, pub, message, der(r, s)));
    List<byte[]> bad = new ArrayList<>();
    bad.add(concat(sig, new byte[] {0})); // trailing garbage
    bad.add(concat(sig, new byte[] {0x02, 0x01, 0x01})); // a third element after the sequence
    bad.add(padded(r, s, true)); // r with a redundant 0 byte
    bad.add(padded(r, s, false)); // s with a redundant 0 byte
    bad.add(longForm(sig)); // sequence length in long form though under 128
    bad.add(Arrays.copyOf(sig, sig.length - 1)); // cut short
    bad.add(new byte[0]);
    bad.add(new byte[] {0x30, 0x00});
    bad.add(inside(sig, new byte[] {0x02, 0x01, 0x01})); // three integers in the sequence
    byte[] negative = der(r, s);
    negative[4] = (byte) 0x80; // r's first byte with its sign bit set
    bad.add(negative);
    byte[] indefinite =
        concat(new byte[] {0x30, (byte) 0x80}, Arrays.copyOfRange(sig, 2, sig.length));
    bad.add(concat(indefinite, new byte[] {0, 0}));
    for (byte[] b : bad) {
      String hex = HexFormat.of().formatHex(b);
      assertEquals(Verdict.INVALID, ours(alg, pub, message, b), hex);
      assertEquals(Verdict.INVALID, sunEc(alg, pub, message, b), "SunEC too: " + hex);
    }
  }

  @Test
  void verifiesTheRfc6979P256Signatures() throws Exception {
    ECPublicKey key =
        publicKey(
            new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16),
            new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16));
    // RFC 6979, A.2.5: the private key's public point, then (r, s) per hash and message
    String[][] vectors = {
      {
        "SHA256withECDSA",
        "sample",
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"
      },
      {
        "SHA256withECDSA",
        "test",
        "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
        "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"
      },
      {
        "SHA384withECDSA",
        "sample",
        "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
        "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954"
      },
      {
        "SHA512withECDSA",
        "sample",
        "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
        "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE"
      },
    };
    PrivateKey priv =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new ECPrivateKeySpec(
                    new BigInteger(
                        "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16),
                    key.getParams()));
    byte[] probe = sign("SHA256withECDSA", priv, new byte[] {1});
    assertEquals(Verdict.VALID, sunEc("SHA256withECDSA", key, new byte[] {1}, probe), "key pair");
    for (String[] v : vectors) {
      byte[] m = v[1].getBytes(StandardCharsets.US_ASCII);
      byte[] sig = der(new BigInteger(v[2], 16), new BigInteger(v[3], 16));
      assertEquals(Verdict.VALID, sunEc(v[0], key, m, sig), "SunEC, " + v[0] + " " + v[1]);
      assertEquals(Verdict.VALID, ours(v[0], key, m, sig), v[0] + " " + v[1]);
      assertEquals(
          Verdict.INVALID, ours(v[0], key, "other".getBytes(StandardCharsets.US_ASCII), sig));
    }
  }

  @Test
  void otherKeysAndAllSigningGoToTheJdkThroughTheProviderList() throws Exception {
    VerifyProvider.install();
    assertEquals(VerifyProvider.NAME, java.security.Security.getProviders()[0].getName());
    Random random = new Random(1);
    KeyPair p256 = p256(random);
    byte[] m = {1, 2, 3};
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(p256.getPrivate());
    signer.update(m);
    byte[] sig = signer.sign();
    assertEquals("SunEC", signer.getProvider().getName());
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(p256.getPublic());
    verifier.update(m);
    assertTrue(verifier.verify(sig));
    assertEquals(VerifyProvider.NAME, verifier.getProvider().getName());

    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    Signature s384 = Signature.getInstance("SHA384withECDSA");
    s384.initSign(p384.getPrivate());
    s384.update(m);
    byte[] sig384 = s384.sign();
    Signature v384 = Signature.getInstance("SHA384withECDSA");
    v384.initVerify(p384.getPublic());
    v384.update(m);
    assertTrue(v384.verify(sig384));
    assertEquals("SunEC", v384.getProvider().getName());

    Signature direct = Signature.getInstance("SHA256withECDSA", new VerifyProvider());
    assertThrows(InvalidKeyException.class, () -> direct.initVerify(p384.getPublic()));
    assertThrows(InvalidKeyException.class, () -> direct.initSign(p256.getPrivate()));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThrows(
        InvalidKeyException.class, () -> direct.initVerify(rsa.generateKeyPair().getPublic()));
    assertFalse(VerifyProvider.install(), "installed once");

    Signature reused = Signature.getInstance("SHA256withECDSA", new VerifyProvider());
    reused.initVerify(p256.getPublic());
    assertThrows(InvalidKeyException.class, () -> reused.initVerify(p384.getPublic()));
    assertThrows(SignatureException.class, () -> reused.update(m), "the first key is gone");
    assertThrows(SignatureException.class, () -> reused.verify(sig), "the first key is gone");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] padded(BigInteger r, BigInteger s, boolean padR) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    if (padR) {
      rb = concat(new byte[] {0}, rb);
    } else {
      sb = concat(new byte[] {0}, sb);
    }
    byte[] body =
        concat(
            concat(new byte[] {0x02, (byte) rb.length}, rb),
            concat(new byte[] {0x02, (byte) sb.length}, sb));
    return concat(new byte[] {0x30, (byte) body.length}, body);
  }

  private static byte[] longForm(byte[] sig) {
    return concat(new byte[] {0x30, (byte) 0x81, sig[1]}, Arrays.copyOfRange(sig, 2, sig.length));
  }

  private static byte[] inside(byte[] sig, byte[] extra) {
    byte[] body = concat(Arrays.copyOfRange(sig, 2, sig.length), extra);
    return concat(new byte[] {0x30, (byte) body.length}, body);
  }
}
