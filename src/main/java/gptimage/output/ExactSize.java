package gptimage.output;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes a picture exactly {@code width x height} from a saved image: scaled (bicubic, in halving
 * steps when shrinking by more than half) until it covers the target, then cropped about its
 * centre, and written beside the original (which is kept) with the JDK's own image library, {@code
 * javax.imageio}. Formats written: png and jpeg (quality 0.92), and webp only where an ImageIO webp
 * writer is installed (the JDK has none).
 */
public final class ExactSize {
  private ExactSize() {}

  /** The formats {@link #write} can write here: png, jpeg, and webp where a writer is present. */
  public static List<String> formats() {
    return ImageIO.getImageWritersByFormatName("webp").hasNext()
        ? List.of("png", "jpeg", "webp")
        : List.of("png", "jpeg");
  }

  /** Whether the format (png, jpeg, jpg, webp, gif, svg) can be written here. */
  public static boolean writes(String format) {
    String f =
        format.toLowerCase(Locale.ROOT).equals("jpg") ? "jpeg" : format.toLowerCase(Locale.ROOT);
    return formats().contains(f);
  }

  /**
   * Writes {@code <original's stem>-<width>x<height>.<ext>} beside {@code original}, in its format.
   *
   * @throws OutputException when the original cannot be read or the result written
   */
  public static Path write(Path original, int width, int height) {
    ImageType type;
    BufferedImage source;
    try {
      type = ImageType.of(original);
      source = ImageIO.read(original.toFile());
    } catch (IOException e) {
      throw new OutputException("Cannot read " + original + " to make its exact size: " + e, e);
    }
    String format = type.extension().equals("jpg") ? "jpeg" : type.extension();
    if (source == null || !writes(format)) {
      throw new OutputException(
          "--exact cannot make "
              + original.getFileName()
              + " ("
              + type.extension()
              + ") exactly "
              + width
              + "x"
              + height
              + ": it writes "
              + String.join(", ", formats())
              + ". The original is kept.",
          null);
    }
    BufferedImage result = coverAndCrop(source, width, height, !format.equals("jpeg"));
    ImageStore store = new ImageStore(original.getParent());
    Path temp = store.newTemp();
    try (OutputStream out = store.open(temp)) {
      encode(result, format, out);
    } catch (IOException | RuntimeException e) {
      store.discard(temp);
      throw e instanceof OutputException o
          ? o
          : new OutputException("Cannot write the exact-size copy of " + original + ": " + e, e);
    }
    String name = original.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = (dot > 0 ? name.substring(0, dot) : name) + "-" + width + "x" + height;
    return store.keep(temp, stem, type.extension());
  }

  /** Scales {@code source} to cover {@code width x height}, then crops the centre. */
  static BufferedImage coverAndCrop(BufferedImage source, int width, int height, boolean alpha) {
    double scale =
        Math.max((double) width / source.getWidth(), (double) height / source.getHeight());
    int sw = Math.max(width, (int) Math.round(source.getWidth() * scale));
    int sh = Math.max(height, (int) Math.round(source.getHeight() * scale));
    BufferedImage current = source;
    while (current.getWidth() / 2 >= sw && current.getHeight() / 2 >= sh) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, alpha);
    }
    BufferedImage scaled = draw(current, sw, sh, alpha);
    int x = (sw - width) / 2;
    int y = (sh - height) / 2;
    BufferedImage out =
        new BufferedImage(
            width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(scaled, -x, -y, null);
    g.dispose();
    return out;
  }

  private static BufferedImage draw(BufferedImage in, int w, int h, boolean alpha) {
    BufferedImage out =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.drawImage(in, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static void encode(BufferedImage image, String format, OutputStream out)
      throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    ImageWriter writer = writers.next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format.equals("jpeg")) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
