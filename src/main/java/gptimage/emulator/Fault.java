package gptimage.emulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A misbehaviour the emulator can put on image requests, to test how clients cope. */
public enum Fault {
  /** 429 {@code rate_limit_exceeded} with {@code retry-after: 1}. */
  RATE_LIMIT("429"),
  /** 500 {@code server_error}. */
  SERVER_ERROR("500"),
  /** The connection is closed without an answer. */
  RESET("reset"),
  /**
   * An SSE stream whose connection drops during the last image, after its first partial: with
   * {@code n} images, the first {@code n-1} are complete and the last never is.
   */
  TRUNCATED_STREAM("truncated-stream"),
  /** The answer's body arrives in small pieces over {@link EmulatorOptions#slowBody()}. */
  SLOW_BODY("slow-body"),
  /** 502 with an HTML page, as a gateway in front of the API would send. */
  HTML_502("html-502"),
  /** A 200 JSON body cut off half way. */
  TRUNCATED_JSON("truncated-json"),
  /** A 200 answer that carries no image. */
  NO_IMAGE("no-image"),
  /** A 200 answer whose {@code b64_json} is not valid base64. */
  BAD_BASE64("bad-base64"),
  /** A 200 answer whose image is an HTML page: as base64, or at its URL (served as 200). */
  NOT_IMAGE("not-image"),
  /** 400 {@code moderation_blocked}, as OpenAI refuses a prompt. */
  MODERATION_BLOCKED("moderation-blocked"),
  /** 400 from Azure's content filter, with its {@code content_filter_results}. */
  CONTENT_FILTER("content-filter"),
  /** The request is read and never answered (until the emulator stops). */
  HANG("hang"),
  /**
   * A gateway that answers 200 but drops {@code size}, {@code background} and {@code n}: every
   * image is 1024x1024 and opaque, and only half the images asked come (at least one).
   */
  IGNORE_PARAMS("ignore-params");

  final String flag;

  Fault(String flag) {
    this.flag = flag;
  }

  /** One fault rule: a fault, once (the first matching request) or on every request. */
  public record Rule(Fault fault, boolean always) {
    /** Parses {@code NAME} or {@code NAME:once} or {@code NAME:always}. */
    public static Rule parse(String text) {
      String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
      for (Fault f : values()) {
        if (f.flag.equals(parts[0])) {
          if (parts.length == 1 || parts[1].equals("once")) {
            return new Rule(f, false);
          }
          if (parts[1].equals("always")) {
            return new Rule(f, true);
          }
        }
      }
      throw new IllegalArgumentException(
          "--fault must be one of "
              + Arrays.stream(values()).map(f -> f.flag).collect(Collectors.joining(", "))
              + ", optionally followed by :once (the default) or :always; got '"
              + text
              + "'");
    }
  }
}
