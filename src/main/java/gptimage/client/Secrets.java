package gptimage.client;

/** Keeps the API key out of everything printed. */
public final class Secrets {
  private Secrets() {}

  /** {@code sk-...wxyz}: the last four characters only, or {@code ****} for short keys. */
  public static String mask(String key) {
    if (key == null || key.isEmpty()) {
      return "(none)";
    }
    return key.length() <= 8 ? "****" : "****" + key.substring(key.length() - 4);
  }

  /** The text with every occurrence of the key replaced by its mask. */
  public static String redact(String text, String key) {
    if (text == null || key == null || key.length() < 4) {
      return text;
    }
    return text.replace(key, mask(key));
  }
}
