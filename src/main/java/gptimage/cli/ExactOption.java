package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.SizeSolver;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.output.ExactSize;
import gptimage.wire.SizeRules;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --exact WxH}: which size to ask for (the nearest the model takes, of the same shape, by
 * {@link SizeSolver}'s distance with the exact size's pixel count), and the checks made before
 * anything is sent.
 */
final class ExactOption {
  private ExactOption() {}

  /** The exact size asked, or null where {@code --exact} was not given. */
  static SizeRules.Size parse(String value, boolean sizeGiven) {
    if (value == null) {
      return null;
    }
    SizeRules.Size size = SizeRules.Size.parse(value.trim().toLowerCase(Locale.ROOT));
    if (size == null || size.width() < 1 || size.height() < 1 || size.pixels() > 100_000_000L) {
      throw new UsageException(
          "--exact must be WIDTHxHEIGHT in pixels, e.g. 1920x1080 or 1200x630, got '"
              + value
              + "'.");
    }
    if (sizeGiven) {
      throw new UsageException(
          "--exact sets the size to ask for; leave out --size (or drop --exact).");
    }
    return size;
  }

  /** The configuration with the size to ask for; refuses a format that cannot be written here. */
  static Configuration configure(Configuration config, SizeRules.Size exact) {
    String format = config.settings().get(Setting.OUTPUT_FORMAT);
    if (format == null) {
      format = config.settings().get(Setting.FORMAT);
    }
    if (format != null && !ExactSize.writes(format)) {
      throw new UsageException(
          "--exact writes "
              + String.join(" and ", ExactSize.formats())
              + " here; --output-format "
              + format
              + " cannot be cropped. Use --output-format png or jpeg.");
    }
    String model = config.settings().get(Setting.MODEL);
    String ask =
        SizeSolver.nearest(
                SizeRules.Family.of(model),
                (double) exact.width() / exact.height(),
                exact.pixels(),
                1)
            .get(0)
            .toString();
    return new Configuration(config.settings().with(Map.of(Setting.SIZE, ask), "--exact"));
  }
}
