package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inline pictures in the terminal: the protocols' bytes, decoded back, and where they go. */
class PreviewTest {
  @TempDir Path dir;

  private static BufferedImage picture(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, x < w / 2 ? 0xFFFF0000 : y < h / 2 ? 0xFF0000FF : 0x00000000);
      }
    }
    return image;
  }

  private static String draw(InlineImage p, BufferedImage image, boolean tmux) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.draw(image, out, tmux);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void kittyChunksDecodeToThePngPreview() throws Exception {
    String s = draw(InlineImage.KITTY, picture(1536, 1024), false);
    Matcher m = Pattern.compile("\033_G([^;]*);([^\033]*)\033\\\\").matcher(s);
    StringBuilder b64 = new StringBuilder();
    int chunks = 0;
    String lastHead = null;
    while (m.find()) {
      String head = m.group(1);
      assertTrue(m.group(2).length() <= 4096);
      if (chunks == 0) {
        assertTrue(head.startsWith("a=T,f=100,q=2,c=40,m="), head);
      } else {
        assertTrue(head.matches("m=[01]"), head);
      }
      b64.append(m.group(2));
      lastHead = head;
      chunks++;
    }
    assertTrue(lastHead.endsWith("m=0"));
    BufferedImage back =
        ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64.toString())));
    assertEquals(512, back.getWidth());
    assertEquals(341, back.getHeight());
    assertTrue(s.endsWith("\r\n"));
  }

  @Test
  void itermCarriesThePngAndItsSize() throws Exception {
    String s = draw(InlineImage.ITERM, picture(600, 300), false);
    Matcher m =
        Pattern.compile(
                "\033]1337;File=inline=1;size=(\\d+);width=40;preserveAspectRatio=1:(.*)\007\r\n")
            .matcher(s);
    assertTrue(m.matches(), s.substring(0, 60));
    byte[] png = Base64.getDecoder().decode(m.group(2));
    assertEquals(Integer.parseInt(m.group(1)), png.length);
    assertEquals(512, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
  }

  @Test
  void sixelDecodesBackToThePicture() throws Exception {
    String s = draw(InlineImage.SIXEL, picture(800, 400), false);
    assertTrue(s.startsWith("\033P0;1;0q\"1;1;400;200"), s.substring(0, 20));
    assertTrue(s.endsWith("\033\\\r\n"));
    int[][] pixels = decodeSixel(s, 400, 200);
    assertEquals(level(0xFF0000), pixels[10][10], "red left");
    assertEquals(level(0x0000FF), pixels[10][390], "blue top right");
    assertEquals(-1, pixels[190][390], "transparent stays unset");
  }

  private static int level(int rgb) {
    return ((rgb >> 16 & 0xFF) * 5 + 127) / 255 * 36
        + ((rgb >> 8 & 0xFF) * 5 + 127) / 255 * 6
        + ((rgb & 0xFF) * 5 + 127) / 255;
  }

  /** A small sixel reader: colour selections, runs, $ and -. */
  private static int[][] decodeSixel(String s, int w, int h) {
    int[][] px = new int[h][w];
    for (int[] row : px) {
      java.util.Arrays.fill(row, -1);
    }
    String body = s.substring(s.indexOf('q') + 1, s.lastIndexOf("\033\\"));
    body = body.replaceAll("#\\d+;2;\\d+;\\d+;\\d+", "").replaceFirst("^\"[\\d;]+", "");
    int x = 0;
    int band = 0;
    int colour = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      int repeat = 1;
      if (c == '#') {
        int j = i + 1;
        while (j < body.length() && Character.isDigit(body.charAt(j))) {
          j++;
        }
        colour = Integer.parseInt(body.substring(i + 1, j));
        i = j - 1;
        continue;
      }
      if (c == '$') {
        x = 0;
        continue;
      }
      if (c == '-') {
        x = 0;
        band++;
        continue;
      }
      if (c == '!') {
        int j = i + 1;
        while (Character.isDigit(body.charAt(j))) {
          j++;
        }
        repeat = Integer.parseInt(body.substring(i + 1, j));
        i = j;
        c = body.charAt(i);
      }
      int bits = c - 63;
      for (int r = 0; r < repeat; r++, x++) {
        for (int k = 0; k < 6; k++) {
          if ((bits >> k & 1) == 1 && band * 6 + k < h) {
            px[band * 6 + k][x] = colour;
          }
        }
      }
    }
    return px;
  }

  @Test
  void underTmuxEverySequenceIsWrappedForPassthrough() throws Exception {
    String s = draw(InlineImage.KITTY, picture(64, 64), true);
    assertTrue(s.startsWith("\033Ptmux;\033\033_Ga=T"), s.substring(0, 20));
    assertTrue(s.endsWith("\033\033\\\033\\\r\n"));
  }

  @Test
  void theProtocolIsReadFromTheEnvironment() {
    assertEquals(InlineImage.KITTY, Preview.detect(Map.of("TERM", "xterm-kitty")));
    assertEquals(InlineImage.KITTY, Preview.detect(Map.of("KITTY_WINDOW_ID", "1")));
    assertEquals(InlineImage.KITTY, Preview.detect(Map.of("TERM", "xterm-ghostty")));
    assertEquals(InlineImage.ITERM, Preview.detect(Map.of("TERM_PROGRAM", "iTerm.app")));
    assertEquals(
        InlineImage.ITERM,
        Preview.detect(Map.of("TERM", "tmux-256color", "LC_TERMINAL", "iTerm2")));
    assertEquals(InlineImage.ITERM, Preview.detect(Map.of("TERM_PROGRAM", "WezTerm")));
    assertEquals(InlineImage.SIXEL, Preview.detect(Map.of("TERM", "foot")));
    assertEquals(InlineImage.SIXEL, Preview.detect(Map.of("TERM", "mlterm")));
    assertNull(Preview.detect(Map.of("TERM", "xterm-256color")));
    assertNull(Preview.detect(Map.of()));
  }

  @Test
  void drawsOnTheTerminalDeviceOrSaysWhyNot() throws Exception {
    Path file = dir.resolve("a.png");
    ImageIO.write(picture(32, 16), "png", file.toFile());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
    ByteArrayOutputStream tty = new ByteArrayOutputStream();
    Preview p = Preview.of(Map.of("TERM", "dumb"), "sixel", errs, () -> tty);
    p.draw(List.of(file), errs);
    assertTrue(tty.toString(StandardCharsets.US_ASCII).startsWith("\033P0;1;0q\"1;1;32;16"));
    assertEquals("", err.toString(StandardCharsets.UTF_8));

    assertNull(Preview.of(Map.of("TERM", "dumb"), null, errs, () -> tty));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--preview-as kitty|iterm|sixel"));
    Preview noTty =
        Preview.of(
            Map.of("TERM", "xterm-kitty"),
            null,
            errs,
            () -> {
              throw new IOException("/dev/tty: No such device or address");
            });
    noTty.draw(List.of(file), errs);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no terminal to draw on"));
  }
}
