package gptimage.wire;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs attempts until one succeeds or the {@link RetryPolicy} says stop (as openai-java's
 * RetryingHttpClient wraps its client): each failure's wait comes from the policy, a {@link
 * Transport.RetryListener} may lengthen it, one line per retry goes to the notices, and the wait
 * goes through the {@link Sleeper}.
 */
final class RetryLoop {
  /** An attempt's answer was an API error: with whether to retry it. */
  static final class Failed extends RuntimeException {
    final ApiException exception;
    final boolean retryable;
    final HttpHeaders headers;

    Failed(ApiException exception, boolean retryable, HttpHeaders headers) {
      super(null, null, false, false);
      this.exception = exception;
      this.retryable = retryable;
      this.headers = headers;
    }
  }

  /** An attempt's time limit passed. */
  static final class TimedOut extends RuntimeException {
    TimedOut() {
      super(null, null, false, false);
    }
  }

  private final RetryPolicy policy;
  private final Consumer<String> notices;
  private final Sleeper sleeper;
  private volatile Transport.RetryListener listener = (status, wait, headers) -> wait;

  RetryLoop(RetryPolicy policy, Consumer<String> notices, Sleeper sleeper) {
    this.policy = policy;
    this.notices = notices;
    this.sleeper = sleeper;
  }

  void listener(Transport.RetryListener listener) {
    this.listener = listener;
  }

  /**
   * @param timedOut the message for an attempt that timed out, given the attempt's number
   */
  <T> T run(
      Supplier<Request> request,
      Function<Request, T> attempt,
      Duration timeout,
      java.util.function.BiFunction<Request, Integer, String> timedOut) {
    int attempts = policy.maxRetries() + 1;
    for (int n = 1; ; n++) {
      Request req = request.get();
      String failure;
      HttpHeaders headers = null;
      int status = 0;
      try {
        return attempt.apply(req);
      } catch (Failed e) {
        if (n >= attempts || !e.retryable) {
          throw e.exception;
        }
        failure = e.exception.getMessage();
        headers = e.headers;
        status = e.exception.status();
      } catch (NetworkException e) {
        if (n >= attempts || !e.retryable()) {
          throw e;
        }
        failure = e.getMessage();
      } catch (TimedOut e) {
        if (n >= attempts) {
          throw new NetworkException(timedOut.apply(req, n), true, null);
        }
        failure = "timed out after " + Transport.seconds(timeout);
      }
      Duration wait = policy.delay(n, headers);
      Duration asked = listener.retrying(status, wait, headers);
      if (asked != null && asked.compareTo(wait) > 0) {
        wait = asked;
      }
      notices.accept(
          failure
              + " Retrying in "
              + Transport.seconds(wait)
              + " (attempt "
              + (n + 1)
              + " of "
              + attempts
              + ").");
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Transport.Interrupted();
      }
    }
  }
}
