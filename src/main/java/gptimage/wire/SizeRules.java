package gptimage.wire;

import java.util.List;
import java.util.Locale;

/**
 * Which {@code size} values each model family takes: a wire fact shared by the client (to solve and
 * check sizes before sending) and the emulator (to refuse what the real API refuses).
 *
 * <ul>
 *   <li>{@link Family#GPT_IMAGE_2} (gpt-image-2 and later, e.g. {@code gpt-image-2.5-flare}): both
 *       sides multiples of 16, the longest side at most 3840, long side to short side at most 3:1,
 *       between 655,360 and 8,294,400 pixels.
 *   <li>{@link Family#GPT_IMAGE_1} (gpt-image-1, gpt-image-1-mini, gpt-image-1.5): 1024x1024,
 *       1536x1024, 1024x1536.
 *   <li>{@link Family#DALL_E_2}: 256x256, 512x512, 1024x1024; {@link Family#DALL_E_3}: 1024x1024,
 *       1792x1024, 1024x1792.
 * </ul>
 *
 * A model name with a date suffix ({@code gpt-image-1.5-2025-12-16}) takes its family's rules.
 * {@code auto} is legal for every family but dall-e-2 and dall-e-3.
 */
public final class SizeRules {
  private SizeRules() {}

  /** Smallest pixel count gpt-image-2 accepts: 655,360 (1024x640). */
  public static final long MIN_PIXELS = 655_360;

  /** Largest pixel count gpt-image-2 accepts: 8,294,400 (3840x2160). */
  public static final long MAX_PIXELS = 8_294_400;

  /** Longest side gpt-image-2 accepts, in pixels. */
  public static final int MAX_SIDE = 3840;

  /** The three sizes every GPT image model takes, and the gpt-image-2 family prefers. */
  public static final List<Size> STANDARD =
      List.of(new Size(1024, 1024), new Size(1536, 1024), new Size(1024, 1536));

  /** Width and height in pixels. */
  public record Size(int width, int height) {
    public long pixels() {
      return (long) width * height;
    }

    // Written out: a record's own equals and hashCode are linked at their first call, which
    // spins seven classes at the start of every command that checks a size.
    @Override
    public boolean equals(Object o) {
      return o instanceof Size s && s.width == width && s.height == height;
    }

    @Override
    public int hashCode() {
      return 31 * width + height;
    }

    /** Parses {@code WxH} (digits only); null when the text is not that shape. */
    public static Size parse(String text) {
      if (text == null || !text.matches("\\d{1,6}x\\d{1,6}")) {
        return null;
      }
      int x = text.indexOf('x');
      return new Size(
          Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    }

    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /** A group of models that take the same sizes. */
  public enum Family {
    /** gpt-image-2 and its successors: free sizes within limits. */
    GPT_IMAGE_2("gpt-image-2"),
    /** gpt-image-1, gpt-image-1-mini, gpt-image-1.5: the three standard sizes. */
    GPT_IMAGE_1("gpt-image-1.x"),
    /** dall-e-2: three squares. */
    DALL_E_2("dall-e-2"),
    /** dall-e-3: three fixed sizes. */
    DALL_E_3("dall-e-3"),
    /** Any other name (a gateway's own model): its rules are not known. */
    UNKNOWN("an unknown model");

    private final String label;

    Family(String label) {
      this.label = label;
    }

    /** How messages name the family: {@code gpt-image-1.x}. */
    public String label() {
      return label;
    }

    /** The family of a model name, with any {@code -YYYY-MM-DD} suffix dropped. */
    public static Family of(String model) {
      String m =
          model == null
              ? ""
              : model.trim().toLowerCase(Locale.ROOT).replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", "");
      if (m.equals("dall-e-2")) {
        return DALL_E_2;
      }
      if (m.equals("dall-e-3")) {
        return DALL_E_3;
      }
      if (m.equals("gpt-image-1") || m.equals("gpt-image-1-mini") || m.equals("gpt-image-1.5")) {
        return GPT_IMAGE_1;
      }
      if (m.matches("gpt-image-([2-9]|\\d\\d+)([.-].*)?")) {
        return GPT_IMAGE_2;
      }
      return UNKNOWN;
    }

    /** The only sizes the family takes, or null where sizes are free (gpt-image-2, unknown). */
    public List<Size> fixedSizes() {
      return switch (this) {
        case GPT_IMAGE_1 -> STANDARD;
        case DALL_E_2 -> List.of(new Size(256, 256), new Size(512, 512), new Size(1024, 1024));
        case DALL_E_3 -> List.of(new Size(1024, 1024), new Size(1792, 1024), new Size(1024, 1792));
        default -> null;
      };
    }

    /** Whether {@code auto} is a legal size. */
    public boolean takesAuto() {
      return this != DALL_E_2 && this != DALL_E_3;
    }
  }

  /** Whether {@code size} is legal for the family (an unknown model follows gpt-image-2's). */
  public static boolean legal(Family family, Size size) {
    List<Size> fixed = family.fixedSizes();
    if (fixed != null) {
      return fixed.contains(size);
    }
    int w = size.width();
    int h = size.height();
    return w > 0
        && h > 0
        && w % 16 == 0
        && h % 16 == 0
        && Math.max(w, h) <= MAX_SIDE
        && Math.max(w, h) <= 3L * Math.min(w, h)
        && size.pixels() >= MIN_PIXELS
        && size.pixels() <= MAX_PIXELS;
  }

  /**
   * Why {@code size} is not legal for the family, in the words the real API answers with (for
   * gpt-image-2: "Invalid size '1792x936'. Width and height must both be divisible by 16."); null
   * when it is legal. An unknown model is held to gpt-image-2's rules.
   */
  public static String violation(Family family, Size size) {
    if (legal(family, size)) {
      return null;
    }
    String head = "Invalid size '" + size + "'. ";
    List<Size> fixed = family.fixedSizes();
    if (fixed != null) {
      if (fixed.contains(size)) {
        return null;
      }
      return head
          + "Supported sizes for "
          + family.label()
          + " are "
          + String.join(", ", fixed.stream().map(Size::toString).toList())
          + (family.takesAuto() ? ", and auto." : ".");
    }
    int w = size.width();
    int h = size.height();
    if (w <= 0 || h <= 0 || w % 16 != 0 || h % 16 != 0) {
      return head + "Width and height must both be divisible by 16.";
    }
    if (Math.max(w, h) > MAX_SIDE) {
      return head + "The longest edge must be less than or equal to " + MAX_SIDE + ".";
    }
    if (Math.max(w, h) > 3L * Math.min(w, h)) {
      return head + "The aspect ratio (long edge to short edge) must be at most 3:1.";
    }
    if (size.pixels() < MIN_PIXELS || size.pixels() > MAX_PIXELS) {
      return head
          + "The total pixel count must be between "
          + MIN_PIXELS
          + " and "
          + MAX_PIXELS
          + ".";
    }
    return null;
  }
}
