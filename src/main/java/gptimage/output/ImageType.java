package gptimage.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an image file really is, read from its bytes, never from its name.
 *
 * @param extension jpg, png, webp, gif, svg, or bin where unknown
 * @param mime the media type, {@code application/octet-stream} where unknown
 * @param width pixels, 0 where the header does not say
 * @param height pixels, 0 where the header does not say
 */
public record ImageType(String extension, String mime, int width, int height) {
  static final ImageType UNKNOWN = new ImageType("bin", "application/octet-stream", 0, 0);

  public boolean isImage() {
    return !extension.equals("bin");
  }

  /** Reads just enough of the file's head to tell its type and size. */
  public static ImageType of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(1 << 16));
    }
  }

  /** Tells the type and size from the first bytes of an image (64 KB is plenty). */
  public static ImageType of(byte[] b) {
    int n = b.length;
    if (n >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return new ImageType("png", "image/png", be32(b, 16), be32(b, 20));
    }
    if (n >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return jpeg(b);
    }
    if (n >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return new ImageType("gif", "image/gif", le16(b, 6), le16(b, 8));
    }
    if (n >= 16
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return webp(b);
    }
    String head = new String(b, 0, Math.min(n, 4096), StandardCharsets.UTF_8);
    if (head.startsWith("\uFEFF")) {
      head = head.substring(1); // a byte-order mark first, then any whitespace
    }
    head = head.stripLeading();
    if (head.startsWith("<svg")
        || (head.startsWith("<?xml") || head.startsWith("<!--")) && head.contains("<svg")) {
      return svg(head);
    }
    return UNKNOWN;
  }

  private static ImageType jpeg(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        i++;
        continue;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        int h = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
        int w = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
        return new ImageType("jpg", "image/jpeg", w, h);
      }
      i += 2 + len;
    }
    return new ImageType("jpg", "image/jpeg", 0, 0);
  }

  private static ImageType webp(byte[] b) {
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    int w = 0;
    int h = 0;
    if (chunk.equals("VP8L") && b.length >= 25) {
      int bits = le16(b, 21) | le16(b, 23) << 16;
      w = (bits & 0x3FFF) + 1;
      h = ((bits >>> 14) & 0x3FFF) + 1;
    } else if (chunk.equals("VP8X") && b.length >= 30) {
      w = (le16(b, 24) | (b[26] & 0xFF) << 16) + 1;
      h = (le16(b, 27) | (b[29] & 0xFF) << 16) + 1;
    } else if (chunk.equals("VP8 ") && b.length >= 30) {
      w = le16(b, 26) & 0x3FFF;
      h = le16(b, 28) & 0x3FFF;
    }
    return new ImageType("webp", "image/webp", w, h);
  }

  private static ImageType svg(String head) {
    int tag = head.indexOf("<svg");
    int end = head.indexOf('>', tag);
    String attrs = end < 0 ? head.substring(tag) : head.substring(tag, end);
    return new ImageType("svg", "image/svg+xml", attr(attrs, "width"), attr(attrs, "height"));
  }

  private static int attr(String attrs, String name) {
    var m =
        java.util.regex.Pattern.compile("\\s" + name + "=\"(\\d+)(?:\\.\\d*)?(?:px)?\"")
            .matcher(attrs);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static int be32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }
}
