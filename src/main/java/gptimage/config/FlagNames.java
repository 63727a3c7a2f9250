package gptimage.config;

import gptimage.client.InvalidParameterException;

/**
 * Names the library's API fields as the command's users know them: {@code output_compression} is
 * {@code --output-compression / OPENAI_IMAGE_OUTPUT_COMPRESSION} where a message is about it, and
 * {@code --output-compression} where it is named in passing.
 */
public final class FlagNames {
  private FlagNames() {}

  /** The exception's message with flags and variables in place of API fields. */
  public static String message(InvalidParameterException e) {
    return e.render(FlagNames::label, FlagNames::flag);
  }

  /** {@code output_compression} is {@code --output-compression}. */
  static String flag(String field) {
    return "--" + field.replace('_', '-');
  }

  /** The flag and its variable where the field is a setting, else the flag. */
  static String label(String field) {
    String flag = flag(field);
    for (Setting s : Setting.values()) {
      if (flag.equals(s.flag())) {
        return s.label();
      }
    }
    return flag;
  }
}
