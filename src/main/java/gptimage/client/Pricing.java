package gptimage.client;

import java.util.Map;

/**
 * Published prices in USD per million tokens, for cost estimates: text input, image input, image
 * output. A model name with a date suffix (gpt-image-2-2026-04-21) takes its family's.
 */
public final class Pricing {
  private record Price(double textIn, double imageIn, double imageOut) {}

  private static final Map<String, Price> PRICES =
      Map.of(
          "gpt-image-2", new Price(5, 8, 30),
          "gpt-image-1.5", new Price(5, 8, 32),
          "gpt-image-1", new Price(5, 10, 40),
          "gpt-image-1-mini", new Price(2, 2.5, 8));

  private Pricing() {}

  /**
   * The estimate for an Images API usage object ({@code input_tokens_details.text_tokens}, {@code
   * image_tokens}, {@code output_tokens}); null where the model's price or the usage is unknown.
   */
  public static Double estimate(String model, Map<String, Object> usage) {
    if (model == null || usage == null || !(usage.get("output_tokens") instanceof Number out)) {
      return null;
    }
    Price price = PRICES.get(model.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", ""));
    if (price == null) {
      return null;
    }
    double text;
    double image;
    if (usage.get("input_tokens_details") instanceof Map<?, ?> d) {
      text = number(d.get("text_tokens"));
      image = number(d.get("image_tokens"));
    } else {
      text = number(usage.get("input_tokens"));
      image = 0;
    }
    double usd =
        (text * price.textIn + image * price.imageIn + out.doubleValue() * price.imageOut) / 1e6;
    return Math.round(usd * 1e6) / 1e6;
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
