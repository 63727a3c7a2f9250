package gptimage.client;

import gptimage.UsageException;
import gptimage.wire.SizeRules;
import gptimage.wire.SizeRules.Family;
import gptimage.wire.SizeRules.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the sizes people mean into sizes a model takes. A {@code --size} may be:
 *
 * <ul>
 *   <li>{@code WxH} or {@code auto}: sent unchanged (gateways differ); a {@code WxH} that breaks a
 *       known model's {@link SizeRules} gets a {@link #warning} naming the nearest legal sizes;
 *   <li>an aspect ratio {@code W:H} ({@code 16:9}, {@code 1.91:1}), at the 1K preset;
 *   <li>a preset {@code 1K}, {@code 2K} or {@code 4K}, square;
 *   <li>both, {@code 16:9@2K}.
 * </ul>
 *
 * A preset is a pixel count: 1K is 1024x1024 (1,048,576 pixels), 2K is 2560x1440 (3,686,400), 4K is
 * 3840x2160 (8,294,400, gpt-image-2's largest).
 *
 * <p><b>Nearness.</b> For a ratio {@code r} and a preset's pixel count {@code A}, the answer is the
 * legal size {@code w x h} of the model's family that has the smallest distance
 *
 * <pre>  d = |ln(w/h) - ln(r)| + 0.1 * |ln(w*h / A)|  - (0.05 if w x h is a standard size)</pre>
 *
 * so the shape counts ten times as much as the pixel count, and the gpt-image-2 family's standard
 * sizes (1024x1024, 1536x1024, 1024x1536) win when they are close (3:2 at 1K is 1536x1024, not
 * 1248x832). Ties go to the larger picture, then the wider. A model whose rules are not known is
 * solved by gpt-image-2's rules. The nearest legal sizes named in a {@link #warning} are ranked by
 * the same distance, with the broken size's own ratio and pixel count as {@code r} and {@code A}.
 */
public final class SizeSolver {
  private SizeSolver() {}

  private static final Pattern RATIO = Pattern.compile("(\\d+(?:\\.\\d+)?):(\\d+(?:\\.\\d+)?)");
  private static final Pattern PRESET = Pattern.compile("([124])k");

  /** Pixel count of the 1K preset: 1024x1024. */
  public static final long PIXELS_1K = 1024L * 1024;

  /** Pixel count of the 2K preset: 2560x1440. */
  public static final long PIXELS_2K = 2560L * 1440;

  /** Pixel count of the 4K preset: 3840x2160. */
  public static final long PIXELS_4K = 3840L * 2160;

  /** How much the pixel count weighs against the shape in the distance. */
  static final double AREA_WEIGHT = 0.1;

  /** How much closer a standard size counts for the gpt-image-2 family. */
  static final double STANDARD_BONUS = 0.05;

  /** Whether the text is a ratio, a preset or both, rather than {@code WxH} or {@code auto}. */
  public static boolean isSpec(String size) {
    if (size == null) {
      return false;
    }
    String s = size.trim().toLowerCase(Locale.ROOT);
    return s.contains(":") || s.contains("@") || s.matches("\\d+(\\.\\d+)?k");
  }

  /**
   * The size to send for {@code size} with {@code model}: a ratio or preset solved to the nearest
   * legal size, anything else unchanged.
   *
   * @throws UsageException when a ratio or preset is malformed, naming {@code label}
   */
  public static String resolve(String model, String size, String label) {
    if (!isSpec(size)) {
      return size;
    }
    String s = size.trim().toLowerCase(Locale.ROOT);
    String ratioText = s;
    String presetText = null;
    int at = s.indexOf('@');
    if (at >= 0) {
      ratioText = s.substring(0, at);
      presetText = s.substring(at + 1);
    } else if (!s.contains(":")) {
      ratioText = null;
      presetText = s;
    }
    double ratio = 1;
    if (ratioText != null) {
      Matcher m = RATIO.matcher(ratioText);
      double w = m.matches() ? Double.parseDouble(m.group(1)) : 0;
      double h = m.matches() ? Double.parseDouble(m.group(2)) : 0;
      if (w <= 0 || h <= 0) {
        throw bad(size, label);
      }
      ratio = w / h;
    }
    long pixels = PIXELS_1K;
    if (presetText != null) {
      Matcher m = PRESET.matcher(presetText);
      if (!m.matches()) {
        throw bad(size, label);
      }
      pixels =
          switch (m.group(1)) {
            case "2" -> PIXELS_2K;
            case "4" -> PIXELS_4K;
            default -> PIXELS_1K;
          };
    }
    return nearest(Family.of(model), ratio, pixels, 1).get(0).toString();
  }

  private static UsageException bad(String size, String label) {
    return new UsageException(
        label
            + " must be WIDTHxHEIGHT (1536x1024), auto, a ratio (16:9, 3:2, 9:16, 21:9), a preset"
            + " (1K, 2K, 4K) or both (16:9@2K); got '"
            + size
            + "'.");
  }

  /**
   * A warning for a size that breaks the known rules of a known model, naming the nearest legal
   * sizes; null for a legal size, {@code auto}, or a model whose rules are not known.
   */
  public static String warning(String model, String size) {
    Family family = Family.of(model);
    if (family == Family.UNKNOWN || size == null || size.equals("auto")) {
      return null;
    }
    Size parsed = Size.parse(size);
    if (parsed == null) {
      List<Size> fixed = family.fixedSizes();
      return "size '"
          + size
          + "' is not WIDTHxHEIGHT or auto, which "
          + model
          + " takes"
          + (fixed == null
              ? ""
              : " (" + String.join(", ", fixed.stream().map(Size::toString).toList()) + ")")
          + "; sent unchanged.";
    }
    String why = SizeRules.violation(family, parsed);
    if (why == null) {
      return null;
    }
    double ratio = parsed.height() == 0 ? 1 : (double) parsed.width() / parsed.height();
    long pixels = Math.max(1, parsed.pixels());
    List<Size> near = nearest(family, ratio <= 0 ? 1 : ratio, pixels, 3);
    return why
        + " Nearest legal for "
        + model
        + ": "
        + String.join(", ", near.stream().map(Size::toString).toList())
        + ". Sent unchanged (use --strict-size to stop instead).";
  }

  /**
   * The {@code count} legal sizes of the family nearest to ratio {@code ratio} (width / height) and
   * {@code pixels}, nearest first, by the distance in this class's description.
   */
  public static List<Size> nearest(Family family, double ratio, long pixels, int count) {
    List<Size> candidates = family.fixedSizes();
    boolean standardBonus = candidates == null;
    if (candidates == null) {
      candidates = freeCandidates(ratio, count);
    }
    double[] d = new double[candidates.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = distance(candidates.get(i), ratio, pixels, standardBonus);
    }
    List<Size> picked = new ArrayList<>();
    boolean[] taken = new boolean[d.length];
    while (picked.size() < Math.min(count, d.length)) {
      int best = -1;
      for (int i = 0; i < d.length; i++) {
        if (!taken[i]
            && (best < 0 || before(candidates.get(i), d[i], candidates.get(best), d[best]))) {
          best = i;
        }
      }
      taken[best] = true;
      if (!picked.contains(candidates.get(best))) {
        picked.add(candidates.get(best));
      }
    }
    return picked;
  }

  /**
   * The free sizes that can be among the {@code count} nearest. For a fixed width the distance is
   * convex in ln(height), least at height = width / ratio, so the {@code count} legal heights on
   * each side of that point hold every width's best; the standard sizes are added for their bonus.
   * A few hundred sizes are weighed instead of all 57,000 legal ones.
   */
  private static List<Size> freeCandidates(double ratio, int count) {
    List<Size> out = new ArrayList<>();
    for (int w = 16; w <= SizeRules.MAX_SIDE; w += 16) {
      long lo = Math.max(up16(Math.ceil((double) SizeRules.MIN_PIXELS / w)), up16(w / 3.0));
      long hi =
          Math.min(Math.min(SizeRules.MAX_SIDE, down16((double) SizeRules.MAX_PIXELS / w)), 3L * w);
      if (lo > hi) {
        continue;
      }
      long at = down16(Math.min(hi, Math.max(lo, w / ratio)));
      for (long h = at - 16L * count; h <= at + 16L * count; h += 16) {
        Size s = new Size(w, (int) h);
        if (h >= lo && h <= hi && SizeRules.legal(Family.GPT_IMAGE_2, s)) {
          out.add(s);
        }
      }
    }
    out.addAll(SizeRules.STANDARD);
    return out;
  }

  private static long up16(double v) {
    return (long) Math.ceil(v / 16) * 16;
  }

  private static long down16(double v) {
    return (long) Math.floor(v / 16) * 16;
  }

  private static boolean before(Size a, double da, Size b, double db) {
    if (da != db) {
      return da < db;
    }
    if (a.pixels() != b.pixels()) {
      return a.pixels() > b.pixels();
    }
    return a.width() > b.width();
  }

  /** The distance of {@code s} from ratio {@code ratio} and {@code pixels}, as described above. */
  public static double distance(Size s, double ratio, long pixels, boolean standardBonus) {
    double d =
        Math.abs(Math.log((double) s.width() / s.height()) - Math.log(ratio))
            + AREA_WEIGHT * Math.abs(Math.log((double) s.pixels() / pixels));
    return standardBonus && SizeRules.STANDARD.contains(s) ? d - STANDARD_BONUS : d;
  }
}
