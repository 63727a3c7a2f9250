package gptimage.config;

import gptimage.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code .env} files: {@code KEY=VALUE} lines, blank lines and {@code #} comments skipped, an
 * optional {@code export } prefix, key and value trimmed, one pair of matching surrounding quotes
 * removed, LF, CRLF or CR line ends, a leading UTF-8 byte-order mark ignored. No escapes, no inline
 * comments: a value is the rest of its line.
 */
public final class DotEnv {
  private DotEnv() {}

  public static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // the byte-order mark some Windows editors write first
    }
    for (String raw : text.split("\r?\n|\r")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ") || line.startsWith("export\t")) {
        line = line.substring(7).trim();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (value.length() >= 2) {
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        if ((first == '"' || first == '\'') && first == last) {
          value = value.substring(1, value.length() - 1);
        }
      }
      values.put(key, value);
    }
    return values;
  }

  /** The file's values; an empty map where it does not exist. */
  public static Map<String, String> read(Path file, boolean required) {
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new UsageException("--env-file " + file + " does not exist or is not a file.");
      }
      return Map.of();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      if (required) {
        throw new UsageException("--env-file " + file + " cannot be read: " + e.getMessage());
      }
      return Map.of();
    }
  }
}
