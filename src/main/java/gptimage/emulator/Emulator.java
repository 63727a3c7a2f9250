package gptimage.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gptimage.emulator.RouteTable.Gate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server that answers like the OpenAI image API: generations, edits (multipart and
 * JSON), chat completions in the shapes gateways use, image URLs, the model list, and the Files and
 * Batch APIs. Every request is recorded for tests ({@link #requests()}).
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start(EmulatorOptions.defaults())) {
 *   String base = emulator.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 *
 * <p>This class is the server and its lifecycle; what it serves is the {@link RouteTable} built in
 * the constructor, one row per route.
 */
public final class Emulator implements AutoCloseable {
  private final EmulatorOptions options;
  private final HttpServer server;
  private final ExecutorService pool;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong ids = new AtomicLong();
  private final RequestLog log;
  private final AnswerWriter writer;
  private final Admission admission;
  private final RouteTable routes = new RouteTable();
  private final AzureRoutes azure;

  static {
    // The JDK server leaves Nagle on by default; with a keep-alive client, each small answer
    // then waits out the peer's delayed ACK (40 ms) and throughput falls to ~20 answers a second.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private Emulator(EmulatorOptions options, Clock clock) throws IOException {
    this.options = options;
    this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    this.log = new RequestLog(clock);
    this.writer = new AnswerWriter(log, options.slowBody(), stopped);
    this.admission = new Admission(options, stopped, clock);
    Pictures pictures = new Pictures();
    StoredUrls urls = new StoredUrls(options.urlLifetime(), clock, this::imageOrigin);
    InputImages inputs = new InputImages(urls);
    ImageAnswers images = new ImageAnswers(writer, urls, admission, clock);
    FileStore files = new FileStore();
    BatchRoutes batch =
        new BatchRoutes(
            files, new BatchService(options, pool, stopped, this::origin, files), writer);
    boolean strict = options.strict();
    RouteTable.Handler generations = new GenerationRoute(strict, pictures, admission, images);
    RouteTable.Handler edits = new EditRoute(strict, pictures, admission, inputs, images);
    RouteTable.Handler chat = new ChatRoute(options, pictures, admission, inputs, writer, clock);
    routes
        .add("GET", "/images/{id}", Gate.OPEN, (in, f) -> urls.serve(in, writer))
        .add("GET", "/v1/models", Gate.KEY, (in, f) -> writer.send(in, ModelsRoute.list()))
        .add("POST", "/v1/files", Gate.KEY, batch::upload)
        .add("GET", "/v1/files/{id}", Gate.KEY, batch::file)
        .add("GET", "/v1/files/{id}/content", Gate.KEY, batch::content)
        .add("POST", "/v1/batches", Gate.KEY, batch::create)
        .add("GET", "/v1/batches/{id}", Gate.KEY, batch::batch)
        .add("POST", "/v1/batches/{id}/cancel", Gate.KEY, batch::cancel)
        .add("POST", "/v1/images/generations", Gate.IMAGE, generations)
        .add("POST", "/v1/images/edits", Gate.IMAGE, edits)
        .add("POST", "/v1/chat/completions", Gate.IMAGE, chat);
    azure = new AzureRoutes(options);
    azure.register(routes, generations, edits, chat);
  }

  /** Binds and starts serving; the port is free to read from {@link #port()} at once. */
  public static Emulator start(EmulatorOptions options) throws IOException {
    return start(options, Clock.systemUTC());
  }

  /** As {@link #start(EmulatorOptions)}, with the clock answers are dated by (for tests). */
  static Emulator start(EmulatorOptions options, Clock clock) throws IOException {
    Emulator emulator = new Emulator(options, clock);
    emulator.server.start();
    return emulator;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:3688/v1}. */
  public String baseUrl() {
    return origin() + "/v1";
  }

  /** Azure deployment names and the model each serves, for {@code /openai/deployments/...}. */
  public java.util.Map<String, String> azureDeployments() {
    return azure.deployments();
  }

  /**
   * The Azure endpoint clients use for the deployment style, such as {@code http://127.0.0.1:3688}.
   */
  public String azureEndpoint() {
    return origin();
  }

  private String origin() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Where image URLs point: the emulator itself, named by {@link EmulatorOptions#imageHost()}. */
  private String imageOrigin() {
    String host = options.imageHost();
    return host == null
        ? origin()
        : "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Every request received so far (the newest {@value RequestLog#RECORD_LIMIT}), oldest first. */
  public List<RecordedRequest> requests() {
    return log.all();
  }

  /** The newest request, or null. */
  public RecordedRequest lastRequest() {
    return log.last();
  }

  public void clearRequests() {
    log.clear();
  }

  /** Stops at once; requests left hanging by {@link Fault#HANG} are released and dropped. */
  @Override
  public void close() {
    stopped.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  /** Blocks until {@link #close()} is called (from a shutdown hook, say). */
  public void awaitClose() throws InterruptedException {
    stopped.await();
  }

  /** Lower-case hex SHA-256, as {@link RecordedRequest.FilePart#sha256()} holds it. */
  static String sha256(byte[] data) {
    return RequestLog.sha256(data);
  }

  private void handle(HttpExchange ex) throws IOException {
    long started = System.nanoTime();
    String requestId = "req_" + Long.toHexString(0x5eed0000L + ids.incrementAndGet());
    ex.getResponseHeaders().set("x-request-id", requestId);
    Exchange in = new Exchange(ex, ex.getRequestBody().readAllBytes());
    in.slot = log.record(in);
    int status = 0;
    try {
      status = dispatch(in);
    } catch (ApiError e) {
      status = writer.error(in, e);
    } catch (DropConnection e) {
      throw e;
    } catch (RuntimeException e) {
      status = writer.error(in, new ApiError(500, "server_error", null, null, e.toString()));
    } catch (Error e) {
      ex.close(); // never leave a client waiting on an answer that cannot come
      throw e;
    } finally {
      log.answered(in.slot, status);
      if (options.log() != null) {
        options
            .log()
            .printf(
                Locale.ROOT,
                "%s %s %s %d %d ms %s%n",
                ex.getRemoteAddress().getAddress().getHostAddress(),
                in.method,
                in.path,
                status,
                (System.nanoTime() - started) / 1_000_000,
                requestId);
      }
    }
  }

  private int dispatch(Exchange in) throws IOException {
    RouteTable.Route route = routes.find(in.method, in.path);
    Fault fault = null;
    if (route.gate() != Gate.OPEN) {
      admission.authorize(in);
    }
    route.handler().precheck(in);
    if (route.gate() == Gate.IMAGE) {
      fault = admission.takeFault();
      Integer early = fault == null ? null : admission.earlyFault(in, fault, writer);
      if (early != null) {
        return early;
      }
      admission.rateLimit(in);
    }
    return route.handler().answer(in, fault);
  }
}
