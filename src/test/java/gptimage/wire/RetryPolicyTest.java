package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry rules of the official SDKs, as a table. */
class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(2);

  private static HttpHeaders headers(String... nameValue) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      map.put(nameValue[i], List.of(nameValue[i + 1]));
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @ParameterizedTest(name = "{0} {1} x-should-retry={2} -> {3}")
  @CsvSource({
    "400, , , false",
    "401, , , false",
    "403, , , false",
    "404, , , false",
    "422, , , false",
    "408, , , true",
    "409, , , true",
    "429, rate_limit_exceeded, , true",
    "429, insufficient_quota, , false",
    "500, , , true",
    "502, , , true",
    "503, , false, false",
    "400, , true, true",
  })
  void whichAnswersAreRetried(int status, String code, String should, boolean retried) {
    HttpHeaders h = should == null ? headers() : headers("x-should-retry", should);
    assertEquals(retried, policy.shouldRetry(status, h, code));
  }

  @Test
  void serverWaitsWinAndAreCappedAtSixtySeconds() {
    assertEquals(
        Duration.ofMillis(1500),
        policy.delay(1, headers("retry-after-ms", "1500", "retry-after", "9")));
    assertEquals(Duration.ofSeconds(9), policy.delay(1, headers("retry-after", "9")));
    assertEquals(Duration.ofSeconds(60), policy.delay(1, headers("retry-after", "3600")));
  }

  /** An HTTP date is read against the policy's clock: exact, whatever the machine's time. */
  @ParameterizedTest(name = "retry-after: {0} at 12:00:00 -> {1} ms")
  @CsvSource({
    "'Thu, 26 Nov 2026 12:00:10 GMT', 10000",
    "'Thu, 26 Nov 2026 12:00:00 GMT', 0",
    "'Thu, 26 Nov 2026 11:59:00 GMT', 0",
    "'Thu, 26 Nov 2026 12:05:00 GMT', 60000",
    "'Thu, 26 Nov 2026 13:00:10 +0100', 10000",
  })
  void anHttpDateIsAWaitFromTheClocksNow(String date, long ms) {
    java.time.Clock noon =
        java.time.Clock.fixed(java.time.Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    RetryPolicy fixed = new RetryPolicy(2, noon, () -> 0);
    assertEquals(Duration.ofMillis(ms), fixed.delay(1, headers("retry-after", date)));
  }

  /** Without a server wait: 0.5 s doubled up to 8 s, less up to a quarter of jitter. */
  @ParameterizedTest(name = "retry {0}, jitter {1} -> {2} ms")
  @CsvSource({
    "1, 0, 500",
    "2, 0, 1000",
    "3, 0, 2000",
    "4, 0, 4000",
    "5, 0, 8000",
    "6, 0, 8000",
    "1, 0.5, 437",
    "3, 0.5, 1750",
    "6, 0.5, 7000",
    "1, 0.75, 406",
    "6, 0.75, 6500",
  })
  void withoutAServerWaitBackoffDoublesWithJitterUpToEightSeconds(
      int retry, double jitter, long ms) {
    RetryPolicy p = new RetryPolicy(2, java.time.Clock.systemUTC(), () -> jitter);
    assertEquals(ms, p.delay(retry, headers("retry-after", "soon")).toMillis());
  }

  @Test
  void redirectsKeepTheKeyOnlyOnTheSameOrigin() {
    URI base = URI.create("https://api.example.com/v1/images/generations");
    assertTrue(Redirects.sameOrigin(base, URI.create("https://api.example.com:443/v2/x")));
    assertTrue(!Redirects.sameOrigin(base, URI.create("http://api.example.com/v1/x")));
    assertTrue(!Redirects.sameOrigin(base, URI.create("https://cdn.example.com/v1/x")));
    assertTrue(!Redirects.sameOrigin(base, URI.create("https://api.example.com:8443/v1/x")));
  }
}
