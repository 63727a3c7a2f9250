package gptimage.client;

import gptimage.ImageToolException;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.ImageType;
import gptimage.wire.AnswerReader;
import gptimage.wire.ApiException;
import gptimage.wire.Body;
import gptimage.wire.NetworkException;
import gptimage.wire.Request;
import gptimage.wire.RetryPolicy;
import gptimage.wire.SseReader;
import gptimage.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
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
  private final long downloadLimit;

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
    this.transport = new Transport(b.timeout, new RetryPolicy(b.maxRetries), b.notices, b.proxies);
    this.downloadLimit = b.downloadLimit;
    if (b.onRetry != null) {
      transport.retryListener(b.onRetry);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings for a client. Defaults: timeout 600 s, 2 retries, notices and log dropped, no proxy,
   * downloads up to 512 MB.
   */
  public static final class Builder {
    private String baseUrl = "http://127.0.0.1:3688/v1";
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(600);
    private int maxRetries = 2;
    private Consumer<String> notices = s -> {};
    private Consumer<String> log = null;
    private gptimage.wire.ProxyRules proxies;
    private long downloadLimit = DOWNLOAD_LIMIT;
    private Transport.RetryListener onRetry;

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

    /** Proxies to go through, as {@link gptimage.wire.ProxyRules#fromEnvironment} reads them. */
    public Builder proxies(gptimage.wire.ProxyRules v) {
      proxies = v;
      return this;
    }

    /** The most bytes accepted from an image URL; bigger downloads fail. */
    public Builder downloadLimit(long bytes) {
      downloadLimit = bytes;
      return this;
    }

    /** Hears of each retry (its status and wait), on the thread that sends. */
    public Builder onRetry(Transport.RetryListener v) {
      onRetry = v;
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
   * Sends the request, retrying as configured, and saves every image it returns. A streamed image
   * is saved the moment its {@code completed} event has arrived; where the stream then breaks, the
   * images already saved are kept and the result says what is missing ({@link
   * ImageResult#incomplete()}) rather than paying for them again with a retry.
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
    String stem = save.stem() != null ? save.stem() : "gpt-image-2-" + System.currentTimeMillis();
    Collected got = new Collected(store, stem, save.savePartials());
    try {
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
            return Request.post(uri, encoded.body())
                .header("Authorization", "Bearer " + apiKey)
                .header("User-Agent", "gpt-image-2-api/" + Version.VERSION);
          },
          answer -> read(answer, request.protocol(), got),
          "--timeout / OPENAI_IMAGE_TIMEOUT");
      for (int i = 0; i < got.pending.size(); i++) {
        try {
          got.keepImage(got.pending.get(i));
        } catch (ImageToolException e) {
          if (got.images.isEmpty() || e instanceof Transport.Interrupted) {
            throw e;
          }
          got.incomplete =
              e.getMessage() + " Saved " + got.images.size() + " of " + got.pending.size() + ".";
          break;
        }
      }
    } catch (RuntimeException e) {
      got.discardUnkept(); // this call's temps only: other calls may be saving beside it
      throw e;
    }
    got.discardUnkept();
    Map<String, Object> usage = got.usage;
    Double fromUsage =
        request.protocol() == Protocol.OPENAI_IMAGES
            ? Pricing.estimate(request.model(), usage)
            : null;
    Double estimated =
        fromUsage == null && request.protocol() == Protocol.OPENAI_IMAGES
            ? Pricing.estimate(request)
            : null;
    return new ImageResult(
        List.copyOf(got.images),
        List.copyOf(got.partials),
        usage,
        fromUsage != null ? fromUsage : estimated,
        got.requestId,
        request.model(),
        request.protocol(),
        (System.nanoTime() - started) / 1_000_000,
        got.incomplete,
        sentSize(request),
        ImageResult.warningsFor(request, got.images, got.incomplete == null),
        fromUsage != null ? "usage" : estimated != null ? "estimate" : null);
  }

  // ---- the Batch API: files, batches, and saving the answers they bring ----

  /** The path a request takes in a Batch API input file. */
  public static String batchEndpoint(ImageRequest request) {
    return RequestEncoder.batchEndpoint(request);
  }

  /** Writes the request as one Batch API input line; images are streamed from disk. */
  public static long writeBatchLine(ImageRequest request, String customId, OutputStream out)
      throws IOException {
    Body line = RequestEncoder.batchLine(request, customId);
    line.writeTo(out);
    return line.length();
  }

  /** GETs {@code path} (under the base URL) as a JSON object, with the key, retrying as set. */
  public Map<String, Object> getJson(String path) {
    return call(() -> authorized(Request.get(uri(path))), path);
  }

  /** POSTs a JSON body to {@code path} and reads the JSON object answered. */
  public Map<String, Object> postJson(String path, Object body) {
    String json = Json.toJson(body);
    return call(
        () -> authorized(Request.post(uri(path), new Body("application/json").text(json))), path);
  }

  /** Uploads a file as {@code POST /files} does it: multipart, with its purpose. */
  public Map<String, Object> uploadFile(Path file, String purpose, String contentType) {
    String boundary =
        "----gpt-image-2-api-" + java.util.UUID.randomUUID().toString().replace("-", "");
    long size = sizeOf(file);
    Body body =
        new Body("multipart/form-data; boundary=" + boundary)
            .text(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                    + purpose
                    + "\r\n--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getFileName()
                    + "\"\r\nContent-Type: "
                    + contentType
                    + "\r\n\r\n")
            .file(file, size)
            .text("\r\n--" + boundary + "--\r\n");
    return call(() -> authorized(Request.post(uri("/files"), body)), "/files");
  }

  /** Downloads {@code path} (a file's content) into {@code target}, streamed. */
  public void download(String path, Path target) {
    transport.send(
        () -> authorized(Request.get(uri(path))),
        answer -> {
          try (OutputStream out = Files.newOutputStream(target)) {
            answer.body().transferTo(out);
          }
          return null;
        },
        "--timeout / OPENAI_IMAGE_TIMEOUT");
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private Request authorized(Request r) {
    return r.header("Authorization", "Bearer " + apiKey)
        .header("User-Agent", "gpt-image-2-api/" + Version.VERSION);
  }

  private Map<String, Object> call(java.util.function.Supplier<Request> request, String path) {
    return transport.send(
        () -> {
          Request r = request.get();
          if (log != null) {
            log.accept("> " + r.method() + " " + r.uri());
          }
          return r;
        },
        answer -> {
          Object tree =
              Json.parse(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
          if (!(tree instanceof Map<?, ?>)) {
            throw new NetworkException(
                "The answer to " + path + " is not a JSON object.", false, null);
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) tree;
          return map;
        },
        "--timeout / OPENAI_IMAGE_TIMEOUT");
  }

  /**
   * Reads a Batch API output or error file, streamed: each line's images are decoded to temporary
   * files in {@code folder} as they are read, and {@code each} gets the line's tree (with {@link
   * AnswerReader.Spooled} in place of base64). The temporary files not saved by {@link #saveAnswer}
   * are removed after each line.
   */
  public void readBatchOutput(Path file, Path folder, java.util.function.Consumer<Object> each) {
    ImageStore store = new ImageStore(folder);
    AnswerReader reader = new AnswerReader(store);
    try (InputStream in = Files.newInputStream(file)) {
      reader.readEach(in, each);
    } catch (RuntimeException e) {
      reader.spooled().forEach(store::discard);
      throw e;
    } catch (IOException e) {
      throw new gptimage.output.OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves the images of an answer already read (one Batch API output line's {@code body}) as {@link
   * #generate} would: same names, same checks.
   */
  public ImageResult saveAnswer(
      Object answer, ImageRequest request, SaveOptions save, String requestId) {
    long started = System.nanoTime();
    ImageStore store = new ImageStore(save.folder());
    String stem = save.stem() != null ? save.stem() : "gpt-image-2-" + System.currentTimeMillis();
    Collected got = new Collected(store, stem, false);
    got.requestId = requestId;
    if (Json.at(answer, "data") instanceof List<?> data) {
      for (Object item : data) {
        addFound(item, got.pending, null);
      }
    }
    got.usage = usageOf(Json.at(answer, "usage"));
    if (got.pending.isEmpty()) {
      throw new NetworkException(summarise(answer, Protocol.OPENAI_IMAGES), false, null);
    }
    for (Found f : got.pending) {
      got.keepImage(f);
    }
    Double batchCost = Pricing.estimate(request.model(), got.usage);
    return new ImageResult(
        List.copyOf(got.images),
        List.of(),
        got.usage,
        batchCost,
        requestId,
        request.model(),
        request.protocol(),
        (System.nanoTime() - started) / 1_000_000,
        null,
        sentSize(request),
        List.of(), // the request here may be only prompt and model: no truth check against it
        batchCost == null ? null : "usage");
  }

  private static String sentSize(ImageRequest request) {
    return request.protocol() == Protocol.OPENAI_IMAGES ? request.size() : null;
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

  /** What an answer brought: images saved as they became final, and those still to save. */
  private final class Collected {
    final ImageStore store;
    final String stem;
    final boolean savePartials;
    final List<Found> pending = new ArrayList<>();
    final List<SavedImage> images = new ArrayList<>();
    final List<SavedImage> partials = new ArrayList<>();
    final List<Path> temps = new ArrayList<>();
    Map<String, Object> usage;
    String requestId;
    String incomplete;

    Collected(ImageStore store, String stem, boolean savePartials) {
      this.store = store;
      this.stem = stem;
      this.savePartials = savePartials;
    }

    void keepImage(Found f) {
      images.add(keep(f, stem + "-" + (images.size() + 1)));
    }

    void partial(Found f) {
      if (savePartials) {
        partials.add(keep(f, stem + "-partial-" + (partials.size() + 1)));
      } else if (f.file != null) {
        store.discard(f.file);
      }
    }

    private SavedImage keep(Found f, String name) {
      Path file;
      try {
        materialise(f, store);
        file = store.keep(f.file, name, f.type.extension());
      } catch (RuntimeException e) {
        if (f.file != null) {
          store.discard(f.file);
        }
        throw e;
      }
      return new SavedImage(
          file, f.type.mime(), sizeOf(file), f.type.width(), f.type.height(), f.revisedPrompt);
    }

    /** Removes temp files of an attempt that failed or of images not saved. */
    void discardUnkept() {
      for (Path p : temps) {
        store.discard(p);
      }
      temps.clear();
    }
  }

  private Collected read(Transport.Answer answer, Protocol protocol, Collected got)
      throws IOException {
    AnswerReader reader = new AnswerReader(got.store);
    got.discardUnkept(); // a retried attempt starts clean
    got.pending.clear();
    got.requestId = answer.requestId();
    if (log != null) {
      log.accept(
          "< HTTP "
              + answer.status()
              + " "
              + answer.contentType()
              + (answer.requestId() != null ? " x-request-id: " + answer.requestId() : ""));
    }
    try {
      if (answer.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
        readStream(answer, reader, got);
        return got;
      }
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
            addFound(item, got.pending, null);
          }
        }
        got.usage = usageOf(Json.at(tree, "usage"));
      }
      if (got.pending.isEmpty()) {
        throw new NetworkException(summarise(tree, protocol), false, null);
      }
      return got;
    } finally {
      got.temps.addAll(reader.spooled());
    }
  }

  private void readStream(Transport.Answer answer, AnswerReader reader, Collected got)
      throws IOException {
    SseReader sse = new SseReader(answer.body());
    boolean sawAny = false;
    int partialsSeen = 0;
    try {
      SseReader.Event event;
      while ((event = sse.next()) != null) {
        InputStream data = new java.io.BufferedInputStream(event.data(), 16);
        data.mark(16);
        byte[] head = data.readNBytes(6);
        data.reset();
        if (new String(head, StandardCharsets.US_ASCII).startsWith("[DONE]")) {
          sawAny = true;
          break;
        }
        if (head.length == 0) {
          continue;
        }
        int before = reader.spooled().size();
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
        List<Found> found = new ArrayList<>();
        if (type != null && type.endsWith(".partial_image")) {
          addFound(tree, found, null);
          partialsSeen += found.size();
          found.forEach(got::partial);
        } else if (type == null || type.endsWith(".completed")) {
          addFound(tree, found, null);
          found.forEach(got::keepImage);
          got.usage = Usage.sum(got.usage, usageOf(Json.at(tree, "usage")));
        }
        reader.spooled().subList(before, reader.spooled().size()).clear(); // kept or discarded
      }
    } catch (IOException | ImageToolException e) {
      if (got.images.isEmpty() || e instanceof Transport.Interrupted) {
        dropPartials(got);
        if (e instanceof IOException || e instanceof NetworkException) {
          throw new NetworkException(
              "The image stream broke off before a completed image arrived ("
                  + partialsSeen
                  + " partial images had)"
                  + (got.requestId != null ? " [request id " + got.requestId + "]" : "")
                  + ": "
                  + e.getMessage(),
              !(e instanceof NetworkException n) || n.retryable(),
              e);
        }
        throw e;
      }
      got.incomplete =
          (answer.timedOut().getAsBoolean()
                  ? "The stream took longer than the --timeout"
                  : "The stream broke off (" + e.getMessage() + ")")
              + " after "
              + got.images.size()
              + " completed image"
              + (got.images.size() == 1 ? "" : "s")
              + "; those are saved, the rest did not arrive"
              + (got.requestId != null ? " [request id " + got.requestId + "]" : "")
              + ".";
      return;
    }
    if (got.images.isEmpty()) {
      dropPartials(got);
      throw new NetworkException(
          sawAny
              ? "The image stream ended without a completed image ("
                  + partialsSeen
                  + " partial images arrived)"
                  + (got.requestId != null ? " [request id " + got.requestId + "]" : "")
                  + "."
              : "The image stream ended before any event arrived.",
          !sawAny, // a stream that ended properly without an image would end so again
          null);
    }
  }

  /** Partials are kept only beside a completed image: a failed attempt leaves none. */
  private static void dropPartials(Collected got) throws IOException {
    for (SavedImage p : got.partials) {
      Files.deleteIfExists(p.file());
    }
    got.partials.clear();
  }

  private void readChat(Object tree, Collected got) {
    Object message = Json.at(tree, "choices", 0, "message");
    Object content = Json.at(message, "content");
    if (content instanceof String text) {
      addMarkdown(text, got.pending);
    } else if (content instanceof List<?> parts) {
      for (Object part : parts) {
        if (part instanceof Map<?, ?> p && p.get("text") instanceof String text) {
          addMarkdown(text, got.pending);
        } else {
          addFound(part, got.pending, null);
        }
      }
    }
    if (Json.at(message, "images") instanceof List<?> images) {
      for (Object image : images) {
        addFound(image, got.pending, null);
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
          transport.download(URI.create(f.url), out, downloadLimit);
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

  @Override
  public void close() {
    transport.close();
  }
}
