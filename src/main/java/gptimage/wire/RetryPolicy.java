package gptimage.wire;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try again and how long to wait, as the official SDKs do: connection errors and 408, 409,
 * 429 and 5xx are retried, {@code x-should-retry} overrides the status, 429 {@code
 * insufficient_quota} never is. The wait is {@code retry-after-ms}, else {@code retry-after}
 * (seconds or an HTTP date), at most 60 s; else 0.5 s doubled each time up to 8 s, less up to a
 * quarter of jitter.
 *
 * @param maxRetries retries after the first attempt; default 2
 * @param clock what "now" is for a {@code retry-after} given as an HTTP date (as openai-java's
 *     {@code Clock}); the system clock but in tests
 * @param jitter a number in [0, 1) for each wait's jitter; random but in tests
 */
public record RetryPolicy(int maxRetries, Clock clock, DoubleSupplier jitter) {
  static final Duration MAX_SERVER_WAIT = Duration.ofSeconds(60);

  /** The policy with the system clock and random jitter. */
  public RetryPolicy(int maxRetries) {
    this(maxRetries, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
  }

  public boolean shouldRetry(int status, HttpHeaders headers, String errorCode) {
    String should = headers.firstValue("x-should-retry").orElse("");
    if (should.equalsIgnoreCase("true")) {
      return true;
    }
    if (should.equalsIgnoreCase("false")) {
      return false;
    }
    if (status == 429 && "insufficient_quota".equals(errorCode)) {
      return false;
    }
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration delay(int retry, HttpHeaders headers) {
    if (headers != null) {
      Duration server = serverDelay(headers, clock);
      if (server != null) {
        return server;
      }
    }
    double seconds = Math.min(0.5 * Math.pow(2, retry - 1), 8.0);
    double jitter = 1 - 0.25 * this.jitter.getAsDouble();
    return Duration.ofMillis((long) (seconds * jitter * 1000));
  }

  static Duration serverDelay(HttpHeaders headers, Clock clock) {
    try {
      var ms = headers.firstValue("retry-after-ms");
      if (ms.isPresent()) {
        return cap(Duration.ofMillis((long) Double.parseDouble(ms.get().trim())));
      }
    } catch (NumberFormatException e) {
      // fall through to retry-after
    }
    var after = headers.firstValue("retry-after");
    if (after.isEmpty()) {
      return null;
    }
    String v = after.get().trim();
    try {
      return cap(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at =
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
        return cap(Duration.between(clock.instant(), at.toInstant()));
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }

  private static Duration cap(Duration d) {
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_SERVER_WAIT) > 0 ? MAX_SERVER_WAIT : d;
  }
}
