package gptimage.emulator;

import gptimage.client.ImageTokens;
import gptimage.wire.SizeRules;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One image request's parameters, checked as the real API checks them. Values come from a JSON body
 * or from multipart text fields (both read through {@code field}).
 */
record ImageSpec(
    String model,
    String prompt,
    int n,
    int width,
    int height,
    boolean autoSize,
    String quality,
    String format,
    String background,
    Integer compression,
    boolean stream,
    int partials,
    String responseFormat,
    long seed) {

  static final Set<String> QUALITIES =
      Set.of("auto", "low", "medium", "high", "xhigh", "max", "standard", "hd");
  static final Set<String> FORMATS = Set.of("png", "jpeg", "webp", "gif", "svg");
  static final Set<String> BACKGROUNDS = Set.of("transparent", "opaque", "auto");

  boolean transparent() {
    return "transparent".equals(background);
  }

  String size() {
    return width + "x" + height;
  }

  ImageSpec withSize(int w, int h) {
    return new ImageSpec(
        model,
        prompt,
        n,
        w,
        h,
        false,
        quality,
        format,
        background,
        compression,
        stream,
        partials,
        responseFormat,
        seed);
  }

  /** What a gateway that drops size, background and n makes of this ({@link Fault}). */
  ImageSpec ignoringParams() {
    return new ImageSpec(
        model,
        prompt,
        Math.max(1, n / 2),
        1024,
        1024,
        false,
        quality,
        format,
        null,
        compression,
        stream,
        partials,
        responseFormat,
        seed);
  }

  static ImageSpec parse(Function<String, Object> field, boolean edit, boolean strict) {
    String model = text(field, "model", "gpt-image-2");
    Object rawPrompt = field.apply("prompt");
    if (rawPrompt == null || rawPrompt.toString().isBlank()) {
      throw ApiError.invalid(
          "prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
    }
    String prompt = rawPrompt.toString();
    int maxPrompt = model.equals("dall-e-2") ? 1000 : model.equals("dall-e-3") ? 4000 : 32000;
    if (prompt.length() > maxPrompt) {
      throw ApiError.invalid(
          "prompt",
          "string_above_max_length",
          "Invalid 'prompt': string too long. Expected a string with maximum length "
              + maxPrompt
              + ", but got a string with length "
              + prompt.length()
              + " instead.");
    }
    int n = integer(field, "n", 1, 1, model.equals("dall-e-3") ? 1 : 10);
    String quality = choice(field, "quality", QUALITIES, null);
    String format = choice(field, "output_format", FORMATS, "png");
    String background = choice(field, "background", BACKGROUNDS, null);
    if ("transparent".equals(background) && !format.equals("png") && !format.equals("webp")) {
      throw ApiError.invalid(
          "background",
          "invalid_value",
          "Transparent background requires output_format png or webp, not " + format + ".");
    }
    Integer compression = null;
    if (field.apply("output_compression") != null) {
      compression = integer(field, "output_compression", 100, 0, 100);
      if (!format.equals("jpeg") && !format.equals("webp")) {
        throw ApiError.invalid(
            "output_compression",
            "invalid_value",
            "output_compression is only supported for jpeg and webp, not " + format + ".");
      }
    }
    boolean stream = bool(field, "stream");
    int partials = integer(field, "partial_images", 0, 0, 3);
    if (stream && (format.equals("gif") || format.equals("svg"))) {
      throw ApiError.invalid(
          "stream",
          "invalid_value",
          "Streaming is not supported for output_format " + format + ".");
    }
    if (format.equals("svg") && n != 1) {
      throw ApiError.invalid("n", "invalid_value", "output_format svg allows only n=1.");
    }
    String responseFormat = choice(field, "response_format", Set.of("url", "b64_json"), null);
    boolean gptImage = model.startsWith("gpt-image") || model.startsWith("chatgpt-image");
    if (strict && gptImage) {
      for (String legacy : new String[] {"response_format", "style"}) {
        if (field.apply(legacy) != null) {
          throw ApiError.invalid(
              legacy, "unknown_parameter", "Unknown parameter: '" + legacy + "'.");
        }
      }
      if (edit && model.startsWith("gpt-image-2") && field.apply("input_fidelity") != null) {
        throw ApiError.invalid(
            "input_fidelity",
            "invalid_value",
            "input_fidelity is not supported for " + model + ", which always uses high fidelity.");
      }
    }
    if (!edit && field.apply("style") != null) {
      choice(field, "style", Set.of("vivid", "natural"), null);
    }
    if (edit && field.apply("input_fidelity") != null) {
      choice(field, "input_fidelity", Set.of("high", "low"), null);
    }
    choice(field, "moderation", Set.of("low", "auto"), null);
    String size = text(field, "size", "auto");
    int[] wh = size(model, size);
    long seed = field.apply("seed") == null ? 0 : integer(field, "seed", 0, 0, Integer.MAX_VALUE);
    return new ImageSpec(
        model,
        prompt,
        n,
        wh[0],
        wh[1],
        size.equals("auto"),
        quality,
        format,
        background,
        compression,
        stream,
        partials,
        responseFormat,
        seed);
  }

  /** Width and height for a size, by the model's rules; {@code auto} is 1024x1024. */
  static int[] size(String model, String size) {
    if (size.equals("auto")) {
      return new int[] {1024, 1024};
    }
    String[] parts = size.split("x", -1);
    int w;
    int h;
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      w = Integer.parseInt(parts[0]);
      h = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw badSize(size, "Size must be 'auto' or WIDTHxHEIGHT, e.g. 1024x1024.");
    }
    String why = SizeRules.violation(SizeRules.Family.of(model), new SizeRules.Size(w, h));
    if (why != null) {
      throw ApiError.invalid("size", "invalid_value", why);
    }
    return new int[] {w, h};
  }

  private static ApiError badSize(String size, String why) {
    return ApiError.invalid("size", "invalid_value", "Invalid size '" + size + "'. " + why);
  }

  private static String text(Function<String, Object> field, String name, String fallback) {
    Object v = field.apply(name);
    return v == null ? fallback : v.toString();
  }

  private static String choice(
      Function<String, Object> field, String name, Set<String> allowed, String fallback) {
    Object v = field.apply(name);
    if (v == null) {
      return fallback;
    }
    String s = v.toString().toLowerCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw ApiError.invalid(
          name,
          "invalid_value",
          "Invalid value: '"
              + v
              + "'. Supported values are: "
              + String.join(", ", allowed.stream().sorted().toList())
              + ".");
    }
    return s;
  }

  private static int integer(
      Function<String, Object> field, String name, int fallback, int min, int max) {
    Object v = field.apply(name);
    if (v == null) {
      return fallback;
    }
    long value;
    try {
      value = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
      if (v instanceof Number num && num.doubleValue() != value) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw ApiError.invalid(
          name, "invalid_type", "Invalid '" + name + "': expected an integer, got '" + v + "'.");
    }
    if (value < min) {
      throw ApiError.invalid(
          name,
          "integer_below_min_value",
          "Invalid '"
              + name
              + "': integer below minimum value. Expected a value >= "
              + min
              + ", but got "
              + value
              + " instead.");
    }
    if (value > max) {
      throw ApiError.invalid(
          name,
          "integer_above_max_value",
          "Invalid '"
              + name
              + "': integer above maximum value. Expected a value <= "
              + max
              + ", but got "
              + value
              + " instead.");
    }
    return (int) value;
  }

  private static boolean bool(Function<String, Object> field, String name) {
    Object v = field.apply(name);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return s.equals("true");
    }
    throw ApiError.invalid(name, "invalid_type", "Invalid '" + name + "': expected a boolean.");
  }

  /** Token counts as the real API reports them ({@link ImageTokens}). */
  Map<String, Object> usage(int images, long inputImageTokens, int partialImages) {
    long output =
        ImageTokens.output(quality, width, height) * images
            + ImageTokens.PER_PARTIAL * partialImages;
    return usage(ImageTokens.text(prompt), inputImageTokens, output);
  }

  static Map<String, Object> usage(long text, long imageIn, long output) {
    Map<String, Object> u = new java.util.LinkedHashMap<>();
    u.put("total_tokens", text + imageIn + output);
    u.put("input_tokens", text + imageIn);
    u.put("output_tokens", output);
    Map<String, Object> in = new java.util.LinkedHashMap<>();
    in.put("text_tokens", text);
    in.put("image_tokens", imageIn);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("image_tokens", output);
    out.put("text_tokens", 0);
    u.put("input_tokens_details", in);
    u.put("output_tokens_details", out);
    return u;
  }

  static long inputImageTokens(int w, int h) {
    return ImageTokens.inputImage(w, h);
  }
}
