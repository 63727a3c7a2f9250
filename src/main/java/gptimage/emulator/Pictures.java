package gptimage.emulator;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the emulator's images: generated ones (cached, since the same request always makes the same
 * bytes) and edits derived from the caller's first image.
 */
final class Pictures {
  /** An encoded image, with its base64 text made once. */
  record Encoded(byte[] bytes, String format) {
    String base64() {
      return Base64.getEncoder().encodeToString(bytes);
    }

    String mime() {
      return mimeOf(format);
    }
  }

  static String mimeOf(String format) {
    return switch (format) {
      case "svg" -> "image/svg+xml";
      default -> "image/" + format;
    };
  }

  private static final long CACHE_BYTES = 256L << 20;
  private final Map<String, Encoded> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cached;

  /** Image {@code index} of a generation; {@code detail} below the scene's own is a partial. */
  Encoded generate(ImageSpec spec, int index, int detail) {
    String key =
        spec.prompt()
            + '\0'
            + spec.seed()
            + '\0'
            + index
            + '\0'
            + detail
            + '\0'
            + spec.size()
            + '\0'
            + spec.format()
            + '\0'
            + spec.transparent()
            + '\0'
            + spec.compression();
    synchronized (cache) {
      Encoded hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
    }
    Scene scene = Scene.of(spec.prompt(), spec.seed(), index).upTo(detail);
    Encoded made;
    if (spec.format().equals("svg")) {
      made =
          new Encoded(
              scene
                  .toSvg(spec.width(), spec.height(), spec.transparent())
                  .getBytes(StandardCharsets.UTF_8),
              "svg");
    } else {
      int[] argb = scene.render(spec.width(), spec.height(), spec.transparent());
      made = encode(spec, argb);
    }
    synchronized (cache) {
      if (cache.put(key, made) == null) {
        cached += made.bytes.length;
      }
      var it = cache.values().iterator();
      while (cached > CACHE_BYTES && it.hasNext()) {
        cached -= it.next().bytes.length;
        it.remove();
      }
    }
    return made;
  }

  /**
   * An edit: the first input image scaled to the asked size, blended with the prompt's scene where
   * {@code editable} allows (everywhere when it is null). Pixels outside the editable area stay
   * exactly the input's. {@code strength} (0-1) is how far the blend goes, less for partial images.
   */
  Encoded edit(
      ImageSpec spec, BufferedImage input, boolean[] editable, int index, double strength) {
    int w = spec.width();
    int h = spec.height();
    int[] base = scaled(input, w, h);
    int[] scene = Scene.of(spec.prompt(), spec.seed(), index).render(w, h, false);
    double weight = 0.45 * strength;
    for (int i = 0; i < base.length; i++) {
      if (editable == null || editable[i]) {
        int alpha = spec.transparent() ? base[i] & 0xFF000000 : 0xFF000000;
        base[i] = alpha | Scene.mix(base[i] & 0xFFFFFF, scene[i] & 0xFFFFFF, weight);
      } else if (!spec.transparent()) {
        base[i] |= 0xFF000000;
      }
    }
    if (spec.format().equals("svg")) {
      return new Encoded(svgOf(spec, base), "svg");
    }
    return encode(spec, base);
  }

  /** An SVG carrying the raster edit as an embedded PNG, the way vector tools embed photos. */
  private static byte[] svgOf(ImageSpec spec, int[] argb) {
    String png =
        Base64.getEncoder().encodeToString(Encoders.png(argb, spec.width(), spec.height(), true));
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
            + " width=\""
            + spec.width()
            + "\" height=\""
            + spec.height()
            + "\"><image width=\""
            + spec.width()
            + "\" height=\""
            + spec.height()
            + "\" href=\"data:image/png;base64,"
            + png
            + "\"/></svg>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Encoded encode(ImageSpec spec, int[] argb) {
    boolean alpha = spec.transparent();
    return new Encoded(
        Encoders.encode(
            spec.format(), argb, spec.width(), spec.height(), alpha, spec.compression()),
        spec.format());
  }

  /** ARGB pixels of {@code image} scaled to w x h, bilinear. */
  static int[] scaled(BufferedImage image, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    var g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out.getRGB(0, 0, w, h, null, 0, w);
  }

  /** Which pixels a mask lets the edit change: fully transparent ones, scaled nearest. */
  static boolean[] editableFromMask(BufferedImage mask, int w, int h) {
    boolean[] editable = new boolean[w * h];
    int mw = mask.getWidth();
    int mh = mask.getHeight();
    boolean hasAlpha = mask.getColorModel().hasAlpha();
    for (int y = 0; y < h; y++) {
      int my = (int) ((long) y * mh / h);
      for (int x = 0; x < w; x++) {
        int mx = (int) ((long) x * mw / w);
        editable[y * w + x] = hasAlpha && (mask.getRGB(mx, my) >>> 24) == 0;
      }
    }
    return editable;
  }

  /** The area an automatic mask picks: a centred ellipse over half of each side. */
  static boolean[] autoMask(int w, int h) {
    boolean[] editable = new boolean[w * h];
    double rx = w / 4.0;
    double ry = h / 4.0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = (x + 0.5 - w / 2.0) / rx;
        double dy = (y + 0.5 - h / 2.0) / ry;
        editable[y * w + x] = dx * dx + dy * dy <= 1;
      }
    }
    return editable;
  }
}
