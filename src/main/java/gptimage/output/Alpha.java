package gptimage.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether an image file carries an alpha channel, read from its header: PNG (colour type 4 or 6, or
 * a {@code tRNS} chunk before the image data), WebP ({@code VP8X} alpha flag, {@code VP8L} alpha
 * bit; plain {@code VP8 } has none), JPEG (never). Null where the format does not say in its header
 * (gif, svg, unknown).
 */
public final class Alpha {
  private Alpha() {}

  /** Reads up to the first 64 KB of the file. */
  public static Boolean of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(1 << 16));
    }
  }

  /** From an image's first bytes (64 KB is plenty). */
  public static Boolean of(byte[] b) {
    ImageType type = ImageType.of(b);
    return switch (type.extension()) {
      case "jpg" -> Boolean.FALSE;
      case "png" -> png(b);
      case "webp" -> webp(b);
      default -> null;
    };
  }

  private static Boolean png(byte[] b) {
    if (b.length < 26) {
      return null;
    }
    int colourType = b[25] & 0xFF;
    if (colourType == 4 || colourType == 6) {
      return Boolean.TRUE;
    }
    int at = 8;
    while (at + 8 <= b.length) {
      long length =
          ((b[at] & 0xFFL) << 24)
              | ((b[at + 1] & 0xFF) << 16)
              | ((b[at + 2] & 0xFF) << 8)
              | (b[at + 3] & 0xFF);
      String chunk = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (chunk.equals("tRNS")) {
        return Boolean.TRUE;
      }
      if (chunk.equals("IDAT") || chunk.equals("IEND")) {
        return Boolean.FALSE;
      }
      at += 12 + length;
    }
    return Boolean.FALSE;
  }

  private static Boolean webp(byte[] b) {
    if (b.length < 30) {
      return null;
    }
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    return switch (chunk) {
      case "VP8X" -> (b[20] & 0x10) != 0;
      case "VP8L" -> ((b[24] & 0xFF) >>> 4 & 1) != 0;
      case "VP8 " -> Boolean.FALSE;
      default -> null;
    };
  }
}
