package gptimage.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails made with ImageIO and read back with it: size, aspect, type, bytes. */
class ThumbnailsTest {
  @TempDir Path dir;

  private Path image(int w, int h, boolean alpha, boolean noisy) throws Exception {
    BufferedImage b =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = b.createGraphics();
    g.setPaint(
        new GradientPaint(0, 0, new Color(20, 40, 200, alpha ? 0 : 255), w, h, Color.ORANGE));
    g.fillRect(0, 0, w, h);
    g.dispose();
    if (noisy) {
      Random r = new Random(7);
      for (int y = 0; y < h; y += 3) {
        for (int x = 0; x < w; x += 3) {
          b.setRGB(x, y, r.nextInt() | 0xff000000);
        }
      }
    }
    Path f = dir.resolve(w + "x" + h + (alpha ? "-alpha" : "") + ".png");
    ImageIO.write(b, "png", f.toFile());
    return f;
  }

  @Test
  void a4kImageBecomesASmallJpegWithItsAspect() throws Exception {
    Thumbnails.Thumbnail t = Thumbnails.of(image(3840, 2160, false, true));
    assertEquals("image/jpeg", t.mimeType());
    assertTrue(t.bytes().length <= Thumbnails.MAX_BYTES, t.bytes().length + " bytes");
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(t.bytes()));
    assertEquals(256, back.getWidth());
    assertEquals(144, back.getHeight());
  }

  @Test
  void transparencyIsKeptInAPng() throws Exception {
    Thumbnails.Thumbnail t = Thumbnails.of(image(1024, 1536, true, false));
    assertEquals("image/png", t.mimeType());
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(t.bytes()));
    assertEquals(171, back.getWidth());
    assertEquals(256, back.getHeight());
    assertTrue(back.getColorModel().hasAlpha());
    assertEquals(0, back.getRGB(0, 0) >>> 24, "the transparent corner stays transparent");
  }

  @Test
  void aSmallImageIsNotEnlargedAndANonImageHasNone() throws Exception {
    Thumbnails.Thumbnail t = Thumbnails.of(image(100, 50, false, false));
    assertNotNull(t);
    assertEquals(100, t.width());
    assertEquals(50, t.height());
    Path text =
        Files.writeString(dir.resolve("a.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    assertNull(Thumbnails.of(text));
  }
}
