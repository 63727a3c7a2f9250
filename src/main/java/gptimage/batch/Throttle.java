package gptimage.batch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one gate every job of a batch passes before it is sent. It bounds how many requests are in
 * flight, spaces their starts to a rate in images a minute, and reacts to 429: starts pause for the
 * server's {@code retry-after}, the number in flight halves, then grows back by one after each run
 * of successes as long as itself. Where no rate was given, a 429 that names the server's request
 * limit ({@code x-ratelimit-limit-requests}) sets the rate to 95% of it.
 *
 * <p>Time is read from an injected monotonic clock in nanoseconds ({@link System#nanoTime} but in
 * tests), and every decision is made by {@link #tryAcquire}, which never waits: tests drive it with
 * a fake clock, {@link #acquire} waits for it.
 */
final class Throttle {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int maxInFlight;
  private int limit;
  private int inFlight;
  private int successes;
  private double nanosPerImage;
  private final boolean rateGiven;
  private final LongSupplier nanoTime;
  private long nextStart;
  private long pausedUntil;
  private boolean stopped;

  /**
   * @param maxInFlight the most requests at once ({@code --concurrency})
   * @param imagesPerMinute the rate to hold ({@code --rpm}); 0 for none
   */
  Throttle(int maxInFlight, double imagesPerMinute) {
    this(maxInFlight, imagesPerMinute, System::nanoTime);
  }

  /**
   * @param nanoTime a monotonic clock in nanoseconds
   */
  Throttle(int maxInFlight, double imagesPerMinute, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.nextStart = nanoTime.getAsLong();
    this.pausedUntil = nextStart;
    this.maxInFlight = maxInFlight;
    this.limit = maxInFlight;
    this.rateGiven = imagesPerMinute > 0;
    this.nanosPerImage = imagesPerMinute > 0 ? 60e9 / imagesPerMinute : 0;
  }

  /**
   * Waits until a request for {@code images} images may start.
   *
   * @return false where the throttle was stopped while waiting
   */
  boolean acquire(int images) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stopped) {
          return false;
        }
        long wait = tryAcquire(images);
        if (wait == 0) {
          return true;
        }
        if (wait > 0) {
          changed.awaitNanos(wait);
        } else {
          changed.await(1, TimeUnit.SECONDS);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a request for {@code images} images if one may start now.
   *
   * @return 0 when it started; else how many nanoseconds until one may, or -1 while as many as
   *     allowed are in flight (or the throttle is stopped)
   */
  long tryAcquire(int images) {
    lock.lock();
    try {
      if (stopped) {
        return -1;
      }
      if (inFlight >= limit) {
        return -1;
      }
      long now = nanoTime.getAsLong();
      long readyAt = Math.max(pausedUntil, nextStart);
      if (now < readyAt) {
        return readyAt - now;
      }
      inFlight++;
      nextStart = Math.max(now, nextStart) + (long) (nanosPerImage * images);
      return 0;
    } finally {
      lock.unlock();
    }
  }

  void release(boolean succeeded) {
    lock.lock();
    try {
      inFlight--;
      if (succeeded && ++successes >= limit && limit < maxInFlight) {
        limit++;
        successes = 0;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A request was answered 429: pause starts, halve the number in flight, learn the limit. */
  void rateLimited(Duration wait, Integer serverRequestsPerMinute) {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      if (now >= pausedUntil) { // the 429s of one burst halve it once
        limit = Math.max(1, limit / 2);
        successes = 0;
      }
      pausedUntil = Math.max(pausedUntil, now + wait.toNanos());
      if (!rateGiven && serverRequestsPerMinute != null && serverRequestsPerMinute > 0) {
        nanosPerImage = Math.max(nanosPerImage, 60e9 / (0.95 * serverRequestsPerMinute));
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Books a retry of a request in flight into the same spacing as new starts.
   *
   * @return how long the retry should wait: at least {@code wait}, and past any pause
   */
  Duration retryAfter(int images, Duration wait) {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      long at = Math.max(now + wait.toNanos(), Math.max(pausedUntil, nextStart));
      nextStart = at + (long) (nanosPerImage * images);
      return Duration.ofNanos(at - now);
    } finally {
      lock.unlock();
    }
  }

  /** Lets no more requests start; those waiting in {@link #acquire} return false. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until nothing is in flight, or {@code max} has passed; true when nothing is. */
  boolean awaitIdle(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos(); // a real wait: for threads, not the policy
    lock.lock();
    try {
      while (inFlight > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
