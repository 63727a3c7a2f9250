package gptimage.tls;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;

/**
 * ECDSA verification on P-256 keys only ({@code SHA256withECDSA}, {@code SHA384withECDSA}, {@code
 * SHA512withECDSA}; the signature in DER, as TLS and X.509 carry it). It refuses every other key
 * and every signing with an {@link InvalidKeyException}, which makes the JCA's delayed provider
 * selection hand those to the next provider (SunEC), so it can sit first in the provider list
 * without taking anything else over.
 */
public abstract class P256Verifier extends SignatureSpi {
  private final MessageDigest digest;
  private ECPoint q; // null until initVerify

  P256Verifier(String digestName) {
    try {
      digest = MessageDigest.getInstance(digestName);
    } catch (NoSuchAlgorithmException e) {
      throw new ProviderException(digestName + " is missing from this JDK", e);
    }
  }

  /** SHA256withECDSA. */
  public static final class Sha256 extends P256Verifier {
    public Sha256() {
      super("SHA-256");
    }
  }

  /** SHA384withECDSA. */
  public static final class Sha384 extends P256Verifier {
    public Sha384() {
      super("SHA-384");
    }
  }

  /** SHA512withECDSA. */
  public static final class Sha512 extends P256Verifier {
    public Sha512() {
      super("SHA-512");
    }
  }

  @Override
  protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
    q = null; // a refused key leaves nothing verifiable behind, not the previous key
    if (!(key instanceof ECPublicKey ec) || !P256.is(ec.getParams())) {
      throw new InvalidKeyException("only P-256 public keys are verified here");
    }
    if (!P256.onCurve(ec.getW())) {
      throw new InvalidKeyException("the P-256 public key is not a point of the curve");
    }
    q = ec.getW();
    digest.reset();
  }

  @Override
  protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
    throw new InvalidKeyException("this provider only verifies; signing is the JDK's");
  }

  @Override
  protected void engineUpdate(byte b) throws SignatureException {
    requireInit();
    digest.update(b);
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    requireInit();
    digest.update(b, off, len);
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    throw new SignatureException("this provider only verifies");
  }

  @Override
  protected boolean engineVerify(byte[] signature) throws SignatureException {
    requireInit();
    byte[] hash = digest.digest();
    BigInteger[] rs = EcdsaDer.decode(signature);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (r.signum() <= 0
        || r.compareTo(P256.N) >= 0
        || s.signum() <= 0
        || s.compareTo(P256.N) >= 0) {
      return false;
    }
    BigInteger e = new BigInteger(1, hash);
    if (hash.length > 32) {
      e = e.shiftRight(8 * (hash.length - 32)); // the hash's leftmost 256 bits (SEC 1, 4.1.4)
    }
    BigInteger w = s.modInverse(P256.N);
    BigInteger u1 = e.multiply(w).mod(P256.N);
    BigInteger u2 = r.multiply(w).mod(P256.N);
    BigInteger x = P256.sumX(u1, u2, q);
    return x != null && x.mod(P256.N).equals(r);
  }

  private void requireInit() throws SignatureException {
    if (q == null) {
      throw new SignatureException("not initialised for verification");
    }
  }

  @Override
  @Deprecated
  protected void engineSetParameter(String param, Object value) {
    throw new InvalidParameterException("no parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new InvalidParameterException("no parameters");
  }
}
