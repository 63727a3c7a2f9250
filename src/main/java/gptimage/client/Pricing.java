package gptimage.client;

import java.util.Map;

/**
 * Cost in USD from a {@link PriceTable}: from an answer's usage, or estimated before a call from
 * the request alone. The table is the published one unless {@link #use} set another (the command
 * sets it once from {@code OPENAI_IMAGE_PRICES}).
 */
public final class Pricing {
  private static volatile PriceTable table = PriceTable.defaults();

  private Pricing() {}

  /** The table every cost is computed from from now on, in this process. */
  public static void use(PriceTable prices) {
    table = prices;
  }

  /**
   * The cost of an Images API usage object: {@code input_tokens_details.text_tokens} (less its
   * {@code cached_tokens}, priced as cached input), {@code image_tokens}, and {@code
   * output_tokens}; null where the model's price or the usage is unknown.
   */
  public static Double estimate(String model, Map<String, Object> usage) {
    if (model == null || usage == null || !(usage.get("output_tokens") instanceof Number out)) {
      return null;
    }
    PriceTable.Price price = table.of(model);
    if (price == null) {
      return null;
    }
    double text;
    double image;
    double cached = 0;
    if (usage.get("input_tokens_details") instanceof Map<?, ?> d) {
      text = number(d.get("text_tokens"));
      image = number(d.get("image_tokens"));
      cached = Math.min(text, number(d.get("cached_tokens")));
    } else {
      text = number(usage.get("input_tokens"));
      image = 0;
    }
    double usd =
        ((text - cached) * price.textIn()
                + cached * price.cachedIn()
                + image * price.imageIn()
                + out.doubleValue() * price.imageOut())
            / 1e6;
    return Math.round(usd * 1e6) / 1e6;
  }

  /**
   * The estimate before a call, from the request alone: {@link ImageTokens} for its size (for
   * {@code auto}, 1536x1024, the largest automatic size), quality ({@code auto} as medium), n,
   * partial images and input images. Null where the model's price is unknown.
   */
  public static Double estimate(ImageRequest request) {
    PriceTable.Price price = table.of(request.model());
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
        (ImageTokens.text(request.prompt()) * price.textIn()
                + imageIn * price.imageIn()
                + output * price.imageOut())
            / 1e6;
    return Math.round(usd * 1e6) / 1e6;
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
