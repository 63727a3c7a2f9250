package gptimage.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an {@link Emulator} behaves. Start from {@link #defaults()} and change what a test needs:
 * {@code EmulatorOptions.defaults().latency(Latency.fixed(Duration.ofSeconds(1)))}.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port port to bind; {@code 0} (the default) picks a free one
 * @param apiKey the only bearer key accepted (401 {@code invalid_api_key} for others); null accepts
 *     (the default) accepts any key or none
 * @param latency time taken before answering an image request (in a stream, before each image);
 *     default none
 * @param rateLimit requests allowed on the image routes in any {@code rateWindow} before 429; 0
 *     (the default) means no limit
 * @param faults misbehaviours to put on image requests, in order; default none
 * @param chatShape how {@code /v1/chat/completions} returns images; a request may override it with
 *     the header {@code x-emulator-chat-shape}; default {@link ChatShape#MARKDOWN}
 * @param urlLifetime how long {@code response_format=url} images stay downloadable; default 60
 *     minutes, as the real service
 * @param strict answer like OpenAI itself, which rejects {@code response_format} and {@code style}
 *     for GPT image models and {@code input_fidelity} for gpt-image-2; default off, like the
 *     gateways that accept them
 * @param slowBody how long the {@link Fault#SLOW_BODY} fault takes to send a body; default 5 s
 * @param log where one line per request goes; null (the default) for none
 * @param rateWindow the sliding window the rate limit counts over; default 60 s (a limit a minute).
 *     A shorter one lets tests see a limit held in seconds; headers still say per minute.
 * @param batchDuration how long a batch takes from creation to completion (a quarter validating,
 *     half in progress, a quarter finalizing); default 3 s
 * @param batchExpireAfter a batch expires after answering this many lines (the rest are reported
 *     {@code batch_expired}); -1, the default, for never
 * @param imageHost the host name in {@code response_format=url} image URLs (the emulator serves
 *     them on its own port); null for the same host as the base URL. Give {@code localhost} to play
 *     the real service's separate image host.
 * @param azureDeployments Azure deployment names and the model each serves, for the {@code
 *     /openai/deployments/{name}/...} routes; empty (the default) makes every model the emulator
 *     lists a deployment of itself
 */
public record EmulatorOptions(
    String host,
    int port,
    String apiKey,
    Latency latency,
    int rateLimit,
    List<Fault.Rule> faults,
    ChatShape chatShape,
    Duration urlLifetime,
    boolean strict,
    Duration slowBody,
    PrintStream log,
    String imageHost,
    Duration rateWindow,
    Duration batchDuration,
    int batchExpireAfter,
    Map<String, String> azureDeployments) {

  /** Where a chat-completions answer puts its images, as different gateways do. */
  public enum ChatShape {
    /** Markdown image links with data URLs in the message's text content. */
    MARKDOWN,
    /** Content parts of type {@code image_url}. */
    PARTS,
    /** {@code message.images[]}, OpenRouter style. */
    IMAGES
  }

  public EmulatorOptions {
    faults = List.copyOf(faults);
    azureDeployments = Map.copyOf(azureDeployments);
  }

  /**
   * 127.0.0.1 on a free port, any key, no latency, no rate limit, no faults, markdown chat answers,
   * URLs valid 60 minutes, lenient, slow bodies over 5 s, no log, rate window 60 s, batches done in
   * 3 s and never expiring.
   */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions(
        "127.0.0.1",
        0,
        null,
        Latency.NONE,
        0,
        List.of(),
        ChatShape.MARKDOWN,
        Duration.ofMinutes(60),
        false,
        Duration.ofSeconds(5),
        null,
        null,
        Duration.ofSeconds(60),
        Duration.ofSeconds(3),
        -1,
        Map.of());
  }

  /** A mutable copy, so that each wither names only the field it changes. */
  private static final class Draft {
    String host;
    int port;
    String apiKey;
    Latency latency;
    int rateLimit;
    List<Fault.Rule> faults;
    ChatShape chatShape;
    Duration urlLifetime;
    boolean strict;
    Duration slowBody;
    PrintStream log;
    String imageHost;
    Duration rateWindow;
    Duration batchDuration;
    int batchExpireAfter;
    Map<String, String> azureDeployments;

    Draft(EmulatorOptions o) {
      host = o.host;
      port = o.port;
      apiKey = o.apiKey;
      latency = o.latency;
      rateLimit = o.rateLimit;
      faults = o.faults;
      chatShape = o.chatShape;
      urlLifetime = o.urlLifetime;
      strict = o.strict;
      slowBody = o.slowBody;
      log = o.log;
      imageHost = o.imageHost;
      rateWindow = o.rateWindow;
      batchDuration = o.batchDuration;
      batchExpireAfter = o.batchExpireAfter;
      azureDeployments = o.azureDeployments;
    }

    EmulatorOptions done() {
      return new EmulatorOptions(
          host,
          port,
          apiKey,
          latency,
          rateLimit,
          faults,
          chatShape,
          urlLifetime,
          strict,
          slowBody,
          log,
          imageHost,
          rateWindow,
          batchDuration,
          batchExpireAfter,
          azureDeployments);
    }
  }

  private EmulatorOptions with(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.done();
  }

  /** The address to bind; default {@code 127.0.0.1}. */
  public EmulatorOptions host(String v) {
    return with(d -> d.host = v);
  }

  /** The port to bind, 1 to 65535; default {@code 0}, a free one. */
  public EmulatorOptions port(int v) {
    return with(d -> d.port = v);
  }

  /** The only bearer key accepted (others get 401); default null, any key or none. */
  public EmulatorOptions apiKey(String v) {
    return with(d -> d.apiKey = v);
  }

  /** Time taken before answering an image request; default {@link Latency#NONE}. */
  public EmulatorOptions latency(Latency v) {
    return with(d -> d.latency = v);
  }

  /**
   * Image requests allowed in any {@link #rateWindow(Duration)} (60 s by default, so a limit a
   * minute) before 429; default {@code 0}, no limit.
   */
  public EmulatorOptions rateLimit(int requestsPerMinute) {
    return with(d -> d.rateLimit = requestsPerMinute);
  }

  /** Where chat answers put their images; default {@link ChatShape#MARKDOWN}. */
  public EmulatorOptions chatShape(ChatShape v) {
    return with(d -> d.chatShape = v);
  }

  /** How long {@code response_format=url} images stay downloadable; default 60 minutes. */
  public EmulatorOptions urlLifetime(Duration v) {
    return with(d -> d.urlLifetime = v);
  }

  /** Rejects what OpenAI itself rejects (see {@link #strict()}); default {@code false}. */
  public EmulatorOptions strict(boolean v) {
    return with(d -> d.strict = v);
  }

  /** How long the {@link Fault#SLOW_BODY} fault takes to send a body; default 5 s. */
  public EmulatorOptions slowBody(Duration v) {
    return with(d -> d.slowBody = v);
  }

  /** Where one line per request goes; default null, nowhere. */
  public EmulatorOptions log(PrintStream v) {
    return with(d -> d.log = v);
  }

  /** The host name in image URLs; default null, the base URL's host. */
  public EmulatorOptions imageHost(String v) {
    return with(d -> d.imageHost = v);
  }

  /** The sliding window {@link #rateLimit(int)} counts over; default 60 s. */
  public EmulatorOptions rateWindow(Duration v) {
    return with(d -> d.rateWindow = v);
  }

  /** How long a batch takes from creation to completion; default 3 s. */
  public EmulatorOptions batchDuration(Duration v) {
    return with(d -> d.batchDuration = v);
  }

  /** Lines a batch answers before it expires; default {@code -1}, never. */
  public EmulatorOptions batchExpireAfter(int lines) {
    return with(d -> d.batchExpireAfter = lines);
  }

  /** Adds an Azure deployment {@code name} of {@code model}, beside those already set. */
  public EmulatorOptions azureDeployment(String name, String model) {
    Map<String, String> more = new java.util.LinkedHashMap<>(azureDeployments);
    more.put(name, model);
    return with(d -> d.azureDeployments = more);
  }

  /**
   * Adds a fault rule after those already set; default none.
   *
   * @param always on every matching request, or only the first
   */
  public EmulatorOptions fault(Fault fault, boolean always) {
    List<Fault.Rule> more = new ArrayList<>(faults);
    more.add(new Fault.Rule(fault, always));
    return with(d -> d.faults = more);
  }
}
