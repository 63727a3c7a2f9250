package gptimage.emulator;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a request must pass before a route does its work: the API key, the fault plan ({@link
 * EmulatorOptions#faults()}), the rate limit; and the latency an image takes.
 */
final class Admission {
  private static final byte[] NGINX_502 =
      ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502"
              + " Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
              + "</html>\r\n")
          .getBytes(StandardCharsets.UTF_8);

  private final EmulatorOptions options;
  private final CountDownLatch stopped;
  private final Clock clock;
  private final boolean[] faultSpent;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  Admission(EmulatorOptions options, CountDownLatch stopped, Clock clock) {
    this.options = options;
    this.stopped = stopped;
    this.clock = clock;
    this.faultSpent = new boolean[options.faults().size()];
  }

  /** 401 {@code invalid_api_key} unless the bearer key (or Azure's {@code api-key}) is the one. */
  void authorize(Exchange in) {
    if (options.apiKey() == null) {
      return;
    }
    String auth = in.header("authorization");
    String key =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : in.header("api-key");
    if (!options.apiKey().equals(key)) {
      String shown = key == null || key.isEmpty() ? null : RequestLog.maskKey(key);
      throw new ApiError(
          401,
          "invalid_request_error",
          null,
          "invalid_api_key",
          shown == null
              ? "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
              : "Incorrect API key provided: " + shown + ".");
    }
  }

  /** The next fault of the plan: a rule that always applies, else the first one not yet spent. */
  synchronized Fault takeFault() {
    List<Fault.Rule> rules = options.faults();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).always()) {
        return rules.get(i).fault();
      }
      if (!faultSpent[i]) {
        faultSpent[i] = true;
        return rules.get(i).fault();
      }
    }
    return null;
  }

  /** Answers the faults that come before any work; null for those that shape the answer later. */
  Integer earlyFault(Exchange in, Fault fault, AnswerWriter writer) throws IOException {
    switch (fault) {
      case RATE_LIMIT -> {
        in.ex.getResponseHeaders().set("retry-after", "1");
        return writer.error(
            in,
            new ApiError(
                429,
                "requests",
                null,
                "rate_limit_exceeded",
                "Rate limit reached for images per min. Please try again in 1s."));
      }
      case SERVER_ERROR -> {
        return writer.error(
            in,
            new ApiError(
                500,
                "server_error",
                null,
                null,
                "The server had an error while processing your request. Sorry about that!"));
      }
      case RESET -> throw new DropConnection();
      case MODERATION_BLOCKED, CONTENT_FILTER -> {
        return writer.error(in, Refusals.of(fault));
      }
      case HTML_502 -> {
        return writer.send(in, 502, "text/html", NGINX_502, null);
      }
      case HANG -> {
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new DropConnection();
      }
      default -> {
        return null;
      }
    }
  }

  /** Counts the request against the limit and sets OpenAI's rate headers; 429 over the limit. */
  void rateLimit(Exchange in) {
    int limit = options.rateLimit();
    if (limit <= 0) {
      return;
    }
    long now = clock.millis();
    long window = options.rateWindow().toMillis();
    long waitMs;
    int remaining;
    synchronized (recent) {
      while (!recent.isEmpty() && recent.peekFirst() <= now - window) {
        recent.pollFirst();
      }
      if (recent.size() < limit) {
        recent.addLast(now);
        remaining = limit - recent.size();
        waitMs = 0;
      } else {
        remaining = 0;
        waitMs = recent.peekFirst() + window - now;
      }
    }
    Headers h = in.ex.getResponseHeaders();
    // Headers speak per minute, as OpenAI's do, whatever window the limit is counted over.
    h.set("x-ratelimit-limit-requests", String.valueOf(Math.round(limit * 60_000.0 / window)));
    h.set("x-ratelimit-remaining-requests", String.valueOf(remaining));
    h.set("x-ratelimit-reset-requests", Math.max(0, waitMs) + "ms");
    if (waitMs > 0) {
      h.set("retry-after", String.valueOf((waitMs + 999) / 1000));
      h.set("retry-after-ms", String.valueOf(waitMs));
      throw new ApiError(
          429,
          "requests",
          null,
          "rate_limit_exceeded",
          "Rate limit reached for requests per min (RPM): Limit "
              + limit
              + ", Used "
              + limit
              + ". Please try again in "
              + (waitMs + 999) / 1000
              + "s.");
    }
  }

  /** Waits the latency an image of this quality takes; the connection drops if the server stops. */
  void waitLatency(ImageSpec spec) {
    Duration d = options.latency().forQuality(spec.quality() == null ? "auto" : spec.quality());
    if (!d.isZero()) {
      try {
        if (stopped.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new DropConnection();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DropConnection();
      }
    }
  }
}
