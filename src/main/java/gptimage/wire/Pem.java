package gptimage.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM files: certificate bundles (one or more {@code BEGIN CERTIFICATE} blocks, other text
 * between them ignored, as {@code openssl} and Node read them) and unencrypted private keys (PKCS#8
 * {@code BEGIN PRIVATE KEY}, or PKCS#1 {@code BEGIN RSA PRIVATE KEY}). Errors name the file and say
 * what it should hold.
 */
public final class Pem {
  private Pem() {}

  /**
   * One {@code -----BEGIN TYPE-----} ... {@code -----END TYPE-----} block: its type, its body, and
   * where the text after it starts.
   */
  private record Block(String type, String body, int next) {}

  /** Every well-formed block, in order; text around them is ignored. */
  private static List<Block> blocks(String text) {
    List<Block> found = new ArrayList<>();
    for (int at = 0; (at = text.indexOf("-----BEGIN ", at)) >= 0; ) {
      Block b = block(text, at);
      if (b == null) {
        break;
      }
      found.add(b);
      at = b.next();
    }
    return found;
  }

  /** The block that starts at {@code at}, or null where it is not closed. */
  private static Block block(String text, int at) {
    int typeEnd = text.indexOf("-----", at + 11);
    if (typeEnd < 0) {
      return null;
    }
    String type = text.substring(at + 11, typeEnd);
    String end = "-----END " + type + "-----";
    int bodyEnd = text.indexOf(end, typeEnd + 5);
    if (bodyEnd < 0) {
      return null;
    }
    return new Block(type, text.substring(typeEnd + 5, bodyEnd), bodyEnd + end.length());
  }

  /**
   * Every certificate in the file, in order.
   *
   * @param what how messages name the file, such as {@code --ca-file}
   * @throws IllegalArgumentException naming {@code what} and the file where it cannot be read or
   *     holds no certificate
   */
  public static List<X509Certificate> certificates(Path file, String what) {
    List<byte[]> ders = certificateDers(read(file, what), file, what);
    List<X509Certificate> certs = new ArrayList<>(ders.size());
    for (byte[] der : ders) {
      certs.add(parse(der, file, what, certs.size() + 1));
    }
    return certs;
  }

  /**
   * The text of a certificate bundle, read now, having checked only that it holds a certificate
   * block: nothing in it is decoded until {@link #certificateDers} is asked.
   *
   * @throws IllegalArgumentException naming {@code what} and the file where it cannot be read or
   *     holds no {@code BEGIN CERTIFICATE} block
   */
  static String bundle(Path file, String what) {
    String text = read(file, what);
    for (int at = 0; (at = text.indexOf("-----BEGIN ", at)) >= 0; ) {
      Block b = block(text, at);
      if (b == null) {
        break;
      }
      if (isCertificate(b)) {
        return text;
      }
      at = b.next();
    }
    throw noCertificate(file, what);
  }

  /**
   * Each certificate block's DER bytes, base64-decoded but not parsed.
   *
   * @throws IllegalArgumentException naming {@code what}, the file and the block that is not
   *     base64, or saying that there is no certificate block
   */
  static List<byte[]> certificateDers(String text, Path file, String what) {
    List<byte[]> ders = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (!isCertificate(b)) {
        continue;
      }
      try {
        byte[] der = decode(b.body());
        // OpenSSL's TRUSTED CERTIFICATE is the certificate followed by its trust settings, which
        // the JDK's parser (and so this tool, as before) reads past: the certificate alone.
        ders.add(
            b.type().equals("TRUSTED CERTIFICATE") ? new DerReader(der).next(0x30).bytes() : der);
      } catch (IllegalArgumentException e) {
        throw unreadable(file, what, ders.size() + 1, e);
      }
    }
    if (ders.isEmpty()) {
      throw noCertificate(file, what);
    }
    return ders;
  }

  /**
   * One certificate from its DER bytes.
   *
   * @param position its 1-based place in the file, for the message
   * @throws IllegalArgumentException naming {@code what}, the file and the position
   */
  static X509Certificate parse(byte[] der, Path file, String what, int position) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw unreadable(file, what, position, e);
    }
  }

  private static boolean isCertificate(Block b) {
    return b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE");
  }

  private static IllegalArgumentException unreadable(
      Path file, String what, int position, Exception e) {
    return new IllegalArgumentException(
        what
            + " "
            + file
            + ": certificate "
            + position
            + " cannot be read ("
            + e.getMessage()
            + "); give PEM certificates (-----BEGIN CERTIFICATE-----).");
  }

  private static IllegalArgumentException noCertificate(Path file, String what) {
    return new IllegalArgumentException(
        what
            + " "
            + file
            + " holds no PEM certificate; give a file of one or more"
            + " -----BEGIN CERTIFICATE----- blocks.");
  }

  /**
   * The first private key in the file.
   *
   * @throws IllegalArgumentException naming {@code what} and the file where none can be read
   */
  public static PrivateKey privateKey(Path file, String what) {
    String text = read(file, what);
    for (Block b : blocks(text)) {
      String type = b.type();
      byte[] der;
      try {
        der = decode(b.body());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + " " + file + ": the key is not valid base64.");
      }
      if (type.equals("RSA PRIVATE KEY")) {
        der = Der.pkcs8OfRsa(der);
        type = "PRIVATE KEY";
      }
      if (type.equals("PRIVATE KEY")) {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (GeneralSecurityException e) {
            // try the next algorithm
          }
        }
        throw new IllegalArgumentException(
            what + " " + file + ": an EC, RSA or Ed25519 key in PKCS#8 was expected.");
      }
      if (type.equals("ENCRYPTED PRIVATE KEY") || type.equals("EC PRIVATE KEY")) {
        throw new IllegalArgumentException(
            what
                + " "
                + file
                + " holds a key this tool cannot read ("
                + type
                + "); convert it to an unencrypted PKCS#8 key:"
                + " openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem.");
      }
    }
    throw new IllegalArgumentException(
        what + " " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----).");
  }

  /** One certificate as a PEM block. */
  public static String encode(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] decode(String body) {
    return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
  }

  private static String read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          what + " " + file + ": no such file" + (Files.isDirectory(file) ? " (a folder)." : "."));
    }
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage());
    }
  }
}
