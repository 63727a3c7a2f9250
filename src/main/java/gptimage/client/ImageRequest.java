package gptimage.client;

import gptimage.UsageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One image request, checked: a generation when {@code images} is empty, an edit otherwise.
 * Optional values are null where not set, and then not sent. Build with {@link #builder}.
 *
 * @param mask a PNG path, or null; see {@link #autoMask}
 * @param autoMask send {@code mask=auto} (a gateway's automatic mask) instead of a file
 */
public record ImageRequest(
    String prompt,
    String model,
    Protocol protocol,
    String size,
    String quality,
    int n,
    String outputFormat,
    String responseFormat,
    String background,
    String moderation,
    Integer outputCompression,
    Integer partialImages,
    String inputFidelity,
    String style,
    Boolean stream,
    String user,
    Map<String, Object> extra,
    List<Path> images,
    Path mask,
    boolean autoMask) {

  public boolean isEdit() {
    return !images.isEmpty();
  }

  public static Builder builder(String prompt) {
    return new Builder(prompt);
  }

  /**
   * Sets the request's values; {@link #build()} checks them all, and its messages name the
   * command's flag and variable for each. Defaults: model {@code gpt-image-2}, protocol
   * openai_images, size {@code 1024x1024}, n 1. A size may also be a ratio or a preset ({@code
   * 16:9@2K}), solved by {@link SizeSolver} to the nearest size the model takes.
   */
  public static final class Builder {
    private final String prompt;
    private String model = "gpt-image-2";
    private Protocol protocol = Protocol.OPENAI_IMAGES;
    private String size = "1024x1024";
    private String quality;
    private int n = 1;
    private String outputFormat;
    private String responseFormat;
    private String background;
    private String moderation;
    private Integer outputCompression;
    private Integer partialImages;
    private String inputFidelity;
    private String style;
    private Boolean stream;
    private String user;
    private Map<String, Object> extra = Map.of();
    private List<Path> images = List.of();
    private Path mask;
    private boolean autoMask;
    private boolean strictSize;

    Builder(String prompt) {
      this.prompt = prompt == null ? "" : prompt.trim();
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder protocol(Protocol v) {
      protocol = v;
      return this;
    }

    public Builder size(String v) {
      size = v;
      return this;
    }

    /**
     * Refuse (rather than warn about and send) a {@code WxH} that breaks the model's known rules;
     * default off, since gateways differ. See {@link SizeSolver}.
     */
    public Builder strictSize(boolean v) {
      strictSize = v;
      return this;
    }

    public Builder quality(String v) {
      quality = v;
      return this;
    }

    public Builder n(int v) {
      n = v;
      return this;
    }

    public Builder outputFormat(String v) {
      outputFormat = v;
      return this;
    }

    public Builder responseFormat(String v) {
      responseFormat = v;
      return this;
    }

    public Builder background(String v) {
      background = v;
      return this;
    }

    public Builder moderation(String v) {
      moderation = v;
      return this;
    }

    public Builder outputCompression(Integer v) {
      outputCompression = v;
      return this;
    }

    public Builder partialImages(Integer v) {
      partialImages = v;
      return this;
    }

    public Builder inputFidelity(String v) {
      inputFidelity = v;
      return this;
    }

    public Builder style(String v) {
      style = v;
      return this;
    }

    public Builder stream(Boolean v) {
      stream = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    /** A JSON object (as maps, lists, strings, numbers) merged last into the request. */
    public Builder extra(Map<String, Object> v) {
      extra = v;
      return this;
    }

    /** Input images, in order; any makes the request an edit. */
    public Builder images(List<Path> v) {
      images = v;
      return this;
    }

    public Builder mask(Path v) {
      mask = v;
      autoMask = false;
      return this;
    }

    public Builder autoMask() {
      mask = null;
      autoMask = true;
      return this;
    }

    /**
     * Checks every value against what is allowed and returns the request.
     *
     * @throws UsageException naming the flag, the value and what is allowed
     */
    public ImageRequest build() {
      if (prompt.isEmpty()) {
        throw new UsageException(
            "The prompt is empty: give --prompt \"...\" or the prompt as plain words.");
      }
      if (n < 1 || n > 10) {
        throw new UsageException(
            "--n / OPENAI_IMAGE_N must be an integer from 1 to 10, got " + n + ".");
      }
      oneOf("--background / OPENAI_IMAGE_BACKGROUND", background, "transparent", "opaque", "auto");
      oneOf("--response-format / OPENAI_IMAGE_RESPONSE_FORMAT", responseFormat, "url", "b64_json");
      oneOf(
          "--output-format / OPENAI_IMAGE_OUTPUT_FORMAT",
          outputFormat,
          "png",
          "jpeg",
          "webp",
          "gif",
          "svg");
      oneOf("--input-fidelity / OPENAI_IMAGE_INPUT_FIDELITY", inputFidelity, "high", "low");
      oneOf("--style / OPENAI_IMAGE_STYLE", style, "vivid", "natural");
      if (partialImages != null && (partialImages < 0 || partialImages > 3)) {
        throw new UsageException(
            "--partial-images / OPENAI_IMAGE_PARTIAL_IMAGES must be an integer from 0 to 3, got "
                + partialImages
                + ".");
      }
      if (outputCompression != null && (outputCompression < 0 || outputCompression > 100)) {
        throw new UsageException(
            "--output-compression / OPENAI_IMAGE_OUTPUT_COMPRESSION must be an integer from 0"
                + " to 100, got "
                + outputCompression
                + ".");
      }
      if ("transparent".equals(background)
          && outputFormat != null
          && !outputFormat.equals("png")
          && !outputFormat.equals("webp")) {
        throw new UsageException(
            "--background transparent needs --output-format png or webp, not "
                + outputFormat
                + ".");
      }
      if ((mask != null || autoMask) && images.isEmpty()) {
        throw new UsageException("--mask needs at least one --image to edit.");
      }
      if (mask != null && !images.isEmpty()) {
        MaskCheck.check(images.get(0), mask);
      }
      if (images.size() > 16) {
        throw new UsageException(
            "--image may be given at most 16 times, got " + images.size() + ".");
      }
      if (protocol == Protocol.OPENAI_CHAT) {
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("--response-format", responseFormat);
        refused.put("--output-format", outputFormat);
        refused.put("--background", background);
        refused.put("--partial-images", partialImages);
        refused.put("--input-fidelity", inputFidelity);
        refused.put("--style", style);
        refused.put("--stream", Boolean.TRUE.equals(stream) ? stream : null);
        refused.put("--mask", mask != null || autoMask ? "set" : null);
        for (Map.Entry<String, Object> e : refused.entrySet()) {
          if (e.getValue() != null) {
            throw new UsageException(
                e.getKey()
                    + " is not supported with --protocol openai_chat; remove it or use"
                    + " --protocol openai_images.");
          }
        }
      }
      String sent = SizeSolver.resolve(model, size, "--size / OPENAI_IMAGE_SIZE");
      String sizeWarning = SizeSolver.warning(model, sent);
      if (strictSize && sizeWarning != null) {
        throw new UsageException(
            "--size: "
                + sizeWarning.replace(" Sent unchanged (use --strict-size to stop instead).", "")
                + " --strict-size is set, so nothing was sent.");
      }
      return new ImageRequest(
          prompt,
          model,
          protocol,
          sent,
          quality,
          n,
          outputFormat,
          responseFormat,
          background,
          moderation,
          outputCompression,
          partialImages,
          inputFidelity,
          style,
          stream,
          user,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra)),
          List.copyOf(images),
          mask,
          autoMask);
    }

    private static void oneOf(String flag, String value, String... allowed) {
      if (value != null && !Set.of(allowed).contains(value)) {
        throw new UsageException(
            flag + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'.");
      }
    }
  }
}
