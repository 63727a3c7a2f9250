package gptimage.emulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The images a request brings: references in JSON ({@code data:} URLs, or this emulator's own image
 * URLs) resolved to bytes, and bytes decoded to pixels with the API's errors for what cannot be.
 */
final class InputImages {
  private final StoredUrls urls;
  private final FileStore files;

  InputImages(StoredUrls urls, FileStore files) {
    this.urls = urls;
    this.files = files;
  }

  /**
   * The bytes of a JSON image reference: {@code {"image_url": "data:..."}}, {@code {"file_id":
   * "file-..."}} (an upload to this emulator's Files API), or a bare URL.
   */
  byte[] reference(Object ref, String param) {
    Object url = ref instanceof Map<?, ?> m ? m.get("image_url") : ref;
    if (url instanceof Map<?, ?> m) {
      url = m.get("url");
    }
    if (ref instanceof Map<?, ?> m && m.get("file_id") != null) {
      if (url != null) {
        throw ApiError.invalid(
            param,
            "invalid_value",
            "Each image reference needs exactly one of image_url or file_id, not both.");
      }
      String id = String.valueOf(m.get("file_id"));
      FileStore.StoredFile f = files.find(id);
      if (f == null) {
        throw ApiError.invalid(param, "invalid_value", "No such File object: " + id + ".");
      }
      return f.bytes();
    }
    if (url instanceof String s) {
      byte[] data = dataUrl(s);
      if (data == null) {
        data = urls.bytesOf(s);
      }
      if (data != null) {
        return data;
      }
      throw ApiError.invalid(
          param,
          "invalid_image_url",
          "The emulator cannot fetch " + s + "; use a data: URL or one of its own image URLs.");
    }
    throw ApiError.invalid(
        param, "invalid_value", "Each image reference needs exactly one of image_url or file_id.");
  }

  private static byte[] dataUrl(String s) {
    if (!s.startsWith("data:")) {
      return null;
    }
    int comma = s.indexOf(',');
    if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
      throw ApiError.invalid(null, "invalid_image_url", "Data URLs must be base64-encoded.");
    }
    try {
      return Base64.getMimeDecoder().decode(s.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(null, "invalid_image_url", "The data URL is not valid base64.");
    }
  }

  /** Decodes an input image; {@code index} 0 means the mask. */
  static BufferedImage decode(byte[] bytes, int index) {
    String param = index == 0 ? "mask" : "image";
    String what = index == 0 ? "the mask" : "image " + index;
    String kind = sniff(bytes);
    if (kind == null || (index == 0 && !kind.equals("png"))) {
      throw ApiError.invalid(
          param,
          "invalid_image_file",
          "Invalid image file or mode for "
              + what
              + ". Supported formats are "
              + (index == 0 ? "png (with an alpha channel)." : "png, jpeg and webp."));
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image != null) {
        return image;
      }
    } catch (IOException | RuntimeException e) {
      // falls through to the error below
    }
    if (kind.equals("webp")) {
      // No WebP decoder in the JDK: stand in a picture of the right size from the bytes' hash.
      int w = webpDimension(bytes, true);
      int h = webpDimension(bytes, false);
      BufferedImage stand = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
      int[] px = Scene.of(RequestLog.sha256(bytes), 0, 0).render(w, h, false);
      stand.setRGB(0, 0, w, h, px, 0, w);
      return stand;
    }
    throw ApiError.invalid(
        param, "invalid_image_file", "Invalid image file for " + what + ": it cannot be decoded.");
  }

  private static String sniff(byte[] b) {
    if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "jpeg";
    }
    if (b.length > 30 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B') {
      return "webp";
    }
    return null;
  }

  private static int webpDimension(byte[] b, boolean width) {
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    int v;
    switch (chunk) {
      case "VP8L" -> {
        int bits =
            (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
        v = width ? (bits & 0x3FFF) + 1 : ((bits >>> 14) & 0x3FFF) + 1;
      }
      case "VP8X" -> {
        int at = width ? 24 : 27;
        v = ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16) + 1;
      }
      default -> {
        int at = width ? 26 : 28;
        v = ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8) & 0x3FFF;
      }
    }
    return Math.max(1, Math.min(v, 3840));
  }

  /**
   * The pixels an edit may change, from a mask that must have the first image's size.
   *
   * @param param the request field the mask came in, named in the 400
   */
  static boolean[] editable(BufferedImage mask, BufferedImage first, ImageSpec spec, String param) {
    if (mask.getWidth() != first.getWidth() || mask.getHeight() != first.getHeight()) {
      throw ApiError.invalid(
          param,
          "invalid_value",
          "Invalid mask image: its size "
              + mask.getWidth()
              + "x"
              + mask.getHeight()
              + " differs from the image's "
              + first.getWidth()
              + "x"
              + first.getHeight()
              + ".");
    }
    return Pictures.editableFromMask(mask, spec.width(), spec.height());
  }
}
