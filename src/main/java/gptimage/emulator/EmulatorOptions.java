package gptimage.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@link Emulator} behaves. Start from {@link #defaults()} and change what a test needs:
 * {@code EmulatorOptions.defaults().latency(Latency.fixed(Duration.ofSeconds(1)))}.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port port to bind; {@code 0} (the default) picks a free one
 * @param apiKey the only bearer key accepted (401 {@code invalid_api_key} for others); null accepts
 *     any key or none
 * @param latency time taken before answering an image request (in a stream, before each image);
 *     default none
 * @param rateLimit requests allowed on the image routes in any {@code rateWindow} before 429; 0
 *     means no limit
 * @param faults misbehaviours to put on image requests, in order
 * @param chatShape how {@code /v1/chat/completions} returns images; a request may override it with
 *     the header {@code x-emulator-chat-shape}
 * @param urlLifetime how long {@code response_format=url} images stay downloadable; default 60
 *     minutes, as the real service
 * @param strict answer like OpenAI itself, which rejects {@code response_format} and {@code style}
 *     for GPT image models and {@code input_fidelity} for gpt-image-2; default off, like the
 *     gateways that accept them
 * @param slowBody how long the {@link Fault#SLOW_BODY} fault takes to send a body; default 5 s
 * @param log where one line per request goes; null for none
 * @param rateWindow the sliding window the rate limit counts over; default 60 s (a limit a minute).
 *     A shorter one lets tests see a limit held in seconds; headers still say per minute.
 * @param batchDuration how long a batch takes from creation to completion (a quarter validating,
 *     half in progress, a quarter finalizing); default 3 s
 * @param batchExpireAfter a batch expires after answering this many lines (the rest are reported
 *     {@code batch_expired}); -1, the default, for never
 * @param imageHost the host name in {@code response_format=url} image URLs (the emulator serves
 *     them on its own port); null for the same host as the base URL. Give {@code localhost} to play
 *     the real service's separate image host.
 * @param tls serve https with this certificate and key ({@link TlsIdentity#selfSigned} makes one
 *     for the loopback names); null, the default, for plain http
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
    TlsIdentity tls) {

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
  }

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
        null);
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
    TlsIdentity tls;

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
      tls = o.tls;
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
          tls);
    }
  }

  private EmulatorOptions with(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.done();
  }

  public EmulatorOptions host(String v) {
    return with(d -> d.host = v);
  }

  public EmulatorOptions port(int v) {
    return with(d -> d.port = v);
  }

  public EmulatorOptions apiKey(String v) {
    return with(d -> d.apiKey = v);
  }

  public EmulatorOptions latency(Latency v) {
    return with(d -> d.latency = v);
  }

  public EmulatorOptions rateLimit(int requestsPerMinute) {
    return with(d -> d.rateLimit = requestsPerMinute);
  }

  public EmulatorOptions chatShape(ChatShape v) {
    return with(d -> d.chatShape = v);
  }

  public EmulatorOptions urlLifetime(Duration v) {
    return with(d -> d.urlLifetime = v);
  }

  public EmulatorOptions strict(boolean v) {
    return with(d -> d.strict = v);
  }

  public EmulatorOptions slowBody(Duration v) {
    return with(d -> d.slowBody = v);
  }

  public EmulatorOptions log(PrintStream v) {
    return with(d -> d.log = v);
  }

  public EmulatorOptions imageHost(String v) {
    return with(d -> d.imageHost = v);
  }

  public EmulatorOptions rateWindow(Duration v) {
    return with(d -> d.rateWindow = v);
  }

  public EmulatorOptions batchDuration(Duration v) {
    return with(d -> d.batchDuration = v);
  }

  public EmulatorOptions batchExpireAfter(int lines) {
    return with(d -> d.batchExpireAfter = lines);
  }

  /** Serves https with this identity; null for plain http. */
  public EmulatorOptions tls(TlsIdentity v) {
    return with(d -> d.tls = v);
  }

  /** Adds a fault rule after those already set. */
  public EmulatorOptions fault(Fault fault, boolean always) {
    List<Fault.Rule> more = new ArrayList<>(faults);
    more.add(new Fault.Rule(fault, always));
    return with(d -> d.faults = more);
  }
}
