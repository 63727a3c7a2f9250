package gptimage.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A picture described by a few shapes on a gradient, derived deterministically from the prompt, the
 * seed and the image's index. The same scene renders to pixels ({@link #render}) or to SVG ({@link
 * #toSvg}), so every format shows the same picture. No fonts are used.
 */
record Scene(int sky, int ground, double angle, List<Disc> discs) {

  /** A soft-edged disc; coordinates and radius are fractions of the image's shorter side. */
  record Disc(double x, double y, double radius, int rgb, double opacity) {}

  static Scene of(String prompt, long seed, int index) {
    long h = 1125899906842597L;
    for (byte b : prompt.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    // Mixed, not XORed: prompts that differ in one letter must not swap pictures between indexes.
    SplittableRandom random =
        new SplittableRandom(mix(mix(mix(h) + seed) + index * 0x9E3779B97F4A7C15L));
    double hue = random.nextDouble();
    int sky = hsv(hue, 0.45 + 0.3 * random.nextDouble(), 0.95);
    int ground = hsv(hue + 0.5 + 0.1 * random.nextDouble(), 0.6, 0.35 + 0.3 * random.nextDouble());
    List<Disc> discs = new ArrayList<>();
    int count = 4 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      double shade = hue + (i % 3) * 0.11 + random.nextDouble() * 0.08;
      discs.add(
          new Disc(
              random.nextDouble(),
              random.nextDouble(),
              0.06 + 0.22 * random.nextDouble(),
              hsv(shade, 0.5 + 0.4 * random.nextDouble(), 0.7 + 0.3 * random.nextDouble()),
              0.55 + 0.4 * random.nextDouble()));
    }
    return new Scene(sky, ground, random.nextDouble() * Math.PI, List.copyOf(discs));
  }

  /** MurmurHash3's 64-bit finaliser: every input bit changes about half of the output bits. */
  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb93fe53cd34dL;
    return x ^ (x >>> 33);
  }

  /** The first {@code detail} discs only: what a streamed partial image shows. */
  Scene upTo(int detail) {
    return new Scene(sky, ground, angle, discs.subList(0, Math.min(detail, discs.size())));
  }

  /**
   * Renders into ARGB pixels, row by row. With {@code transparent}, the gradient is left out and
   * only the discs are drawn, on a fully transparent background.
   */
  int[] render(int width, int height, boolean transparent) {
    int[] argb = new int[width * height];
    double dx = Math.cos(angle);
    double dy = Math.sin(angle);
    double span = Math.abs(dx) * width + Math.abs(dy) * height;
    double offset = Math.min(0, dx * width) + Math.min(0, dy * height);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        if (transparent) {
          argb[row + x] = 0;
        } else {
          double t = (dx * x + dy * y - offset) / span;
          argb[row + x] = 0xFF000000 | mix(sky, ground, t);
        }
      }
    }
    int side = Math.min(width, height);
    for (Disc disc : discs) {
      double cx = disc.x * width;
      double cy = disc.y * height;
      double r = disc.radius * side;
      double edge = Math.max(1.5, r * 0.08);
      int x0 = (int) Math.max(0, Math.floor(cx - r - edge));
      int x1 = (int) Math.min(width - 1, Math.ceil(cx + r + edge));
      int y0 = (int) Math.max(0, Math.floor(cy - r - edge));
      int y1 = (int) Math.min(height - 1, Math.ceil(cy + r + edge));
      for (int y = y0; y <= y1; y++) {
        double ddy = (y + 0.5 - cy) * (y + 0.5 - cy);
        int row = y * width;
        for (int x = x0; x <= x1; x++) {
          double d = Math.sqrt((x + 0.5 - cx) * (x + 0.5 - cx) + ddy);
          double cover = Math.min(1, Math.max(0, (r - d) / edge + 0.5)) * disc.opacity;
          if (cover > 0) {
            argb[row + x] = over(argb[row + x], disc.rgb, cover);
          }
        }
      }
    }
    return argb;
  }

  String toSvg(int width, int height, boolean transparent) {
    StringBuilder svg = new StringBuilder(1024);
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\">\n");
    if (!transparent) {
      double dx = Math.cos(angle);
      double dy = Math.sin(angle);
      svg.append("  <defs><linearGradient id=\"sky\" x1=\"")
          .append(fmt(0.5 - dx / 2))
          .append("\" y1=\"")
          .append(fmt(0.5 - dy / 2))
          .append("\" x2=\"")
          .append(fmt(0.5 + dx / 2))
          .append("\" y2=\"")
          .append(fmt(0.5 + dy / 2))
          .append("\"><stop offset=\"0\" stop-color=\"")
          .append(hex(sky))
          .append("\"/><stop offset=\"1\" stop-color=\"")
          .append(hex(ground))
          .append("\"/></linearGradient></defs>\n")
          .append("  <rect width=\"100%\" height=\"100%\" fill=\"url(#sky)\"/>\n");
    }
    int side = Math.min(width, height);
    for (Disc disc : discs) {
      svg.append("  <circle cx=\"")
          .append(fmt(disc.x * width))
          .append("\" cy=\"")
          .append(fmt(disc.y * height))
          .append("\" r=\"")
          .append(fmt(disc.radius * side))
          .append("\" fill=\"")
          .append(hex(disc.rgb))
          .append("\" fill-opacity=\"")
          .append(fmt(disc.opacity))
          .append("\"/>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.3f", v);
  }

  private static String hex(int rgb) {
    return String.format("#%06x", rgb & 0xFFFFFF);
  }

  static int hsv(double hue, double saturation, double value) {
    double h = (hue - Math.floor(hue)) * 6;
    int sector = (int) h;
    double f = h - sector;
    double p = value * (1 - saturation);
    double q = value * (1 - saturation * f);
    double t = value * (1 - saturation * (1 - f));
    double[] rgb =
        switch (sector) {
          case 0 -> new double[] {value, t, p};
          case 1 -> new double[] {q, value, p};
          case 2 -> new double[] {p, value, t};
          case 3 -> new double[] {p, q, value};
          case 4 -> new double[] {t, p, value};
          default -> new double[] {value, p, q};
        };
    return ((int) (rgb[0] * 255) << 16) | ((int) (rgb[1] * 255) << 8) | (int) (rgb[2] * 255);
  }

  static int mix(int a, int b, double t) {
    t = Math.min(1, Math.max(0, t));
    int r = (int) (((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
    int g = (int) (((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
    int bl = (int) ((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    return (r << 16) | (g << 8) | bl;
  }

  /** Paints {@code rgb} with coverage {@code cover} over an ARGB pixel (straight alpha). */
  static int over(int dst, int rgb, double cover) {
    double da = (dst >>> 24) / 255.0;
    double outA = cover + da * (1 - cover);
    if (outA <= 0) {
      return 0;
    }
    double w = cover / outA;
    int mixed = mix(dst & 0xFFFFFF, rgb, w);
    return ((int) Math.round(outA * 255) << 24) | mixed;
  }
}
