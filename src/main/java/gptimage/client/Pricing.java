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
    Price price = PRICES.get(family(model));
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

  /**
   * The estimate before a call, from the request alone: {@link ImageTokens} for its size (for
   * {@code auto}, 1536x1024, the largest automatic size), quality ({@code auto} as medium), n,
   * partial images and input images. Null where the model's price is unknown.
   */
  public static Double estimate(ImageRequest request) {
    Price price = PRICES.get(family(request.model()));
    if (price == null) {
      return null;
    }
    int w = 1536;
    int h = 1024;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)x(\\d+)").matcher(String.valueOf(request.size()));
    if (m.matches()) {
      w = Integer.parseInt(m.group(1));
      h = Integer.parseInt(m.group(2));
    }
    long output =
        ImageTokens.output(request.quality(), w, h) * request.n()
            + ImageTokens.PER_PARTIAL
                * (request.partialImages() == null ? 0 : request.partialImages())
                * request.n();
    long imageIn = 0;
    for (java.nio.file.Path p : request.images()) {
      try {
        gptimage.output.ImageType t = gptimage.output.ImageType.of(p);
        imageIn += ImageTokens.inputImage(Math.max(1, t.width()), Math.max(1, t.height()));
      } catch (java.io.IOException e) {
        imageIn += ImageTokens.inputImage(2048, 2048);
      }
    }
    double usd =
        (ImageTokens.text(request.prompt()) * price.textIn
                + imageIn * price.imageIn
                + output * price.imageOut)
            / 1e6;
    return Math.round(usd * 1e6) / 1e6;
  }

  private static String family(String model) {
    return model == null ? "" : model.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", "");
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
