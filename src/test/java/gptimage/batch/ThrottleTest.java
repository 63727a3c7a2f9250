package gptimage.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The throttle's decisions on a fake clock: each start is made as soon as {@link
 * Throttle#tryAcquire} allows, the clock moved by exactly the wait it names. Runs in milliseconds
 * and holds on a busy machine; {@code BatchTest} keeps one end-to-end run against the emulator.
 */
class ThrottleTest {
  private long now = 1_000_000_000L; // any start: the clock is monotonic, not wall time

  /** Starts {@code n} requests one after another, releasing each; returns the time it took. */
  private long startAll(Throttle t, int n, int images) {
    long began = now;
    for (int i = 0; i < n; i++) {
      long wait;
      while ((wait = t.tryAcquire(images)) != 0) {
        assertEquals(true, wait > 0, "waits on the rate, not on requests in flight");
        now += wait;
      }
      t.release(true);
    }
    return now - began;
  }

  @ParameterizedTest(name = "{0} images a minute, {2} per request: {1} starts in {3} ms")
  @CsvSource({
    "600, 60, 1, 5900", // 100 ms apart: 59 gaps
    "600, 2, 1, 100",
    "60, 3, 1, 2000",
    "600, 10, 4, 3600", // each request of 4 images books 400 ms
    "0, 50, 1, 0", // no rate: nothing waits
    "1200, 121, 1, 6000",
  })
  void startsAreSpacedToTheRateExactly(double rpm, int n, int images, long ms) {
    Throttle t = new Throttle(8, rpm, () -> now);
    assertEquals(ms * 1_000_000L, startAll(t, n, images));
  }

  @Test
  void requestsInFlightAreBoundedAndTheBoundGrowsBackAfterSuccesses() {
    Throttle t = new Throttle(4, 0, () -> now);
    for (int i = 0; i < 4; i++) {
      assertEquals(0, t.tryAcquire(1));
    }
    assertEquals(-1, t.tryAcquire(1), "a fifth waits for one to end");
    t.rateLimited(Duration.ZERO, null); // the limit halves: 2
    t.release(false);
    t.release(false);
    assertEquals(-1, t.tryAcquire(1), "still 2 in flight, the limit now 2");
    t.release(false);
    assertEquals(0, t.tryAcquire(1));
    assertEquals(-1, t.tryAcquire(1));
    t.release(true);
    t.release(true); // two successes in a row at limit 2: the limit grows to 3
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.tryAcquire(1), "start " + i);
    }
    assertEquals(-1, t.tryAcquire(1));
  }

  @Test
  void a429PausesStartsForItsWaitAndHalvesOncePerBurst() {
    Throttle t = new Throttle(8, 0, () -> now);
    t.rateLimited(Duration.ofSeconds(2), null);
    now += 500_000_000L;
    t.rateLimited(Duration.ofSeconds(1), null); // same burst: no second halving, pause kept
    assertEquals(1_500_000_000L, t.tryAcquire(1));
    now += 1_500_000_000L;
    for (int i = 0; i < 4; i++) {
      assertEquals(0, t.tryAcquire(1), "limit 4 after one halving: start " + i);
    }
    assertEquals(-1, t.tryAcquire(1));
  }

  @Test
  void withoutARateA429NamingTheServersLimitSetsNinetyFivePercentOfIt() {
    Throttle t = new Throttle(8, 0, () -> now);
    t.rateLimited(Duration.ZERO, 600);
    // 60 s / (0.95 * 600) = 105.263 ms a start
    assertEquals(9 * 105_263_157L, startAll(t, 10, 1));
  }

  @Test
  void aRateGivenIsNotChangedByTheServersLimit() {
    Throttle t = new Throttle(8, 600, () -> now);
    t.rateLimited(Duration.ZERO, 60);
    assertEquals(900_000_000L, startAll(t, 10, 1));
  }

  @Test
  void aRetryIsBookedIntoTheSameSpacing() {
    Throttle t = new Throttle(8, 600, () -> now);
    assertEquals(0, t.tryAcquire(1)); // next start at +100 ms
    assertEquals(Duration.ofMillis(100), t.retryAfter(1, Duration.ofMillis(20)));
    assertEquals(Duration.ofMillis(700), t.retryAfter(1, Duration.ofMillis(700)));
    assertEquals(800_000_000L, t.tryAcquire(1), "new starts come after the booked retries");
  }

  @Test
  void aStoppedThrottleStartsNothing() throws InterruptedException {
    Throttle t = new Throttle(8, 0, () -> now);
    t.stop();
    assertEquals(-1, t.tryAcquire(1));
    assertEquals(false, t.acquire(1));
  }
}
