package gptimage.output;

/**
 * The names images are saved under (before {@link ImageStore#keep} adds {@code -2}, {@code -3}...
 * where a name is taken, and the extension read from the bytes).
 */
public final class FileNames {
  private FileNames() {}

  /** The stem where none was given: {@code gpt-image-2-<epoch-ms>}. */
  public static String defaultStem(long epochMillis) {
    return "gpt-image-2-" + epochMillis;
  }

  /** The {@code index}-th image (from 1) of a request: {@code <stem>-<index>}. */
  public static String image(String stem, int index) {
    return stem + "-" + index;
  }

  /** The {@code index}-th streamed partial image (from 1): {@code <stem>-partial-<index>}. */
  public static String partial(String stem, int index) {
    return stem + "-partial-" + index;
  }
}
