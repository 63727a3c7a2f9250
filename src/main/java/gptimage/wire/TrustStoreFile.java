package gptimage.wire;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JDK's default trust store read as DER certificates without parsing them, where its format is
 * simple enough to read here with the same result as the JDK's: the store the JDK picks (as {@code
 * sun.security.ssl.TrustStoreManager} does: {@code javax.net.ssl.trustStore}, else {@code
 * jssecacerts}, else {@code cacerts}; the first readable file), in JKS, or in PKCS#12 with no
 * encrypted part and no key. Anything else (a password, which makes the JDK check the store's
 * integrity; a provider; {@code NONE}; another type or shape) is left to the JDK: {@link #read()}
 * answers null.
 */
final class TrustStoreFile {
  private static final int JKS_MAGIC = 0xfeedfeed;
  private static final byte[] DATA_OID = oid("2A864886F70D010701"); // 1.2.840.113549.1.7.1
  private static final byte[] CERT_BAG =
      oid("2A864886F70D010C0A0103"); // 1.2.840.113549.1.12.10.1.3
  private static final byte[] TRUSTED_USAGE =
      oid("6086480186F966ADCA7B0101"); // 2.16.840.1.113894.746875.1.1
  private static final byte[] FRIENDLY_NAME = oid("2A864886F70D010914"); // 1.2.840.113549.1.9.20

  private TrustStoreFile() {}

  /**
   * The default store's trusted certificates (certificate entries, and the first certificate of key
   * entries, as the JDK's trust manager takes them), or null where the JDK must load it.
   */
  static List<byte[]> read() {
    String home = System.getProperty("java.home") + File.separator + "lib" + File.separator;
    String name =
        System.getProperty(
            "javax.net.ssl.trustStore", home + "security" + File.separator + "jssecacerts");
    String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
    if ("NONE".equals(name)
        || !System.getProperty("javax.net.ssl.trustStoreProvider", "").isEmpty()
        || !System.getProperty("javax.net.ssl.trustStorePassword", "").isEmpty()) {
      return null;
    }
    File store = null;
    for (String candidate : new String[] {name, home + "security" + File.separator + "cacerts"}) {
      File f = new File(candidate);
      if (f.isFile() && f.canRead()) {
        store = f;
        break;
      }
    }
    if (store == null) {
      return List.of(); // the JDK then trusts nothing from its store either
    }
    boolean jksType = type.equalsIgnoreCase("jks");
    boolean pkcs12Type = type.equalsIgnoreCase("pkcs12");
    if (!jksType && !pkcs12Type || !fromSun(type)) {
      return null; // another type, or another provider's reading of it
    }
    boolean compat = !"false".equalsIgnoreCase(Security.getProperty("keystore.type.compat"));
    try {
      byte[] bytes = Files.readAllBytes(store.toPath());
      boolean isJks = isJks(bytes);
      if (isJks && (jksType || compat)) {
        return jks(bytes);
      }
      if (!isJks && (pkcs12Type || compat)) {
        return pkcs12(bytes);
      }
      return null;
    } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return null; // the JDK's own loading then says what is wrong, as it always has
    }
  }

  /**
   * Whether the JDK's own {@code cacerts} ({@code lib/security/cacerts} of {@code java.home}, not
   * the trust store in use) may mark some of its CAs as the JDK's public roots: an alias holding
   * {@code " [jdk]"}, which is how the JDK's {@code AnchorCertificates} picks them. Only a chain to
   * one of those makes the JDK's host check refuse a wildcard over a public suffix. Distributions
   * that link {@code cacerts} to the system's CAs mark none; then no chain is to a public root, and
   * finding that out here (aliases read, no certificate parsed) spares the JDK's check, which
   * parses the whole file first (about 140 ms of CPU in a fresh JVM). True where this cannot tell.
   */
  static boolean mayMarkPublicRoots(Path cacerts) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(cacerts);
    } catch (java.nio.file.NoSuchFileException e) {
      return false; // the JDK then knows no public root either
    } catch (IOException e) {
      return true;
    }
    List<String> aliases = new ArrayList<>();
    try {
      boolean isJks = isJks(bytes);
      if ((isJks ? jks(bytes, aliases) : pkcs12(bytes, aliases)) == null) {
        return true;
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return true;
    }
    for (String alias : aliases) {
      if (alias.contains(" [jdk]")) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code b} starts as a JKS store does (else it is taken for PKCS#12). */
  private static boolean isJks(byte[] b) {
    return b.length >= 4 && readInt(b, 0) == JKS_MAGIC;
  }

  /** Whether the JDK's own provider reads this type (the first that offers it is asked). */
  private static boolean fromSun(String type) {
    try {
      return KeyStore.getInstance(type).getProvider().getName().equals("SUN");
    } catch (java.security.KeyStoreException e) {
      return false;
    }
  }

  /**
   * JKS: magic, version, count, then entries; the closing digest is checked only with a password.
   */
  static List<byte[]> jks(byte[] b) {
    return jks(b, new ArrayList<>());
  }

  /**
   * As {@link #jks(byte[])}, adding every alias the store lists, in lower case, to {@code aliases}.
   */
  private static List<byte[]> jks(byte[] b, List<String> aliases) {
    int version = readInt(b, 4);
    if (version != 1 && version != 2) {
      return null;
    }
    int count = readInt(b, 8);
    int[] at = {12};
    Map<String, byte[]> byAlias = new LinkedHashMap<>(); // a later alias replaces, as in the JDK
    for (int i = 0; i < count; i++) {
      int tag = readInt(b, at[0]);
      at[0] += 4;
      String alias = utf(b, at);
      aliases.add(lowered(alias));
      at[0] += 8; // date
      byte[] first;
      if (tag == 1) {
        int keyLength = readInt(b, at[0]);
        at[0] += 4 + keyLength;
        int certs = readInt(b, at[0]);
        at[0] += 4;
        first = null;
        for (int j = 0; j < certs; j++) {
          byte[] c = jksCert(b, at, version);
          if (c == null) {
            return null;
          }
          first = j == 0 ? c : first;
        }
      } else if (tag == 2) {
        first = jksCert(b, at, version);
        if (first == null) {
          return null;
        }
      } else {
        return null;
      }
      // The JDK's JKS looks each listed alias up in lower case: an entry whose alias has a capital
      // letter is never found (nor trusted) under its own name.
      if (lowered(alias) != alias) {
        continue;
      }
      byAlias.remove(alias);
      if (first != null) {
        byAlias.put(alias, first);
      }
    }
    return new ArrayList<>(byAlias.values());
  }

  private static byte[] jksCert(byte[] b, int[] at, int version) {
    if (version == 2) {
      String type = utf(b, at);
      if (!type.equalsIgnoreCase("X.509") && !type.equalsIgnoreCase("X509")) {
        return null;
      }
    }
    int length = readInt(b, at[0]);
    at[0] += 4;
    if (length < 0 || length > b.length - at[0]) {
      throw new IllegalArgumentException("a certificate runs past the end of the store");
    }
    byte[] der = Arrays.copyOfRange(b, at[0], at[0] + length);
    at[0] += length;
    return der;
  }

  /**
   * PKCS#12 whose safe contents are all plain data and hold only certificate bags: those with the
   * JDK's trusted-key-usage attribute are its trusted entries. Anything else: null.
   */
  static List<byte[]> pkcs12(byte[] b) {
    return pkcs12(b, new ArrayList<>());
  }

  /** As {@link #pkcs12(byte[])}, adding the alias of each trusted entry to {@code aliases}. */
  private static List<byte[]> pkcs12(byte[] b, List<String> aliases) {
    DerReader pfx = new DerReader(b).next(0x30).inside();
    if (!pfx.next(0x02).contentEquals(new byte[] {3})) {
      return null;
    }
    DerReader authSafe = pfx.next(0x30).inside();
    if (!authSafe.next(0x06).contentEquals(DATA_OID)) {
      return null;
    }
    byte[] safes = authSafe.next(0xa0).inside().next(0x04).content();
    if (pfx.hasMore()) {
      return null; // a MAC: checked only with a password, but then the JDK reads it
    }
    Map<String, byte[]> byAlias = new LinkedHashMap<>();
    int unnamed = 0; // the JDK names an entry without a friendly name "1", "2", ...
    DerReader contents = new DerReader(safes).next(0x30).inside();
    while (contents.hasMore()) {
      DerReader info = contents.next(0x30).inside();
      if (!info.next(0x06).contentEquals(DATA_OID)) {
        return null; // encrypted: the JDK would skip it without a password; not guessed here
      }
      byte[] bagBytes = info.next(0xa0).inside().next(0x04).content();
      DerReader bags = new DerReader(bagBytes).next(0x30).inside();
      while (bags.hasMore()) {
        DerReader bag = bags.next(0x30).inside();
        if (!bag.next(0x06).contentEquals(CERT_BAG)) {
          return null; // a key or a secret: the JDK's rules for those are not repeated here
        }
        DerReader certBag = bag.next(0xa0).inside().next(0x30).inside();
        certBag.next(0x06);
        byte[] der = certBag.next(0xa0).inside().next(0x04).content();
        String alias = null;
        boolean trusted = false;
        if (bag.hasMore()) {
          DerReader attributes = bag.next(0x31).inside();
          while (attributes.hasMore()) {
            DerReader attribute = attributes.next(0x30).inside();
            DerReader.Element id = attribute.next(0x06);
            DerReader values = attribute.next(0x31).inside();
            if (id.contentEquals(TRUSTED_USAGE)) {
              trusted = true;
            } else if (id.contentEquals(FRIENDLY_NAME)) {
              alias = bmp(values.next(0x1e).content());
            }
          }
        }
        if (trusted) {
          String key = alias == null ? String.valueOf(++unnamed) : alias;
          byAlias.put(lowered(key), der);
          aliases.add(lowered(key));
        }
      }
    }
    return new ArrayList<>(byAlias.values());
  }

  /**
   * {@code s} in lower case as {@code toLowerCase(Locale.ENGLISH)} makes it, and {@code s} itself
   * where that changes nothing. An alias in ASCII is checked here a character at a time: a store's
   * 150 aliases through {@code toLowerCase} took 2 ms of a short command, which runs it uncompiled.
   */
  static String lowered(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        String lower = s.toLowerCase(Locale.ENGLISH);
        return lower.equals(s) ? s : lower;
      }
    }
    return s;
  }

  private static String bmp(byte[] utf16) {
    return new String(utf16, java.nio.charset.StandardCharsets.UTF_16BE);
  }

  private static String utf(byte[] b, int[] at) {
    int n = ((b[at[0]] & 0xff) << 8) | (b[at[0] + 1] & 0xff);
    String s = new String(b, at[0] + 2, n, java.nio.charset.StandardCharsets.UTF_8);
    at[0] += 2 + n;
    return s;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static byte[] oid(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
