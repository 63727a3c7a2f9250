package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    Duration d = policy.delay(1, headers("retry-after", inTenSeconds));
    assertTrue(d.compareTo(Duration.ofSeconds(8)) > 0 && d.compareTo(Duration.ofSeconds(11)) < 0);
  }

  @Test
  void withoutAServerWaitBackoffDoublesWithJitterUpToEightSeconds() {
    for (int retry = 1; retry <= 6; retry++) {
      double full = Math.min(0.5 * Math.pow(2, retry - 1), 8.0) * 1000;
      long ms = policy.delay(retry, headers("retry-after", "soon")).toMillis();
      assertTrue(ms <= full && ms >= full * 0.75, retry + ": " + ms);
    }
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
