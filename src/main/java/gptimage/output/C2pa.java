package gptimage.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether an image carries a C2PA manifest (the Content Credentials OpenAI signs its images with),
 * found where the C2PA specification stores it: a {@code caBX} chunk in PNG, an APP11 (JUMBF)
 * segment labelled {@code c2pa} in JPEG, a {@code C2PA} chunk in WebP. Only presence is told; the
 * signature is not verified.
 */
public final class C2pa {
  private C2pa() {}

  /** Walks the file's chunks or segments (reading only their headers and the JPEG APP11s). */
  public static boolean present(Path file) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(64);
    }
    String type = ImageType.of(b).extension();
    if (type.equals("jpg") || type.equals("png") || type.equals("webp")) {
      b = Files.readAllBytes(file);
    }
    return switch (type) {
      case "png" -> png(b);
      case "jpg" -> jpeg(b);
      case "webp" -> webp(b);
      default -> false;
    };
  }

  private static boolean png(byte[] b) {
    int at = 8;
    while (at + 8 <= b.length) {
      long length = be32(b, at);
      String chunk = new String(b, at + 4, 4, StandardCharsets.US_ASCII);
      if (chunk.equals("caBX")) {
        return true;
      }
      if (chunk.equals("IEND")) {
        return false;
      }
      at += (int) Math.min(Integer.MAX_VALUE, 12 + length);
    }
    return false;
  }

  private static boolean jpeg(byte[] b) {
    int at = 2;
    while (at + 4 <= b.length && (b[at] & 0xFF) == 0xFF) {
      int marker = b[at + 1] & 0xFF;
      if (marker == 0xDA || marker == 0xD9) {
        return false; // image data: metadata segments come before it
      }
      int length = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
      if (marker == 0xEB && contains(b, at + 4, Math.min(b.length, at + 2 + length), "c2pa")) {
        return true;
      }
      at += 2 + length;
    }
    return false;
  }

  private static boolean webp(byte[] b) {
    int at = 12;
    while (at + 8 <= b.length) {
      String chunk = new String(b, at, 4, StandardCharsets.US_ASCII);
      if (chunk.equals("C2PA")) {
        return true;
      }
      long size =
          (b[at + 4] & 0xFF)
              | (b[at + 5] & 0xFF) << 8
              | (b[at + 6] & 0xFF) << 16
              | (long) (b[at + 7] & 0xFF) << 24;
      at += (int) Math.min(Integer.MAX_VALUE, 8 + size + (size & 1));
    }
    return false;
  }

  private static boolean contains(byte[] b, int from, int to, String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = from; i + t.length <= to; i++) {
      for (int k = 0; k < t.length; k++) {
        if (b[i + k] != t[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static long be32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
