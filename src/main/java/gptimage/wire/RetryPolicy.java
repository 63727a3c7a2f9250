package gptimage.wire;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again and how long to wait, as the official SDKs do: connection errors and 408, 409,
 * 429 and 5xx are retried, {@code x-should-retry} overrides the status, 429 {@code
 * insufficient_quota} never is. The wait is {@code retry-after-ms}, else {@code retry-after}
 * (seconds or an HTTP date), at most 60 s; else 0.5 s doubled each time up to 8 s, less up to a
 * quarter of jitter.
 *
 * @param maxRetries retries after the first attempt; default 2
 */
public record RetryPolicy(int maxRetries) {
  static final Duration MAX_SERVER_WAIT = Duration.ofSeconds(60);

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
      Duration server = serverDelay(headers);
      if (server != null) {
        return server;
      }
    }
    double seconds = Math.min(0.5 * Math.pow(2, retry - 1), 8.0);
    double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (seconds * jitter * 1000));
  }

  static Duration serverDelay(HttpHeaders headers) {
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
        return cap(Duration.between(ZonedDateTime.now(at.getZone()), at));
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
