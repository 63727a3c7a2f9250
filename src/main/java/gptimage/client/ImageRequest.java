package gptimage.client;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image request, checked: a generation when {@code images} is empty, an edit otherwise.
 * Optional values are null where not set, and then not sent. Build with {@link #builder}.
 *
 * @param mask a PNG path, or null; see {@link #autoMask}
 * @param autoMask send {@code mask=auto} (a gateway's automatic mask) instead of a file
 * @param responsesModel the mainline model of {@link Protocol#OPENAI_RESPONSES}, which calls the
 *     image tool ({@code model} is then the tool's model)
 * @param action the image tool's {@code action} ({@code generate}, {@code edit}, {@code auto}), or
 *     null
 * @param previousResponseId the Responses API's {@code previous_response_id}: the turn this one
 *     continues, or null
 * @param imageRefs input images by reference, after {@link #images}: {@code https://} or {@code
 *     data:} URLs, or Files API ids ({@code file-...}); sent as they are, never downloaded
 * @param maskRef the mask by reference, or null
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
    boolean autoMask,
    String responsesModel,
    String action,
    String previousResponseId,
    List<String> imageRefs,
    String maskRef) {

  /** The mainline model of the Responses protocol unless one is set: {@value}. */
  public static final String DEFAULT_RESPONSES_MODEL = "gpt-5.4";

  /** Images per request ({@code n}): 1 to 10. */
  public static final Range N = new Range(1, 10);

  /** {@code output_compression}, percent: 0 to 100. */
  public static final Range OUTPUT_COMPRESSION = new Range(0, 100);

  /** {@code partial_images} per streamed image: 0 to 3. */
  public static final Range PARTIAL_IMAGES = new Range(0, 3);

  /** Input images of one edit, at most. */
  public static final int MAX_IMAGES = 16;

  /** Whether this is an edit (it has input images) rather than a generation. */
  public boolean isEdit() {
    return !images.isEmpty() || !imageRefs.isEmpty();
  }

  /** Whether a reference is a Files API id ({@code file-...}) rather than a URL. */
  public static boolean isFileId(String ref) {
    return ref.startsWith("file-");
  }

  /** A builder for {@code prompt} (trimmed; it must not be empty), with the defaults below. */
  public static Builder builder(String prompt) {
    return new Builder(prompt);
  }

  /**
   * Sets the request's values; {@link #build()} checks them all, and its messages name the API
   * field at fault ({@link InvalidParameterException#param()}). Defaults: model {@code
   * gpt-image-2}, protocol openai_images, size {@code 1024x1024}, n 1; every other value unset, and
   * then not sent. A size may also be a ratio or a preset ({@code 16:9@2K}), solved by {@link
   * SizeSolver} to the nearest size the model takes.
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
    private String responsesModel = DEFAULT_RESPONSES_MODEL;
    private String action;
    private String previousResponseId;
    private List<String> imageRefs = List.of();
    private String maskRef;
    private boolean strictSize;

    Builder(String prompt) {
      this.prompt = prompt == null ? "" : prompt.trim();
    }

    /**
     * The model, such as {@code gpt-image-2}, {@code gpt-image-1.5}, {@code gpt-image-1}, {@code
     * gpt-image-1-mini}, {@code dall-e-3}; any name the API serves. Default {@code gpt-image-2}.
     */
    public Builder model(String v) {
      model = v;
      return this;
    }

    /**
     * How the request is sent: {@link Protocol#OPENAI_IMAGES} (default) or {@link
     * Protocol#OPENAI_CHAT} (a chat completion, for gateways that draw in chat).
     */
    public Builder protocol(Protocol v) {
      protocol = v;
      return this;
    }

    /**
     * {@code WIDTHxHEIGHT} in pixels (such as {@code 1536x1024}) or {@code auto}; what is allowed
     * depends on the model. Default {@code 1024x1024}; null to leave it to the API.
     */
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

    /**
     * {@code low}, {@code medium}, {@code high} or {@code auto} for gpt-image models ({@code
     * standard}, {@code hd} for dall-e-3); null (default) to leave it to the API.
     */
    public Builder quality(String v) {
      quality = v;
      return this;
    }

    /** Images to make, {@link #N}: 1 to 10. Default 1. */
    public Builder n(int v) {
      n = v;
      return this;
    }

    /**
     * {@code png}, {@code jpeg}, {@code webp} (gpt-image models; also {@code gif}, {@code svg} for
     * gateways that serve them); null (default): the API's, png.
     */
    public Builder outputFormat(String v) {
      outputFormat = v;
      return this;
    }

    /**
     * {@code url} or {@code b64_json} (dall-e models; gpt-image models always answer base64); null
     * (default) not sent.
     */
    public Builder responseFormat(String v) {
      responseFormat = v;
      return this;
    }

    /**
     * {@code transparent} (needs png or webp), {@code opaque} or {@code auto}; null (default) to
     * leave it to the API.
     */
    public Builder background(String v) {
      background = v;
      return this;
    }

    /** {@code low} or {@code auto}; null (default) to leave it to the API (auto). */
    public Builder moderation(String v) {
      moderation = v;
      return this;
    }

    /**
     * For jpeg and webp output, percent, {@link #OUTPUT_COMPRESSION}: 0 to 100; null (default): the
     * API's, 100.
     */
    public Builder outputCompression(Integer v) {
      outputCompression = v;
      return this;
    }

    /**
     * Partial images per image while streaming, {@link #PARTIAL_IMAGES}: 0 to 3; null (default) not
     * sent.
     */
    public Builder partialImages(Integer v) {
      partialImages = v;
      return this;
    }

    /**
     * For edits: {@code high} or {@code low}, how closely the input images' faces and details are
     * kept; null (default) not sent.
     */
    public Builder inputFidelity(String v) {
      inputFidelity = v;
      return this;
    }

    /** For dall-e-3 generations: {@code vivid} or {@code natural}; null (default) not sent. */
    public Builder style(String v) {
      style = v;
      return this;
    }

    /**
     * {@code true} to receive the images as a server-sent event stream (partial images first, when
     * asked); null (default) not sent: one JSON answer.
     */
    public Builder stream(Boolean v) {
      stream = v;
      return this;
    }

    /**
     * An id for the person using your program, passed to the API for abuse monitoring; null
     * (default) not sent.
     */
    public Builder user(String v) {
      user = v;
      return this;
    }

    /** A JSON object (as maps, lists, strings, numbers) merged last into the request. */
    public Builder extra(Map<String, Object> v) {
      extra = v;
      return this;
    }

    /**
     * Input images, in order, read from disk when sent (PNG, JPEG, WebP or GIF; at most {@link
     * #MAX_IMAGES}); any makes the request an edit. Default none.
     */
    public Builder images(List<Path> v) {
      images = v;
      return this;
    }

    /** A PNG whose transparent pixels mark where to edit; needs an image. Default none. */
    public Builder mask(Path v) {
      mask = v;
      autoMask = false;
      return this;
    }

    /** Sends {@code mask=auto}: a gateway's automatic mask instead of a file. */
    public Builder autoMask() {
      mask = null;
      autoMask = true;
      return this;
    }

    /**
     * The mainline model that calls the image tool with {@link Protocol#OPENAI_RESPONSES}. Default
     * {@value ImageRequest#DEFAULT_RESPONSES_MODEL}.
     */
    public Builder responsesModel(String v) {
      responsesModel = v;
      return this;
    }

    /**
     * With {@link Protocol#OPENAI_RESPONSES}: the image tool's {@code action}, {@code generate},
     * {@code edit} or {@code auto}; null (default) not sent (the API's auto).
     */
    public Builder action(String v) {
      action = v;
      return this;
    }

    /**
     * With {@link Protocol#OPENAI_RESPONSES}: the id ({@code resp_...}) of the response this turn
     * continues, whose image the tool can then edit; null (default) for a new conversation.
     */
    public Builder previousResponseId(String v) {
      previousResponseId = v;
      return this;
    }

    /**
     * Input images by reference, sent after the {@link #images} files: {@code https://} (or {@code
     * http://}) URLs, {@code data:} URLs, or Files API ids ({@code file-...}). They are never
     * downloaded: the API fetches them. Such an edit goes as JSON (Images API) or as {@code
     * input_image} parts (Responses). Default none.
     */
    public Builder imageRefs(List<String> v) {
      imageRefs = v;
      return this;
    }

    /** The mask by reference (a URL or {@code file-...} id) instead of a file. Default none. */
    public Builder maskRef(String v) {
      maskRef = v;
      return this;
    }

    /**
     * Checks every value against what is allowed and returns the request.
     *
     * @throws InvalidParameterException naming the API field, the value and what is allowed
     */
    public ImageRequest build() {
      ImageRequest asked = request(size);
      RequestRules.check(asked);
      String sent = SizeCheck.sent(model, size, strictSize); // after the rules, as it always was
      return java.util.Objects.equals(sent, size) ? asked : request(sent);
    }

    /** The request with these values and this size. */
    private ImageRequest request(String withSize) {
      return new ImageRequest(
          prompt,
          model,
          protocol,
          withSize,
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
          autoMask,
          responsesModel,
          action,
          previousResponseId,
          List.copyOf(imageRefs),
          maskRef);
    }
  }

  /**
   * The integers a field allows, both ends included.
   *
   * @param min the least allowed
   * @param max the most allowed
   */
  public record Range(int min, int max) {
    /** As messages say it: {@code an integer from 0 to 100}. */
    public String describe() {
      return "an integer from " + min + " to " + max;
    }

    void check(String field, Integer value) {
      if (value != null && (value < min || value > max)) {
        throw new InvalidParameterException(
            field, "<<" + field + ">> must be " + describe() + ", got '" + value + "'.");
      }
    }
  }
}
