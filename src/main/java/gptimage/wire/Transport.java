package gptimage.wire;

import gptimage.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends requests: over {@link PlainHttp} for {@code https://} (directly or through a proxy's
 * tunnel) and direct {@code http://}, over {@link JdkHttp} for {@code http://} through a proxy;
 * redirects followed by {@link Redirects}, each whole attempt under the {@link AttemptWatchdog}'s
 * time limit, and retried by a {@link RetryLoop} as a {@link RetryPolicy} says. This class turns
 * each way an attempt can fail into the error a person can act on.
 */
public final class Transport implements AutoCloseable {
  /** What reads a successful answer. Throw {@link NetworkException} to say how it failed. */
  @FunctionalInterface
  public interface AnswerHandler<T> {
    T handle(Answer answer) throws IOException;
  }

  /**
   * A 2xx answer being read.
   *
   * @param timedOut true once the attempt's time limit has passed (the body is then closed)
   */
  public record Answer(
      int status,
      HttpHeaders headers,
      InputStream body,
      String requestId,
      java.util.function.BooleanSupplier timedOut) {
    public String contentType() {
      return headers.firstValue("content-type").orElse("");
    }
  }

  /** Hears of each retry before its wait: a batch's throttle slows down on 429s this way. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * @param status the HTTP status that failed the attempt, or 0 for a network error or timeout
     * @param wait how long the policy would wait before the next attempt
     * @param headers the failed answer's headers, or null where there was no answer
     * @return how long to wait instead (at least {@code wait}): a shared throttle may space retries
     */
    Duration retrying(int status, Duration wait, HttpHeaders headers);
  }

  private final Duration timeout;
  private final ProxyRules proxies;
  private final PlainHttp plain;
  private final JdkHttp jdk;
  private final AttemptWatchdog watchdog = new AttemptWatchdog();
  private final RetryLoop retries;
  private final int maxAttempts;
  private final RetryPolicy policy;

  /**
   * @param timeout one attempt's limit, from sending to the last byte
   * @param notices where one line per retry goes (stderr, for the command)
   */
  public Transport(Duration timeout, RetryPolicy retries, Consumer<String> notices) {
    this(timeout, retries, notices, null);
  }

  /**
   * @param proxies where to send requests through a proxy; null to connect directly
   */
  public Transport(
      Duration timeout, RetryPolicy retries, Consumer<String> notices, ProxyRules proxies) {
    this(timeout, retries, notices, proxies, Sleeper.SYSTEM);
  }

  /**
   * @param sleeper how the waits between attempts pass; {@link Sleeper#SYSTEM} but in tests
   */
  public Transport(
      Duration timeout,
      RetryPolicy retries,
      Consumer<String> notices,
      ProxyRules proxies,
      Sleeper sleeper) {
    this(timeout, retries, notices, proxies, sleeper, Trust.defaults());
  }

  /**
   * @param trust which servers' certificates https calls accept
   */
  public Transport(
      Duration timeout,
      RetryPolicy retries,
      Consumer<String> notices,
      ProxyRules proxies,
      Sleeper sleeper,
      Trust trust) {
    this.timeout = timeout;
    this.proxies = proxies;
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
    this.plain = new PlainHttp(connect, new TlsConnector(trust, proxies, connect));
    this.jdk = new JdkHttp(timeout, connect, proxies);
    this.retries = new RetryLoop(retries, notices, sleeper);
    this.maxAttempts = retries.maxRetries() + 1;
    this.policy = retries;
  }

  public void retryListener(RetryListener listener) {
    retries.listener(listener);
  }

  /**
   * Sends the request (built anew for each attempt, so file bodies are read from disk again) and
   * hands a 2xx answer to {@code handler}; retries as the policy allows.
   *
   * @param settingHint the setting to name when an attempt times out, e.g. {@code --timeout}
   */
  public <T> T send(Supplier<Request> request, AnswerHandler<T> handler, String settingHint) {
    return retries.run(
        request,
        req -> attempt(req, handler),
        timeout,
        (req, attempt) ->
            "No complete answer from "
                + req.uri().getHost()
                + ":"
                + port(req.uri())
                + " within "
                + seconds(timeout)
                + " ("
                + settingHint
                + "); raise it for slow, high-quality images"
                + (maxAttempts > 1 ? ", after " + attempt + " attempts." : "."));
  }

  static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** One attempt, under its time limit; each failure as {@link RetryLoop} tells them apart. */
  private <T> T attempt(Request req, AnswerHandler<T> handler) {
    try (AttemptWatchdog.Alarm alarm = watchdog.arm(timeout)) {
      PlainHttp.Exchange response;
      try {
        response = Redirects.follow(req, alarm.breakable(), this::exchange);
      } catch (HttpConnectTimeoutException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        throw new NetworkException(
            "Could not connect to " + req.uri().getHost() + ":" + port(req.uri()) + " in time.",
            true,
            e);
      } catch (HttpTimeoutException e) {
        throw new RetryLoop.TimedOut();
      } catch (NetworkException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        throw e;
      } catch (ConnectException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        throw new NetworkException(
            "Could not connect to "
                + req.uri().getScheme()
                + "://"
                + req.uri().getHost()
                + ":"
                + port(req.uri())
                + " (connection refused). Is the server running, and is the"
                + " base URL right?",
            true,
            e);
      } catch (InterruptedException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        Thread.currentThread().interrupt();
        throw new Interrupted();
      } catch (IOException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new Interrupted(); // abort() closed it: not a network fault to retry
        }
        throw new NetworkException(
            "The connection to " + req.uri().getHost() + " failed: " + describe(e), true, e);
      }
      alarm.breakable().accept(response.body());
      String requestId = response.headers().firstValue("x-request-id").orElse(null);
      try (InputStream in = response.body()) {
        if (response.status() / 100 == 2) {
          try {
            return handler.handle(
                new Answer(response.status(), response.headers(), in, requestId, alarm::fired));
          } catch (NetworkException e) {
            if (alarm.fired()) {
              throw new RetryLoop.TimedOut();
            }
            if (Thread.currentThread().isInterrupted()) {
              throw new Interrupted();
            }
            throw e;
          }
        }
        byte[] text = in.readNBytes(1 << 16);
        gptimage.wire.ApiException error =
            ApiErrors.of(response.status(), response.headers(), text, requestId);
        throw new RetryLoop.Failed(
            error,
            policy.shouldRetry(response.status(), response.headers(), error.code()),
            response.headers());
      } catch (IOException e) {
        if (alarm.fired()) {
          throw new RetryLoop.TimedOut();
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new Interrupted();
        }
        throw new NetworkException(
            "The answer from " + req.uri().getHost() + " broke off: " + describe(e), true, e);
      }
    }
  }

  /**
   * One exchange: over {@link PlainHttp} for {@code https://} (directly or through a proxy's
   * tunnel) and for {@code http://} reached directly, else (plain http through a proxy) over the
   * JDK's client.
   */
  private PlainHttp.Exchange exchange(Request req, Consumer<Closeable> breakable)
      throws IOException, InterruptedException {
    URI uri = req.uri();
    if ("https".equalsIgnoreCase(uri.getScheme())
        || proxies == null
        || proxies.proxyFor(uri) == null) {
      return plain.send(req, breakable);
    }
    return jdk.send(req);
  }

  /**
   * Starts opening the connection to an {@code https://} origin on a second thread, so that its TLS
   * handshake runs while the caller still prepares its first request, which then uses it. Nothing
   * is sent before that request; what opening it throws is that request's failure, as if it had
   * connected itself (and so retried or not the same way). Does nothing for {@code http://}.
   */
  public void connectEarly(URI origin) {
    plain.connectEarly(origin);
  }

  /**
   * Stops the call that {@code worker} is making through this transport: its connection is closed
   * and the thread interrupted, so a wait for an answer, a retry's pause or a stream being read
   * ends at once with {@link Interrupted}. For a caller that runs calls on threads it owns and
   * cancels them (the MCP server's {@code notifications/cancelled}); the caller clears the
   * interrupt.
   */
  public void abort(Thread worker) {
    worker.interrupt();
    watchdog.breakOff(worker);
  }

  /** Thrown where the user interrupted the run while it waited. */
  public static final class Interrupted extends gptimage.InterruptedRunException {
    public Interrupted() {
      super("Interrupted.");
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m;
  }

  static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return (s == Math.rint(s)
            ? String.valueOf((long) s)
            : String.format(java.util.Locale.ROOT, "%.1f", s))
        + " s";
  }

  /**
   * Downloads an image URL into {@code out}, with no key.
   *
   * @param limit the most bytes accepted
   * @param settingHint the setting to name when an attempt times out, as in {@link #send}
   */
  public void download(URI uri, java.io.OutputStream out, long limit, String settingHint) {
    send(
        () -> Request.get(uri),
        answer -> {
          long copied = 0;
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = answer.body().read(buf)) >= 0) {
            copied += n;
            if (copied > limit) {
              throw new NetworkException(
                  "The image at "
                      + uri
                      + " is larger than "
                      + (limit >= 1 << 20 ? (limit >> 20) + " MB" : limit + " bytes")
                      + "; no real image is that big, so it was not saved.",
                  false,
                  null);
            }
            out.write(buf, 0, n);
          }
          return copied;
        },
        settingHint);
  }

  @Override
  public void close() {
    watchdog.close();
    plain.close();
    jdk.close();
  }

  static Map<String, Object> parseObject(byte[] text) {
    try {
      Object tree = Json.parse(new String(text, StandardCharsets.UTF_8));
      if (tree instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) tree;
        return map;
      }
    } catch (RuntimeException e) {
      // not JSON: the caller summarises the text instead
    }
    return null;
  }
}
