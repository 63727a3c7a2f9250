package gptimage.client;

import gptimage.output.ImageStore;
import gptimage.wire.Request;
import gptimage.wire.RetryPolicy;
import gptimage.wire.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

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
 *
 * <p>Or read the key, base URL, timeout, retries and proxies as the command does, from the
 * environment and then a {@code .env} file: {@code ImageClient.fromEnv(System.getenv(),
 * Path.of(""))}; {@link gptimage.config.ClientConfig#fromEnv} gives those settings to adjust first.
 *
 * <p>Errors are {@link gptimage.ImageToolException}s: {@link gptimage.UsageException} for a request
 * that was not sent, {@link gptimage.wire.ApiException} (one subclass per status, and {@link
 * gptimage.wire.RefusalException}) where the API answered with an error after the retries, {@link
 * gptimage.wire.NetworkException}, and {@link gptimage.output.OutputException} where a file could
 * not be saved.
 */
public final class ImageClient implements AutoCloseable {
  /** Image downloads larger than this are refused: no real image is near it. */
  static final long DOWNLOAD_LIMIT = 512L << 20;

  private final Provider provider;
  final Transport transport;
  final Consumer<String> log;
  private final long downloadLimit;
  final String timeoutName;
  private final BatchApiClient batches;

  /**
   * Where and how to save.
   *
   * @param folder the output folder, created where missing
   * @param stem file name stem; null for {@code gpt-image-2-<epoch-ms>}; {@code -<index>} is
   *     appended
   * @param savePartials keep streamed partial images as {@code <stem>-partial-<k>.<ext>}
   */
  public record SaveOptions(Path folder, String stem, boolean savePartials) {
    /** Saves in {@code folder}, under the default stem, without partial images. */
    public static SaveOptions in(Path folder) {
      return new SaveOptions(folder, null, false);
    }
  }

  private ImageClient(Builder b) {
    this.provider = b.provider != null ? b.provider : Provider.openAi(b.baseUrl, b.apiKey);
    this.log = b.log;
    this.transport =
        new Transport(
            b.timeout,
            new RetryPolicy(b.maxRetries),
            b.notices,
            b.proxies,
            gptimage.wire.Sleeper.SYSTEM,
            b.trust);
    this.downloadLimit = b.downloadLimit;
    this.timeoutName = b.timeoutName;
    if (b.onRetry != null) {
      transport.retryListener(b.onRetry);
    }
    this.batches = new BatchApiClient(this);
  }

  /**
   * A client set up from {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code
   * OPENAI_IMAGE_TIMEOUT}, {@code OPENAI_IMAGE_MAX_RETRIES} and the proxy variables in {@code env},
   * and for what those leave unset, in {@code cwd/.env}; see {@link gptimage.config.ClientConfig}.
   *
   * @throws gptimage.UsageException where no key is set or a value is not allowed
   */
  public static ImageClient fromEnv(Map<String, String> env, Path cwd) {
    return gptimage.config.ClientConfig.fromEnv(env, cwd).newClient();
  }

  /** A builder with the defaults listed on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings for a client. Defaults: base URL {@code http://127.0.0.1:3688/v1} (the emulator), no
   * key, timeout 600 s, 2 retries, notices and log dropped, no proxy, the JDK's default trust for
   * https, downloads up to 512 MB.
   */
  public static final class Builder {
    private String baseUrl = "http://127.0.0.1:3688/v1";
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(600);
    private int maxRetries = 2;
    private Consumer<String> notices = s -> {};
    private Consumer<String> log = null;
    private gptimage.wire.ProxyRules proxies;
    private gptimage.wire.Trust trust = gptimage.wire.Trust.defaults();
    private long downloadLimit = DOWNLOAD_LIMIT;
    private Transport.RetryListener onRetry;
    private String timeoutName = "ImageClient.Builder.timeout";
    private Provider provider;

    Builder() {}

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

    /**
     * Where requests go and how the credential travels, such as an {@link AzureProvider}; when set,
     * {@link #baseUrl} and {@link #apiKey} are not used. Default: OpenAI's shape at the base URL.
     */
    public Builder provider(Provider v) {
      provider = v;
      return this;
    }

    /** One attempt's limit, from sending to the last byte of the answer. Default 600 s. */
    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    /**
     * Retries after the first attempt, for connection errors, timeouts, 408, 409, 429, 5xx. Default
     * 2.
     */
    public Builder maxRetries(int v) {
      maxRetries = v;
      return this;
    }

    /** Receives one line per retry. Default: dropped. */
    public Builder notices(Consumer<String> v) {
      notices = v;
      return this;
    }

    /** Receives each request and answer line (key masked), for {@code --verbose}; null: none. */
    public Builder log(Consumer<String> v) {
      log = v;
      return this;
    }

    /** Proxies to go through, as {@link gptimage.wire.ProxyRules#fromEnvironment} reads them. */
    public Builder proxies(gptimage.wire.ProxyRules v) {
      proxies = v;
      return this;
    }

    /**
     * Which https certificates to accept: {@link gptimage.wire.Trust#defaults()} (the JDK's trust
     * store), or that plus the CA certificates of PEM files ({@link
     * gptimage.wire.Trust#withExtra}).
     */
    public Builder trust(gptimage.wire.Trust v) {
      trust = v;
      return this;
    }

    /** The most bytes accepted from an image URL; bigger downloads fail. Default 512 MB. */
    public Builder downloadLimit(long bytes) {
      downloadLimit = bytes;
      return this;
    }

    /**
     * How timeout messages name the limit, so that the reader knows what to raise. Default {@code
     * ImageClient.Builder.timeout}; the command names its flag and variable.
     */
    public Builder timeoutName(String v) {
      timeoutName = v;
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
    RequestEncoder.Encoded e = RequestEncoder.encode(request, provider);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.putAll(provider.maskedCredential());
    headers.put("Content-Type", e.body().contentType());
    headers.put("Content-Length", e.body().length());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", "POST");
    d.put("url", uri(e.path()).toString());
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
   * @throws gptimage.ImageToolException as listed on the class
   */
  public ImageResult generate(ImageRequest request, SaveOptions save) {
    if (request.protocol() == Protocol.OPENAI_RESPONSES && request.n() > 1) {
      return ResponsesTurns.many(this, request, save);
    }
    return generate(request, save, 1);
  }

  /** One call, its images numbered from {@code firstIndex}. */
  ImageResult generate(ImageRequest request, SaveOptions save, int firstIndex) {
    long started = System.nanoTime();
    ImageStore store = new ImageStore(save.folder());
    store.prepare();
    RequestEncoder.Encoded encoded = RequestEncoder.encode(request, provider);
    URI uri = uri(encoded.path());
    CallSaving got = saving(store, save);
    got.firstIndex = firstIndex;
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
            return authorized(Request.post(uri, encoded.body()));
          },
          answer -> Answers.read(answer, request.protocol(), got, log, timeoutName),
          timeoutName);
      got.keepPending();
    } finally {
      got.discardUnkept(); // this call's temps only: other calls may be saving beside it
    }
    Double fromUsage =
        switch (request.protocol()) {
          case OPENAI_IMAGES -> Pricing.estimate(request.model(), got.usage);
          case OPENAI_RESPONSES -> Pricing.estimate(request.model(), Usage.imageTool(got.usage));
          case OPENAI_CHAT -> null;
        };
    Double estimated =
        fromUsage == null && request.protocol() == Protocol.OPENAI_IMAGES
            ? Pricing.estimate(request)
            : null;
    return got.result(
        request,
        started,
        fromUsage != null ? fromUsage : estimated,
        fromUsage != null ? "usage" : estimated != null ? "estimate" : null,
        true);
  }

  /** The provider's Batch API (files, batches, their output), through this client's key. */
  public BatchApiClient batches() {
    return batches;
  }

  /** A saving for one call; image URLs are fetched without the key, within the size limit. */
  CallSaving saving(ImageStore store, SaveOptions save) {
    return new CallSaving(
        store,
        save.stem(),
        save.savePartials(),
        (url, out) -> {
          if (log != null) {
            log.accept("> GET " + url + " (no key)");
          }
          transport.download(URI.create(url), out, downloadLimit, timeoutName);
        });
  }

  /** Where requests go and how they carry the credential. */
  public Provider provider() {
    return provider;
  }

  URI uri(String path) {
    return provider.uri(path);
  }

  Request authorized(Request r) {
    return provider.authorize(r);
  }

  /**
   * Starts the TLS handshake with an {@code https://} API on a second thread now, for a caller that
   * will make its first call soon (a command, while it prepares the request): the first call then
   * waits for less. Sends nothing, and a failure is reported by that call as its own. Optional:
   * without it the first call connects itself.
   */
  public void connectEarly() {
    transport.connectEarly(provider.uri("/"));
  }

  /**
   * Stops the {@link #generate} call running on {@code worker}: its connection is closed and the
   * thread interrupted, so the call throws and leaves no temporary file. The caller clears the
   * thread's interrupt once the call has returned.
   */
  public void abort(Thread worker) {
    transport.abort(worker);
  }

  @Override
  public void close() {
    transport.close();
  }
}
