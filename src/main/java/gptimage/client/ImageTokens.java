package gptimage.client;

/**
 * How the GPT image models count tokens, for estimates before a call and for the emulator's usage:
 * output tokens by quality for 1024x1024 (low 272, medium 1056, high 4160; auto as medium) scaled
 * by pixel area, 100 more for each streamed partial image; input images tiled as the vision models
 * count them; text at about four characters a token.
 */
public final class ImageTokens {
  private ImageTokens() {}

  /** Output tokens for one image of {@code width x height} at {@code quality} (null: auto). */
  public static long output(String quality, int width, int height) {
    long perMegapixelSquare =
        switch (quality == null ? "auto" : quality) {
          case "low" -> 272;
          case "high", "hd", "xhigh", "max" -> 4160;
          default -> 1056;
        };
    return Math.round(perMegapixelSquare * ((double) width * height) / (1024.0 * 1024.0));
  }

  /** Extra output tokens for each streamed partial image. */
  public static final long PER_PARTIAL = 100;

  /**
   * Input tokens for one input image: fit in 2048x2048, shorter side down to 768, then 85 plus 170
   * a 512-pixel tile.
   */
  public static long inputImage(int width, int height) {
    double scale = Math.min(1, 2048.0 / Math.max(width, height));
    double sw = width * scale;
    double sh = height * scale;
    double shorter = Math.min(sw, sh);
    if (shorter > 768) {
      sw = sw * 768 / shorter;
      sh = sh * 768 / shorter;
    }
    long tiles = (long) Math.ceil(sw / 512) * (long) Math.ceil(sh / 512);
    return 85 + 170 * tiles;
  }

  public static long text(String prompt) {
    return Math.max(1, (prompt.length() + 3) / 4);
  }
}
