package gptimage.config;

import gptimage.UsageException;
import gptimage.client.ImageRequest;
import gptimage.client.InvalidParameterException;
import gptimage.client.Protocol;
import gptimage.json.Json;
import gptimage.output.ImageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns resolved settings and the command's own flags into a checked request. */
public final class Configuration {
  private final Settings settings;

  public Configuration(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public String baseUrl() {
    return settings.get(Setting.BASE_URL).replaceAll("/+$", "");
  }

  /** The Azure OpenAI settings where the provider is Azure, else null. */
  public AzureTarget azure() {
    return AzureTarget.of(settings);
  }

  /** The API key; with {@code required}, a missing key is an error saying where to set it. */
  public String apiKey(boolean required, Path installFolder) {
    String key = settings.get(Setting.API_KEY);
    if (key == null && required) {
      throw new UsageException(
          "No API key: set OPENAI_API_KEY in the environment, or in a .env file in the working"
              + " directory"
              + (installFolder != null ? " or in " + installFolder.resolve(".env") : "")
              + " (or pass --env-file FILE). To try the tool without a key, add --emulator.");
    }
    return key;
  }

  public Duration timeout() {
    String v = settings.get(Setting.TIMEOUT);
    try {
      double s = Double.parseDouble(v.trim());
      if (s > 0 && s <= 86_400) {
        return Duration.ofMillis((long) (s * 1000));
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new UsageException(
        Setting.TIMEOUT.label()
            + " must be a number of seconds above 0 (at most 86400), got '"
            + v
            + "'.");
  }

  public int maxRetries() {
    return integer(Setting.MAX_RETRIES, 0, 100);
  }

  public boolean emulator() {
    return bool(Setting.EMULATOR);
  }

  /** Whether local references go once to the Files API and are sent by id (default false). */
  public boolean upload() {
    return bool(Setting.UPLOAD);
  }

  /**
   * The published prices, with the {@code OPENAI_IMAGE_PRICES} file's entries over them where it is
   * set (a path, resolved against {@code cwd}).
   */
  public gptimage.client.PriceTable prices(Path cwd) {
    String file = settings.get(Setting.PRICES);
    gptimage.client.PriceTable table = gptimage.client.PriceTable.defaults();
    return file == null ? table : table.with(cwd.resolve(file), Setting.PRICES.variable());
  }

  public boolean savePartials() {
    return bool(Setting.SAVE_PARTIALS);
  }

  /**
   * The request for {@code prompt}, with {@code images} (paths as given) and {@code mask} (a path
   * or {@code auto}), resolved against {@code cwd}. Every check happens here, before anything is
   * sent.
   */
  public ImageRequest request(String prompt, List<String> images, String mask, Path cwd) {
    return request(prompt, images, mask, cwd, null);
  }

  /**
   * As {@link #request(String, List, String, Path)}, continuing the Responses API turn {@code
   * previousResponseId} (null for none).
   */
  public ImageRequest request(
      String prompt, List<String> images, String mask, Path cwd, String previousResponseId) {
    ImageRequest.Builder b = ImageRequest.builder(prompt);
    b.previousResponseId(previousResponseId);
    AzureTarget azure = azure();
    b.model(azure != null && azure.v1() ? azure.deployment() : settings.get(Setting.MODEL));
    b.protocol(Protocol.parse(settings.get(Setting.PROTOCOL)));
    b.size(settings.get(Setting.SIZE));
    b.strictSize(bool(Setting.STRICT_SIZE));
    b.quality(settings.get(Setting.QUALITY));
    b.n(requestInteger(Setting.N, ImageRequest.N));
    String format = settings.get(Setting.OUTPUT_FORMAT);
    if (format == null) {
      format = settings.get(Setting.FORMAT);
    }
    b.outputFormat(lower(format == null ? null : format.equalsIgnoreCase("jpg") ? "jpeg" : format));
    b.responseFormat(lower(settings.get(Setting.RESPONSE_FORMAT)));
    b.background(lower(settings.get(Setting.BACKGROUND)));
    b.moderation(settings.get(Setting.MODERATION));
    b.outputCompression(
        requestInteger(Setting.OUTPUT_COMPRESSION, ImageRequest.OUTPUT_COMPRESSION));
    b.partialImages(requestInteger(Setting.PARTIAL_IMAGES, ImageRequest.PARTIAL_IMAGES));
    b.inputFidelity(lower(settings.get(Setting.INPUT_FIDELITY)));
    b.style(lower(settings.get(Setting.STYLE)));
    b.stream(settings.get(Setting.STREAM) == null ? null : bool(Setting.STREAM));
    b.user(settings.get(Setting.USER));
    b.extra(extraJson());
    b.responsesModel(settings.get(Setting.RESPONSES_MODEL));
    b.action(lower(settings.get(Setting.ACTION)));
    List<Path> paths = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (String image : images) {
      if (isReference(image, cwd)) {
        refs.add(image.trim());
      } else {
        paths.add(inputImage("--image", image, cwd));
      }
    }
    b.images(paths);
    b.imageRefs(refs);
    if (mask != null) {
      if (mask.trim().equalsIgnoreCase("auto")) {
        b.autoMask();
      } else if (isReference(mask, cwd)) {
        b.maskRef(mask.trim());
      } else {
        Path m = inputImage("--mask", mask, cwd);
        b.mask(m);
      }
    }
    ImageRequest request;
    try {
      request = b.build();
    } catch (InvalidParameterException e) {
      throw new UsageException(FlagNames.message(e));
    }
    if (request.mask() != null) {
      checkMaskIsPng(request.mask());
    }
    return request;
  }

  /**
   * Whether an {@code --image} or {@code --mask} value is a reference rather than a local file: a
   * URL of any scheme (checked by the request), or a {@code file-...} id that names no local file.
   */
  private static boolean isReference(String value, Path cwd) {
    String v = value.trim();
    if (v.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") || v.startsWith("data:")) {
      return true;
    }
    return v.matches("file-[A-Za-z0-9_-]+") && !Files.exists(cwd.resolve(v));
  }

  private static void checkMaskIsPng(Path mask) {
    try {
      if (!ImageType.of(mask).extension().equals("png")) {
        throw new UsageException("--mask " + mask + " must be a PNG with an alpha channel.");
      }
    } catch (IOException e) {
      throw new UsageException("--mask " + mask + " cannot be read: " + e.getMessage());
    }
  }

  private static Path inputImage(String flag, String given, Path cwd) {
    Path p = cwd.resolve(given).toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new UsageException(flag + " " + given + ": no such file.");
    }
    if (Files.isDirectory(p)) {
      throw new UsageException(flag + " " + given + " is a folder; give an image file.");
    }
    if (!Files.isReadable(p)) {
      throw new UsageException(flag + " " + given + " cannot be read (permission denied).");
    }
    ImageType type;
    try {
      type = ImageType.of(p);
    } catch (IOException e) {
      throw new UsageException(flag + " " + given + " cannot be read: " + e.getMessage());
    }
    if (!type.isImage() || type.extension().equals("svg")) {
      throw new UsageException(
          flag + " " + given + " is not an image: its bytes are not png, jpeg, webp or gif.");
    }
    return p;
  }

  private Map<String, Object> extraJson() {
    String text = settings.get(Setting.EXTRA_JSON);
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Object tree;
    try {
      tree = Json.parse(text);
    } catch (Json.JsonFormatException e) {
      throw new UsageException(
          Setting.EXTRA_JSON.label() + " is not valid JSON: " + e.getMessage() + ".");
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new UsageException(
          Setting.EXTRA_JSON.label()
              + " must be a JSON object like {\"key\": \"value\"}, got "
              + (text.length() <= 80 ? text : text.substring(0, 80) + "...")
              + ".");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) tree;
    return map;
  }

  /**
   * An integer request field, as text; its range is checked by {@link ImageRequest.Builder#build}
   * and named here only where the text is not an integer at all.
   */
  private Integer requestInteger(Setting s, ImageRequest.Range range) {
    String v = settings.get(s);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(s.label() + " must be " + range.describe() + ", got '" + v + "'.");
    }
  }

  private int integer(Setting s, int min, int max) {
    Integer v = optionalInteger(s, min, max);
    return v == null ? Integer.parseInt(s.defaultValue()) : v;
  }

  private Integer optionalInteger(Setting s, int min, int max) {
    String v = settings.get(s);
    if (v == null) {
      return null;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new UsageException(
        s.label() + " must be an integer from " + min + " to " + max + ", got '" + v + "'.");
  }

  private boolean bool(Setting s) {
    String v = settings.get(s);
    String t = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off", "":
        return false;
      default:
        throw new UsageException(
            s.label() + " must be true or false (also 1/0, yes/no), got '" + v + "'.");
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }
}
