package gptimage.wire;

import gptimage.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends requests ({@link PlainHttp} for direct {@code http://}, else the JDK's HTTP client) with a
 * time limit on each whole attempt (from sending to the last byte of the answer, streams included)
 * and retries by a {@link RetryPolicy}. Redirects are followed here rather than by the JDK (at most
 * {@value #MAX_REDIRECTS}), so that the key headers go only to the origin (scheme, host and port)
 * first asked: a redirect elsewhere drops them. A POST is followed only through 307 and 308, which
 * keep the method and body.
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

  static final int MAX_REDIRECTS = 5;

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
  private final RetryPolicy retries;
  private final Consumer<String> notices;
  private final ProxyRules proxies;
  private final PlainHttp plain;
  private HttpClient http; // guarded by this; made on first use, for http:// through a proxy
  private HttpClient tls; // guarded by this; made on first use, for https://
  private final ScheduledExecutorService watchdog;
  private volatile RetryListener retryListener = (status, wait, headers) -> wait;

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
    this.timeout = timeout;
    this.retries = retries;
    this.notices = notices;
    this.proxies = proxies;
    this.plain = new PlainHttp(connectTimeout());
    java.util.concurrent.ScheduledThreadPoolExecutor alarms =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "attempt-timeout");
              t.setDaemon(true);
              return t;
            });
    // A cancelled alarm would otherwise wait in the queue for its whole timeout (600 s): a
    // batch of thousands of requests would hold thousands of them.
    alarms.setRemoveOnCancelPolicy(true);
    this.watchdog = alarms;
  }

  public void retryListener(RetryListener listener) {
    this.retryListener = listener;
  }

  /**
   * Sends the request (built anew for each attempt, so file bodies are read from disk again) and
   * hands a 2xx answer to {@code handler}; retries as the policy allows.
   *
   * @param settingHint the setting to name when an attempt times out, e.g. {@code --timeout}
   */
  public <T> T send(Supplier<Request> request, AnswerHandler<T> handler, String settingHint) {
    int attempts = retries.maxRetries() + 1;
    for (int attempt = 1; ; attempt++) {
      Request req = request.get();
      String failure;
      HttpHeaders headers = null;
      int status = 0;
      try {
        return attempt(req, handler);
      } catch (ApiException e) {
        if (attempt >= attempts || !e.retryable) {
          throw e.exception;
        }
        failure = e.exception.getMessage();
        headers = e.headers;
        status = e.exception.status();
      } catch (NetworkException e) {
        if (attempt >= attempts || !e.retryable()) {
          throw e;
        }
        failure = e.getMessage();
      } catch (AttemptTimedOut e) {
        String message =
            "No complete answer from "
                + req.uri().getHost()
                + ":"
                + port(req.uri())
                + " within "
                + seconds(timeout)
                + " ("
                + settingHint
                + "); raise it for slow, high-quality"
                + " images"
                + (attempts > 1 ? ", after " + attempt + " attempts." : ".");
        if (attempt >= attempts) {
          throw new NetworkException(message, true, null);
        }
        failure = "timed out after " + seconds(timeout);
      }
      Duration wait = retries.delay(attempt, headers);
      Duration asked = retryListener.retrying(status, wait, headers);
      if (asked != null && asked.compareTo(wait) > 0) {
        wait = asked;
      }
      notices.accept(
          failure
              + " Retrying in "
              + seconds(wait)
              + " (attempt "
              + (attempt + 1)
              + " of "
              + attempts
              + ").");
      sleep(wait);
    }
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** An attempt's answer was an error: wraps it with whether to retry. */
  private static final class ApiException extends RuntimeException {
    final gptimage.wire.ApiException exception;
    final boolean retryable;
    final HttpHeaders headers;

    ApiException(gptimage.wire.ApiException exception, boolean retryable, HttpHeaders headers) {
      super(null, null, false, false);
      this.exception = exception;
      this.retryable = retryable;
      this.headers = headers;
    }
  }

  private static final class AttemptTimedOut extends RuntimeException {
    AttemptTimedOut() {
      super(null, null, false, false);
    }
  }

  private <T> T attempt(Request req, AnswerHandler<T> handler) {
    AtomicBoolean fired = new AtomicBoolean();
    Thread worker = Thread.currentThread();
    Closeable[] current = new Closeable[1]; // the connection or body the alarm breaks off
    // Guarded by current: once the attempt is over, the alarm does nothing.
    boolean[] over = {false};
    ScheduledFuture<?> alarm =
        watchdog.schedule(
            () -> {
              synchronized (current) {
                if (over[0]) {
                  return;
                }
                fired.set(true);
                if (current[0] != null) {
                  try {
                    current[0].close();
                  } catch (IOException ignored) {
                    // closing is all we can do
                  }
                }
                // Under the lock, so it cannot land after the attempt has ended and cleared it:
                // a stray interrupt would fail whatever the thread does next (a batch's next job).
                worker.interrupt();
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    Consumer<Closeable> breakable =
        c -> {
          synchronized (current) {
            current[0] = c;
          }
        };
    try {
      PlainHttp.Exchange response;
      try {
        response = sendFollowingRedirects(req, breakable);
      } catch (HttpConnectTimeoutException e) {
        if (fired.get()) {
          throw new AttemptTimedOut();
        }
        throw new NetworkException(
            "Could not connect to " + req.uri().getHost() + ":" + port(req.uri()) + " in time.",
            true,
            e);
      } catch (HttpTimeoutException e) {
        throw new AttemptTimedOut();
      } catch (ConnectException e) {
        if (fired.get()) {
          throw new AttemptTimedOut();
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
        if (fired.get()) {
          throw new AttemptTimedOut();
        }
        Thread.currentThread().interrupt();
        throw new Interrupted();
      } catch (IOException e) {
        if (fired.get()) {
          throw new AttemptTimedOut();
        }
        throw new NetworkException(
            "The connection to " + req.uri().getHost() + " failed: " + describe(e), true, e);
      }
      breakable.accept(response.body());
      String requestId = response.headers().firstValue("x-request-id").orElse(null);
      try (InputStream in = response.body()) {
        if (response.status() / 100 == 2) {
          try {
            return handler.handle(
                new Answer(response.status(), response.headers(), in, requestId, fired::get));
          } catch (NetworkException e) {
            if (fired.get()) {
              throw new AttemptTimedOut();
            }
            throw e;
          }
        }
        byte[] text = in.readNBytes(1 << 16);
        gptimage.wire.ApiException error =
            ApiErrors.of(response.status(), response.headers(), text, requestId);
        throw new ApiException(
            error,
            retries.shouldRetry(response.status(), response.headers(), error.code()),
            response.headers());
      } catch (IOException e) {
        if (fired.get()) {
          throw new AttemptTimedOut();
        }
        throw new NetworkException(
            "The answer from " + req.uri().getHost() + " broke off: " + describe(e), true, e);
      }
    } finally {
      alarm.cancel(false);
      synchronized (current) {
        over[0] = true;
      }
      if (fired.get()) {
        Thread.interrupted(); // the watchdog's interrupt was for this attempt only
      }
    }
  }

  private PlainHttp.Exchange sendFollowingRedirects(Request first, Consumer<Closeable> breakable)
      throws IOException, InterruptedException {
    Request req = first;
    for (int hop = 0; ; hop++) {
      PlainHttp.Exchange response = exchange(req, breakable);
      int status = response.status();
      String location = response.headers().firstValue("location").orElse(null);
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      if (!redirect || location == null) {
        return response;
      }
      response.body().close();
      URI next;
      try {
        next = req.uri().resolve(location.trim());
      } catch (IllegalArgumentException e) {
        throw new NetworkException(
            req.uri().getHost() + " redirected to an address that is not a URL: " + location,
            false,
            e);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new NetworkException(
            "More than " + MAX_REDIRECTS + " redirects from " + first.uri() + "; last to " + next,
            false,
            null);
      }
      if (!req.method().equals("GET") && status != 307 && status != 308) {
        throw new NetworkException(
            "The server answered "
                + req.method()
                + " "
                + first.uri()
                + " with HTTP "
                + status
                + " to "
                + next
                + ", which would drop the request body; set the base URL to the new address.",
            false,
            null);
      }
      req = req.redirectedTo(next, sameOrigin(first.uri(), next));
    }
  }

  /**
   * One exchange: over {@link PlainHttp} for an {@code http://} URL reached directly, else (TLS, or
   * a proxy) over the JDK's client.
   */
  private PlainHttp.Exchange exchange(Request req, Consumer<Closeable> breakable)
      throws IOException, InterruptedException {
    URI uri = req.uri();
    if ("http".equalsIgnoreCase(uri.getScheme())
        && (proxies == null || proxies.proxyFor(uri) == null)) {
      return plain.send(req, breakable);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    req.headers().forEach(b::header);
    b.method(
        req.method(),
        req.body() == null ? HttpRequest.BodyPublishers.noBody() : req.body().publisher());
    HttpResponse<InputStream> response =
        jdkClientFor(uri).send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new PlainHttp.Exchange(response.statusCode(), response.headers(), response.body());
  }

  private Duration connectTimeout() {
    return timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
  }

  private HttpClient.Builder jdkBuilder() {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout());
    if (proxies != null) {
      b.proxy(proxies);
      java.net.Authenticator auth = proxies.authenticator();
      if (auth != null) {
        // The JDK refuses Basic proxy credentials for https tunnels unless this is cleared; the
        // user gave them for exactly that.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
          System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        b.authenticator(auth);
      }
    }
    return b;
  }

  private static javax.net.ssl.SSLContext noTls() {
    try {
      javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
      c.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
      return c;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JDK client for this URI, made on first use: for https:// one with the default TLS context
   * (which parses the whole CA store), for http:// through a proxy one that trusts nothing.
   */
  private HttpClient jdkClientFor(URI uri) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    synchronized (this) {
      if (https && tls == null) {
        try {
          tls = jdkBuilder().sslContext(javax.net.ssl.SSLContext.getDefault()).build();
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      } else if (!https && http == null) {
        http = jdkBuilder().sslContext(noTls()).build();
      }
      return https ? tls : http;
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
  }

  /**
   * Downloads an image URL into {@code out}, with no key.
   *
   * @param limit the most bytes accepted
   */
  public void download(URI uri, java.io.OutputStream out, long limit) {
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
        "--timeout");
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    plain.close();
    HttpClient[] clients;
    synchronized (this) {
      clients = new HttpClient[] {http, tls};
    }
    for (HttpClient c : clients) {
      // From JDK 21 the client can be closed: its selector thread then ends, where it would
      // otherwise hold the JVM's exit for 0.3 s as a thread blocked in native code.
      if (c instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // closing is best effort
        }
      }
    }
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
