package gptimage.config;

import gptimage.client.InvalidParameterException;
import gptimage.output.UnusableFolderException;
import java.util.Map;

/**
 * Names the library's API fields as the command's users know them: {@code output_compression} is
 * {@code --output-compression / OPENAI_IMAGE_OUTPUT_COMPRESSION} where a message is about it, and
 * {@code --output-compression} where it is named in passing. The library's own parameters that the
 * command spells differently ({@code folder}: {@code --output}) are listed here too.
 */
public final class FlagNames {
  /** Library parameters whose flag is not the field's name with {@code -} for {@code _}. */
  private static final Map<String, String> RENAMED = Map.of("folder", "--output");

  private FlagNames() {}

  /** The exception's message with flags and variables in place of API fields. */
  public static String message(InvalidParameterException e) {
    return e.render(FlagNames::label, FlagNames::flag);
  }

  /** The output folder's message with {@code --output} in place of the library's {@code folder}. */
  public static String message(UnusableFolderException e) {
    return e.render(FlagNames::label, FlagNames::flag);
  }

  /** {@code output_compression} is {@code --output-compression}. */
  static String flag(String field) {
    return RENAMED.getOrDefault(field, "--" + field.replace('_', '-'));
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
