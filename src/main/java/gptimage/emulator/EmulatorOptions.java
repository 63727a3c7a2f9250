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
 * @param latency time taken before answering an image request; default none
 * @param rateLimit requests a minute allowed on the image routes before 429; 0 means no limit
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
    PrintStream log) {

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
        null);
  }

  public EmulatorOptions host(String v) {
    return new EmulatorOptions(
        v, port, apiKey, latency, rateLimit, faults, chatShape, urlLifetime, strict, slowBody, log);
  }

  public EmulatorOptions port(int v) {
    return new EmulatorOptions(
        host, v, apiKey, latency, rateLimit, faults, chatShape, urlLifetime, strict, slowBody, log);
  }

  public EmulatorOptions apiKey(String v) {
    return new EmulatorOptions(
        host, port, v, latency, rateLimit, faults, chatShape, urlLifetime, strict, slowBody, log);
  }

  public EmulatorOptions latency(Latency v) {
    return new EmulatorOptions(
        host, port, apiKey, v, rateLimit, faults, chatShape, urlLifetime, strict, slowBody, log);
  }

  public EmulatorOptions rateLimit(int requestsPerMinute) {
    return new EmulatorOptions(
        host,
        port,
        apiKey,
        latency,
        requestsPerMinute,
        faults,
        chatShape,
        urlLifetime,
        strict,
        slowBody,
        log);
  }

  /** Adds a fault rule after those already set. */
  public EmulatorOptions fault(Fault fault, boolean always) {
    List<Fault.Rule> more = new ArrayList<>(faults);
    more.add(new Fault.Rule(fault, always));
    return new EmulatorOptions(
        host,
        port,
        apiKey,
        latency,
        rateLimit,
        more,
        chatShape,
        urlLifetime,
        strict,
        slowBody,
        log);
  }

  public EmulatorOptions chatShape(ChatShape v) {
    return new EmulatorOptions(
        host, port, apiKey, latency, rateLimit, faults, v, urlLifetime, strict, slowBody, log);
  }

  public EmulatorOptions urlLifetime(Duration v) {
    return new EmulatorOptions(
        host, port, apiKey, latency, rateLimit, faults, chatShape, v, strict, slowBody, log);
  }

  public EmulatorOptions strict(boolean v) {
    return new EmulatorOptions(
        host, port, apiKey, latency, rateLimit, faults, chatShape, urlLifetime, v, slowBody, log);
  }

  public EmulatorOptions slowBody(Duration v) {
    return new EmulatorOptions(
        host, port, apiKey, latency, rateLimit, faults, chatShape, urlLifetime, strict, v, log);
  }

  public EmulatorOptions log(PrintStream v) {
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
        v);
  }
}
