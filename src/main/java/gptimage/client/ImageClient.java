package gptimage.client;

import gptimage.ImageToolException;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.ImageType;
import gptimage.wire.AnswerReader;
import gptimage.wire.ApiException;
import gptimage.wire.NetworkException;
import gptimage.wire.RetryPolicy;
import gptimage.wire.SseReader;
import gptimage.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes and edits images through an OpenAI-compatible API and saves them.
 *
 * <pre>{@code
 * try (ImageClient client = ImageClient.builder().baseUrl("https://api.openai.com/v1")
 *     .apiKey(System.getenv("OPENAI_API_KEY")).build()) {
 *   ImageResult result = client.generate(
 *       ImageRequest.builder("a lighthouse at dusk").size("1536x1024").build(),
 *       SaveOptions.in(Path.of("out")));
 * }
 * }</pre>
 */
public final class ImageClient implements AutoCloseable {
  /** Image downloads larger than this are refused: no real image is near it. */
  static final long DOWNLOAD_LIMIT = 512L << 20;

  private static final Pattern MARKDOWN_IMAGE =
      Pattern.compile(
          "!\\[[^\\]]*\\]\\(\\s*<?((?:data:|https?://)[^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  private final String baseUrl;
  private final String apiKey;
  private final Transport transport;
  private final Consumer<String> log;

  /**
   * Where and how to save.
   *
   * @param folder the output folder, created where missing
   * @param stem file name stem; null for {@code gpt-image-2-<epoch-ms>}; {@code -<index>} is
   *     appended
   * @param savePartials keep streamed partial images as {@code <stem>-partial-<k>.<ext>}
   */
  public record SaveOptions(Path folder, String stem, boolean savePartials) {
    public static SaveOptions in(Path folder) {
      return new SaveOptions(folder, null, false);
    }
  }

  private ImageClient(Builder b) {
    this.baseUrl = b.baseUrl.replaceAll("/+$", "");
    this.apiKey = b.apiKey;
    this.log = b.log;
    this.transport = new Transport(b.timeout, new RetryPolicy(b.maxRetries), b.notices);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a client. Defaults: timeout 600 s, 2 retries, notices and log dropped. */
  public static final class Builder {
    private String baseUrl = "http://127.0.0.1:3688/v1";
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(600);
    private int maxRetries = 2;
    private Consumer<String> notices = s -> {};
    private Consumer<String> log = null;

    /** The API's base URL, such as {@code https://api.openai.com/v1}; trailing slashes go. */
    public Builder baseUrl(String v) {
      baseUrl = v;
      return this;
    }

    /** The bearer key; sent only in the Authorization header, only to the base URL's host. */
    public Builder apiKey(String v) {
      apiKey = v;
      return this;
    }

    /** One attempt's limit, from sending to the last byte of the answer. */
    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    /** Retries after the first attempt, for connection errors, timeouts, 408, 409, 429, 5xx. */
    public Builder maxRetries(int v) {
      maxRetries = v;
      return this;
    }

    /** Receives one line per retry. */
    public Builder notices(Consumer<String> v) {
      notices = v;
      return this;
    }

    /** Receives each request and answer line (key masked), for {@code --verbose}. */
    public Builder log(Consumer<String> v) {
      log = v;
      return this;
    }

    public ImageClient build() {
      return new ImageClient(this);
    }
  }

  /** The request as it would be sent, key masked, files described: for {@code --dry-run}. */
  public Map<String, Object> describe(ImageRequest request) {
    RequestEncoder.Encoded e = RequestEncoder.encode(request);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + Secrets.mask(apiKey));
    headers.put("Content-Type", e.body().contentType());
    headers.put("Content-Length", e.body().length());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", "POST");
    d.put("url", baseUrl + e.path());
    d.put("headers", headers);
    d.put("body", e.described());
    return d;
  }

  /**
   * Sends the request, retrying as configured, and saves every image it returns.
   *
   * @throws ImageToolException with its exit code: {@link ApiException}, {@link NetworkException},
   *     {@code OutputException}
   */
  public ImageResult generate(ImageRequest request, SaveOptions save) {
    long started = System.nanoTime();
    ImageStore store = new ImageStore(save.folder());
    store.prepare();
    RequestEncoder.Encoded encoded = RequestEncoder.encode(request);
    URI uri = URI.create(baseUrl + encoded.path());
    Collected got;
    try {
      got =
          transport.send(
              () -> {
                if (log != null) {
                  log.accept(
                      "> POST "
                          + uri
                          + " ("
                          + encoded.body().length()
                          + " bytes, "
                          + encoded.body().contentType()
                          + ")");
                }
                return HttpRequest.newBuilder(uri)
                    .timeout(transport.timeout())
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", encoded.body().contentType())
                    .header("User-Agent", "gpt-image-2-api/" + Version.VERSION)
                    .POST(encoded.body().publisher())
                    .build();
              },
              answer -> read(answer, request.protocol(), store),
              "--timeout / OPENAI_IMAGE_TIMEOUT");
      for (Found f : got.images) {
        materialise(f, store);
      }
      for (Found f : got.partials) {
        if (save.savePartials()) {
          materialise(f, store);
        }
      }
    } catch (RuntimeException e) {
      ImageStore.discardAll();
      throw e;
    }
    String stem = save.stem() != null ? save.stem() : "gpt-image-2-" + System.currentTimeMillis();
    List<SavedImage> images = new ArrayList<>();
    List<SavedImage> partials = new ArrayList<>();
    for (int i = 0; i < got.images.size(); i++) {
      images.add(keep(store, got.images.get(i), stem + "-" + (i + 1)));
    }
    for (int k = 0; k < got.partials.size(); k++) {
      Found f = got.partials.get(k);
      if (save.savePartials()) {
        partials.add(keep(store, f, stem + "-partial-" + (k + 1)));
      } else if (f.file != null) {
        store.discard(f.file);
      }
    }
    Map<String, Object> usage = got.usage;
    return new ImageResult(
        List.copyOf(images),
        List.copyOf(partials),
        usage,
        request.protocol() == Protocol.OPENAI_IMAGES
            ? Pricing.estimate(request.model(), usage)
            : null,
        got.requestId,
        request.model(),
        request.protocol(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private SavedImage keep(ImageStore store, Found f, String name) {
    Path file = store.keep(f.file, name, f.type.extension());
    return new SavedImage(
        file, f.type.mime(), sizeOf(file), f.type.width(), f.type.height(), f.revisedPrompt);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------

  /** An image found in an answer: already in a temp file, or a URL still to fetch. */
  private static final class Found {
    Path file;
    String url;
    String revisedPrompt;
    ImageType type;
  }

  private static final class Collected {
    final List<Found> images = new ArrayList<>();
    final List<Found> partials = new ArrayList<>();
    Map<String, Object> usage;
    String requestId;
  }

  private Collected read(Transport.Answer answer, Protocol protocol, ImageStore store)
      throws IOException {
    AnswerReader reader = new AnswerReader(store);
    Collected got = new Collected();
    got.requestId = answer.requestId();
    if (log != null) {
      log.accept(
          "< HTTP "
              + answer.status()
              + " "
              + answer.contentType()
              + (answer.requestId() != null ? " x-request-id: " + answer.requestId() : ""));
    }
    boolean kept = false;
    try {
      if (answer.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
        readStream(answer.body(), reader, got);
      } else {
        Object tree = reader.read(answer.body(), "answer");
        if (tree instanceof Map<?, ?> root && root.get("error") instanceof Map<?, ?> error) {
          throw new ApiException(
              answer.status(),
              str(error.get("code")),
              str(error.get("param")),
              got.requestId,
              "Image API failed with HTTP "
                  + answer.status()
                  + ": "
                  + error.get("message")
                  + (got.requestId != null ? " [request id " + got.requestId + "]" : ""));
        }
        if (protocol == Protocol.OPENAI_CHAT) {
          readChat(tree, got);
        } else {
          if (Json.at(tree, "data") instanceof List<?> data) {
            for (Object item : data) {
              addFound(item, got.images, null);
            }
          }
          got.usage = usageOf(Json.at(tree, "usage"));
        }
        if (got.images.isEmpty()) {
          String summary = summarise(tree, protocol);
          throw new NetworkException(summary, false, null);
        }
      }
      kept = true;
      return got;
    } finally {
      if (!kept) {
        for (Path p : reader.spooled()) {
          store.discard(p);
        }
      }
    }
  }

  private void readStream(InputStream body, AnswerReader reader, Collected got) throws IOException {
    SseReader sse = new SseReader(body);
    SseReader.Event event;
    boolean sawAny = false;
    while ((event = sse.next()) != null) {
      InputStream data = new java.io.BufferedInputStream(event.data(), 16);
      data.mark(16);
      byte[] head = data.readNBytes(6);
      data.reset();
      if (new String(head, StandardCharsets.US_ASCII).startsWith("[DONE]")) {
        break;
      }
      if (head.length == 0) {
        continue;
      }
      Object tree = reader.read(data, "stream event");
      sawAny = true;
      if (Json.at(tree, "error") != null) {
        Object e = Json.at(tree, "error");
        String message =
            e instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : String.valueOf(e);
        throw new ApiException(
            200,
            e instanceof Map<?, ?> m ? str(m.get("code")) : null,
            null,
            got.requestId,
            "Image API stream failed: "
                + message
                + (got.requestId != null ? " [request id " + got.requestId + "]" : ""));
      }
      String type = str(Json.at(tree, "type"));
      if (type != null && type.endsWith(".partial_image")) {
        addFound(tree, got.partials, null);
      } else if (type == null || type.endsWith(".completed")) {
        addFound(tree, got.images, null);
        got.usage = sum(got.usage, usageOf(Json.at(tree, "usage")));
      }
    }
    if (got.images.isEmpty()) {
      for (Found partial : got.partials) {
        if (partial.file != null) {
          reader.spooled().remove(partial.file);
          Files.deleteIfExists(partial.file);
        }
      }
      throw new NetworkException(
          sawAny
              ? "The image stream ended without a completed image ("
                  + got.partials.size()
                  + " partial images arrived)"
                  + (got.requestId != null ? " [request id " + got.requestId + "]" : "")
                  + "."
              : "The image stream ended before any event arrived.",
          true,
          null);
    }
  }

  private void readChat(Object tree, Collected got) {
    Object message = Json.at(tree, "choices", 0, "message");
    Object content = Json.at(message, "content");
    if (content instanceof String text) {
      addMarkdown(text, got.images);
    } else if (content instanceof List<?> parts) {
      for (Object part : parts) {
        if (part instanceof Map<?, ?> p && p.get("text") instanceof String text) {
          addMarkdown(text, got.images);
        } else {
          addFound(part, got.images, null);
        }
      }
    }
    if (Json.at(message, "images") instanceof List<?> images) {
      for (Object image : images) {
        addFound(image, got.images, null);
      }
    }
    got.usage = usageOf(Json.at(tree, "usage"));
  }

  private static void addMarkdown(String text, List<Found> into) {
    Matcher m = MARKDOWN_IMAGE.matcher(text);
    while (m.find()) {
      addFound(m.group(1), into, null);
    }
  }

  /** Finds the image in one answer item, in any of the shapes gateways use. */
  private static void addFound(Object item, List<Found> into, String revised) {
    if (item instanceof AnswerReader.Spooled s) {
      Found f = new Found();
      f.file = s.file();
      f.revisedPrompt = revised;
      into.add(f);
    } else if (item instanceof String s
        && (s.startsWith("data:") || s.startsWith("http://") || s.startsWith("https://"))) {
      Found f = new Found();
      f.url = s;
      f.revisedPrompt = revised;
      into.add(f);
    } else if (item instanceof Map<?, ?> m) {
      String rp = m.get("revised_prompt") instanceof String r ? r : revised;
      for (String key :
          new String[] {"b64_json", "image_base64", "b64", "url", "image_url", "image"}) {
        Object v = m.get(key);
        if (v instanceof Map<?, ?> nested && key.equals("image_url")) {
          v = nested.get("url");
        }
        if (v instanceof String s && (key.startsWith("b64") || key.equals("image_base64"))) {
          v = "data:;base64," + s; // a short base64 value, read as a string by the tree reader
        }
        if (v != null) {
          int before = into.size();
          addFound(v, into, rp);
          if (into.size() > before) {
            return;
          }
        }
      }
    }
  }

  /** Turns a URL or data URL into a temp file and reads its real type. */
  private void materialise(Found f, ImageStore store) {
    if (f.file == null) {
      Path temp = store.newTemp();
      f.file = temp;
      try (OutputStream out = store.open(temp)) {
        if (f.url.startsWith("data:")) {
          int comma = f.url.indexOf(',');
          if (comma < 0 || !f.url.substring(0, comma).endsWith(";base64")) {
            throw new NetworkException(
                "The answer's data URL is not base64 (" + cut(f.url, 60) + ").", false, null);
          }
          try (InputStream in =
              Base64.getMimeDecoder()
                  .wrap(
                      new java.io.ByteArrayInputStream(
                          f.url.substring(comma + 1).getBytes(StandardCharsets.ISO_8859_1)))) {
            in.transferTo(out);
          } catch (IOException | IllegalArgumentException e) {
            throw new NetworkException("The answer's image is not valid base64.", false, e);
          }
        } else {
          if (log != null) {
            log.accept("> GET " + f.url + " (no key)");
          }
          transport.download(URI.create(f.url), out, DOWNLOAD_LIMIT);
        }
      } catch (IOException e) {
        throw new gptimage.output.OutputException(
            "Cannot write " + temp + ": " + e.getMessage(), e);
      }
    }
    try {
      f.type = ImageType.of(f.file);
    } catch (IOException e) {
      throw new gptimage.output.OutputException("Cannot read back " + f.file, e);
    }
    if (!f.type.isImage()) {
      throw new NetworkException(
          (f.url != null && !f.url.startsWith("data:")
                  ? "The download from " + cut(f.url, 120)
                  : "The answer's image")
              + " is not an image (not png, jpeg, webp, gif or svg).",
          false,
          null);
    }
  }

  private static String summarise(Object tree, Protocol protocol) {
    if (protocol == Protocol.OPENAI_CHAT) {
      Object content = Json.at(tree, "choices", 0, "message", "content");
      String text = content instanceof String s ? s : content == null ? "" : Json.toJson(content);
      return "The chat answer has no image. The assistant said: " + cut(text, 1000);
    }
    return "Image API response returned no image for "
        + protocol.wireName()
        + ". Upstream response: "
        + cut(Json.toJson(tree), 500);
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> usageOf(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  /** Adds two usage objects key by key, nested objects too. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> sum(Map<String, Object> a, Map<String, Object> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Map<String, Object> out = new LinkedHashMap<>(a);
    for (Map.Entry<String, Object> e : b.entrySet()) {
      Object x = out.get(e.getKey());
      Object y = e.getValue();
      if (x instanceof Number nx && y instanceof Number ny) {
        out.put(e.getKey(), nx.longValue() + ny.longValue());
      } else if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
        out.put(e.getKey(), sum((Map<String, Object>) mx, (Map<String, Object>) my));
      } else if (x == null) {
        out.put(e.getKey(), y);
      }
    }
    return out;
  }

  @Override
  public void close() {
    transport.close();
  }
}
