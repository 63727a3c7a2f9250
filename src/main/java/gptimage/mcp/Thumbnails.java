package gptimage.mcp;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small previews of saved images for a tool result: longest side at most {@link #SIDE} pixels; a
 * PNG for an image with an alpha channel, else a JPEG (quality 0.8, lower where needed); never
 * above {@link #MAX_BYTES}.
 */
final class Thumbnails {
  /** The longest side of a thumbnail, in pixels. */
  static final int SIDE = 256;

  /** The most bytes of a thumbnail (before base64): a few tens of KB in a model's context. */
  static final int MAX_BYTES = 48 * 1024;

  private Thumbnails() {}

  /** A thumbnail's bytes and type. */
  record Thumbnail(byte[] bytes, String mimeType, int width, int height) {}

  /** The thumbnail of {@code file}, or null where the file cannot be decoded here (an SVG, say). */
  static Thumbnail of(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      return null;
    }
    double scale = Math.min(1.0, (double) SIDE / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    if (image.getColorModel().hasAlpha()) {
      // A PNG keeps the transparency a model may need to see; else a JPEG is about half the size.
      byte[] png = encodePng(scaled(image, w, h, BufferedImage.TYPE_INT_ARGB));
      if (png.length <= MAX_BYTES) {
        return new Thumbnail(png, "image/png", w, h);
      }
    }
    BufferedImage rgb = scaled(image, w, h, BufferedImage.TYPE_INT_RGB);
    for (float quality : new float[] {0.8f, 0.6f, 0.4f}) {
      byte[] jpeg = encodeJpeg(rgb, quality);
      if (jpeg.length <= MAX_BYTES) {
        return new Thumbnail(jpeg, "image/jpeg", w, h);
      }
    }
    return null; // never at 256 px; a result without a preview beats one past the cap
  }

  private static BufferedImage scaled(BufferedImage source, int w, int h, int type) {
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    try {
      if (type == BufferedImage.TYPE_INT_RGB) {
        g.setColor(java.awt.Color.WHITE); // transparency has no place in a JPEG
        g.fillRect(0, 0, w, h);
      }
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      // Halving steps first: one bilinear step from 4K to 256 px would skip most pixels.
      BufferedImage step = source;
      while (step.getWidth() / 2 >= w * 2 && step.getHeight() / 2 >= h * 2) {
        BufferedImage half =
            new BufferedImage(step.getWidth() / 2, step.getHeight() / 2, type(step));
        Graphics2D hg = half.createGraphics();
        hg.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        hg.drawImage(step, 0, 0, half.getWidth(), half.getHeight(), null);
        hg.dispose();
        step = half;
      }
      g.drawImage(step, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static int type(BufferedImage image) {
    return image.getColorModel().hasAlpha()
        ? BufferedImage.TYPE_INT_ARGB
        : BufferedImage.TYPE_INT_RGB;
  }

  private static byte[] encodePng(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }

  private static byte[] encodeJpeg(BufferedImage image, float quality) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IOException("no JPEG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
