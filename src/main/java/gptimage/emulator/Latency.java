package gptimage.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long the emulator takes before answering: a fixed number of seconds, or a number per quality.
 * {@code "quality"} stands for the real service's typical times (low 10 s, medium 25 s, high 60 s).
 */
public record Latency(Duration fixed, Map<String, Duration> byQuality) {
  public static final Latency NONE = new Latency(Duration.ZERO, Map.of());

  public static Latency fixed(Duration d) {
    return new Latency(d, Map.of());
  }

  /** Parses {@code 2}, {@code 0.25}, {@code quality}, or {@code low=1,medium=3,high=8}. */
  public static Latency parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("quality")) {
      return parse("low=10,medium=25,high=60,auto=25");
    }
    try {
      if (!t.contains("=")) {
        return fixed(seconds(t));
      }
      Map<String, Duration> map = new LinkedHashMap<>();
      for (String part : t.split(",")) {
        String[] kv = part.split("=", 2);
        map.put(kv[0].trim(), seconds(kv[1]));
      }
      return new Latency(map.getOrDefault("medium", Duration.ZERO), Map.copyOf(map));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--latency must be seconds (e.g. 2 or 0.5), 'quality', or per quality like"
              + " low=1,medium=3,high=8; got '"
              + text
              + "'");
    }
  }

  private static Duration seconds(String s) {
    double v = Double.parseDouble(s.trim());
    if (v < 0 || Double.isNaN(v)) {
      throw new IllegalArgumentException();
    }
    return Duration.ofNanos((long) (v * 1e9));
  }

  Duration forQuality(String quality) {
    return quality == null ? fixed : byQuality.getOrDefault(quality, fixed);
  }
}
