package gptimage.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * The escape sequences that draw a picture inside a terminal: the kitty graphics protocol, iTerm2's
 * inline images (also spoken by WezTerm), and DEC sixel. Each is written for a picture already
 * scaled down for a preview; under tmux each sequence is wrapped for passthrough ({@code
 * allow-passthrough on} must be set in tmux 3.3 and later).
 */
enum InlineImage {
  /** {@code ESC _G a=T,f=100,...;<base64 PNG> ESC \}, in chunks of 4096 characters. */
  KITTY,
  /** {@code ESC ]1337;File=inline=1;...:<base64 PNG> BEL}. */
  ITERM,
  /** {@code ESC P 0;1;0 q ... ESC \}, a 216-colour sixel picture; transparent pixels left unset. */
  SIXEL;

  /** Columns the kitty and iTerm2 pictures are shown across; the terminal keeps the aspect. */
  static final int COLUMNS = 40;

  /** Widest a sixel picture is drawn, in pixels. */
  static final int SIXEL_WIDTH = 400;

  /** Writes {@code image} to {@code tty}, wrapped for tmux when {@code tmux}, then a newline. */
  void draw(BufferedImage image, OutputStream tty, boolean tmux) throws IOException {
    switch (this) {
      case KITTY -> {
        String b64 = Base64.getEncoder().encodeToString(png(fit(image, 512)));
        for (int at = 0; at < b64.length(); at += 4096) {
          String chunk = b64.substring(at, Math.min(b64.length(), at + 4096));
          boolean more = at + 4096 < b64.length();
          String head = at == 0 ? "a=T,f=100,q=2,c=" + COLUMNS + ",m=" : "m=";
          write(tty, "\033_G" + head + (more ? 1 : 0) + ";" + chunk + "\033\\", tmux);
        }
      }
      case ITERM -> {
        byte[] png = png(fit(image, 512));
        write(
            tty,
            "\033]1337;File=inline=1;size="
                + png.length
                + ";width="
                + COLUMNS
                + ";preserveAspectRatio=1:"
                + Base64.getEncoder().encodeToString(png)
                + "\007",
            tmux);
      }
      case SIXEL -> write(tty, sixel(fit(image, SIXEL_WIDTH)), tmux);
    }
    tty.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    tty.flush();
  }

  private static void write(OutputStream tty, String sequence, boolean tmux) throws IOException {
    String s = tmux ? "\033Ptmux;" + sequence.replace("\033", "\033\033") + "\033\\" : sequence;
    tty.write(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** The image scaled down (never up) to at most {@code max} pixels wide and high. */
  static BufferedImage fit(BufferedImage image, int max) {
    double scale = Math.min(1, (double) max / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A sixel picture: 6x6x6 colour cube, one band of six rows at a time, runs compressed. */
  static String sixel(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] colour = new int[w * h]; // -1: transparent
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        colour[y * w + x] =
            (argb >>> 24) < 128 ? -1 : level(argb >> 16) * 36 + level(argb >> 8) * 6 + level(argb);
      }
    }
    StringBuilder s = new StringBuilder("\033P0;1;0q\"1;1;").append(w).append(';').append(h);
    for (int i = 0; i < 216; i++) {
      s.append('#').append(i).append(";2;");
      s.append(i / 36 * 20).append(';').append(i / 6 % 6 * 20).append(';').append(i % 6 * 20);
    }
    for (int top = 0; top < h; top += 6) {
      boolean[] present = new boolean[216];
      for (int y = top; y < Math.min(h, top + 6); y++) {
        for (int x = 0; x < w; x++) {
          if (colour[y * w + x] >= 0) {
            present[colour[y * w + x]] = true;
          }
        }
      }
      boolean first = true;
      for (int c = 0; c < 216; c++) {
        if (!present[c]) {
          continue;
        }
        if (!first) {
          s.append('$');
        }
        first = false;
        s.append('#').append(c);
        char run = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
          int bits = 0;
          for (int k = 0; k < 6 && top + k < h; k++) {
            if (colour[(top + k) * w + x] == c) {
              bits |= 1 << k;
            }
          }
          char ch = (char) (63 + bits);
          if (ch == run) {
            count++;
          } else {
            flush(s, run, count);
            run = ch;
            count = 1;
          }
        }
        flush(s, run, count);
      }
      s.append('-');
    }
    return s.append("\033\\").toString();
  }

  private static void flush(StringBuilder s, char run, int count) {
    if (count >= 4) {
      s.append('!').append(count).append(run);
    } else {
      for (int i = 0; i < count; i++) {
        s.append(run);
      }
    }
  }

  private static int level(int channel) {
    return ((channel & 0xFF) * 5 + 127) / 255;
  }
}
