package gptimage.client;

import gptimage.UsageException;
import gptimage.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prices per model in USD per million tokens: the published ones ({@link #defaults}), extended or
 * overridden by a JSON file, {@code {"MODEL": {"text_in": 5, "image_in": 8, "image_out": 30,
 * "cached_in": 1.25}}}, such as {@code OPENAI_IMAGE_PRICES} names. A field left out of an override
 * keeps the published value (0 for a new model). A model name with a date suffix ({@code
 * gpt-image-2-2026-04-21}) takes its family's entry where it has none of its own; names are
 * compared in lower case.
 */
public final class PriceTable {
  /**
   * One model's prices, USD per million tokens.
   *
   * @param textIn prompt text tokens
   * @param imageIn input image tokens
   * @param imageOut output (image) tokens
   * @param cachedIn cached prompt text tokens
   */
  public record Price(double textIn, double imageIn, double imageOut, double cachedIn) {}

  /**
   * As OpenAI publishes them (autumn 2026), per model family. gpt-image-2's cached rate is not
   * published separately: the gpt-image-1.x rate is used. Written here rather than read from a
   * resource: a short command would otherwise open its own jar again and parse JSON for them, 5 ms.
   */
  private static final PriceTable DEFAULTS =
      new PriceTable(
          Map.of(
              "gpt-image-2", new Price(5, 8, 30, 1.25),
              "gpt-image-1.5", new Price(5, 8, 32, 1.25),
              "gpt-image-1", new Price(5, 10, 40, 1.25),
              "gpt-image-1-mini", new Price(2, 2.5, 8, 0.2)));

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The published prices. */
  public static PriceTable defaults() {
    return DEFAULTS;
  }

  /** This table with a price file's entries over it; {@code label} names the file in errors. */
  public PriceTable with(Path file, String label) {
    Object tree;
    try {
      tree = Json.parse(Files.readString(file, StandardCharsets.UTF_8), Json.DOUBLES);
    } catch (IOException e) {
      throw new UsageException(label + ": cannot read the price file " + file + " (" + e + ").");
    } catch (RuntimeException e) {
      throw new UsageException(
          label + ": the price file " + file + " is not valid JSON (" + e.getMessage() + ").");
    }
    return new PriceTable(merge(prices, tree, label + " (" + file + ")"));
  }

  /** The price for a model, or null where neither it nor its family has one. */
  public Price of(String model) {
    if (model == null) {
      return null;
    }
    String m = model.trim().toLowerCase(Locale.ROOT);
    Price p = prices.get(m);
    return p != null ? p : prices.get(m.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", ""));
  }

  private static Map<String, Price> merge(Map<String, Price> base, Object tree, String where) {
    if (!(tree instanceof Map<?, ?> models)) {
      throw new UsageException(where + " must be a JSON object of models.");
    }
    Map<String, Price> out = new LinkedHashMap<>(base);
    for (Map.Entry<?, ?> e : models.entrySet()) {
      String model = String.valueOf(e.getKey()).trim().toLowerCase(Locale.ROOT);
      if (model.startsWith("_")) {
        continue; // comments
      }
      if (!(e.getValue() instanceof Map<?, ?> fields)) {
        throw new UsageException(
            where
                + ": \""
                + e.getKey()
                + "\" must be an object of text_in, image_in, image_out,"
                + " cached_in.");
      }
      Price old = out.getOrDefault(model, new Price(0, 0, 0, 0));
      out.put(
          model,
          new Price(
              field(fields, "text_in", old.textIn(), where, model),
              field(fields, "image_in", old.imageIn(), where, model),
              field(fields, "image_out", old.imageOut(), where, model),
              field(fields, "cached_in", old.cachedIn(), where, model)));
    }
    return out;
  }

  private static double field(Map<?, ?> m, String key, double old, String where, String model) {
    for (Object k : m.keySet()) {
      if (!java.util.Set.of("text_in", "image_in", "image_out", "cached_in").contains(k)) {
        throw new UsageException(
            where
                + ": \""
                + model
                + "\" has \""
                + k
                + "\"; the fields are text_in, image_in,"
                + " image_out, cached_in (USD per million tokens).");
      }
    }
    Object v = m.get(key);
    if (v == null) {
      return old;
    }
    if (!(v instanceof Number n) || n.doubleValue() < 0 || !Double.isFinite(n.doubleValue())) {
      throw new UsageException(
          where
              + ": \""
              + model
              + "\"."
              + key
              + " must be a number of USD per million tokens >= 0,"
              + " got "
              + v
              + ".");
    }
    return n.doubleValue();
  }
}
