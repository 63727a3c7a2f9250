package gptimage.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * A real HTTP/1.1 server that answers like the OpenAI image API: generations, edits (multipart and
 * JSON), chat completions in the shapes gateways use, image URLs and the model list. Every request
 * is recorded for tests ({@link #requests()}).
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start(EmulatorOptions.defaults())) {
 *   String base = emulator.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
  private final EmulatorOptions options;
  private final HttpServer server;
  private final ExecutorService pool;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<RecordedRequest> log = new ArrayList<>();

  /** The sequence number of {@code log.get(0)}: slots stay right as old entries go. */
  private long firstSeq;

  /** Requests kept for {@link #requests()}; older ones go, so a long-running server stays small. */
  static final int RECORD_LIMIT = 20_000;

  private final Pictures pictures = new Pictures();
  private final Map<String, Stored> urls = new ConcurrentHashMap<>();
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private final boolean[] faultSpent;
  private final AtomicLong ids = new AtomicLong();
  private final BatchService batches;

  private record Stored(byte[] bytes, String mime, long expiresAt) {}

  private static final String SLOT = "gptimage.emulator.slot";

  static {
    // The JDK server leaves Nagle on by default; with a keep-alive client, each small answer
    // then waits out the peer's delayed ACK (40 ms) and throughput falls to ~20 answers a second.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private Emulator(EmulatorOptions options) throws IOException {
    this.options = options;
    this.faultSpent = new boolean[options.faults().size()];
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
    this.batches = new BatchService(options, pool, stopped, this::origin);
  }

  /** Binds and starts serving; the port is free to read from {@link #port()} at once. */
  public static Emulator start(EmulatorOptions options) throws IOException {
    Emulator emulator = new Emulator(options);
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

  private String origin() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Every request received so far (the newest 20,000), oldest first. */
  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The newest request, or null. */
  public RecordedRequest lastRequest() {
    synchronized (log) {
      return log.isEmpty() ? null : log.get(log.size() - 1);
    }
  }

  public void clearRequests() {
    synchronized (log) {
      firstSeq += log.size();
      log.clear();
    }
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

  // ---------------------------------------------------------------------------------------

  /** Thrown by a handler to drop the connection without an answer. */
  private static final class DropConnection extends RuntimeException {
    DropConnection() {
      super("connection dropped on purpose", null, false, false);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    long started = System.nanoTime();
    String requestId = "req_" + Long.toHexString(0x5eed0000L + ids.incrementAndGet());
    ex.getResponseHeaders().set("x-request-id", requestId);
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    byte[] body = ex.getRequestBody().readAllBytes();
    Incoming in = new Incoming(ex, path, method, body);
    long slot = record(in);
    ex.setAttribute(SLOT, slot);
    int status = 0;
    try {
      status = route(in);
    } catch (ApiError e) {
      status = sendError(ex, e);
    } catch (DropConnection e) {
      throw e;
    } catch (RuntimeException e) {
      status = sendError(ex, new ApiError(500, "server_error", null, null, e.toString()));
    } catch (Error e) {
      ex.close(); // never leave a client waiting on an answer that cannot come
      throw e;
    } finally {
      answered(slot, status);
      if (options.log() != null) {
        options
            .log()
            .printf(
                Locale.ROOT,
                "%s %s %s %d %d ms %s%n",
                ex.getRemoteAddress().getAddress().getHostAddress(),
                method,
                path,
                status,
                (System.nanoTime() - started) / 1_000_000,
                requestId);
      }
    }
  }

  private final class Incoming {
    final HttpExchange ex;
    final String path;
    final String method;
    final byte[] body;
    final Object json;
    final List<Multipart.Part> parts;

    Incoming(HttpExchange ex, String path, String method, byte[] body) {
      this.ex = ex;
      this.path = path;
      this.method = method;
      this.body = body;
      String type = ex.getRequestHeaders().getFirst("content-type");
      String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
      Object parsed = null;
      List<Multipart.Part> ps = List.of();
      if (lower.startsWith("multipart/form-data")) {
        String boundary = Multipart.boundary(type);
        try {
          ps = boundary == null ? List.of() : Multipart.parse(body, boundary);
        } catch (ApiError e) {
          ps = null;
        }
      } else if (body.length > 0 && (lower.contains("json") || lower.isEmpty())) {
        try {
          parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (Json.JsonFormatException e) {
          parsed = e;
        }
      }
      this.json = parsed;
      this.parts = ps;
    }

    Map<String, Object> jsonObject() {
      if (json instanceof Json.JsonFormatException e) {
        throw ApiError.invalid(
            null,
            "invalid_json",
            "We could not parse the JSON body of your request. (" + e.getMessage() + ")");
      }
      if (!(json instanceof Map<?, ?>)) {
        throw ApiError.invalid(null, "invalid_json", "The request body must be a JSON object.");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) json;
      return map;
    }
  }

  private long record(Incoming in) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : in.ex.getRequestHeaders().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = String.join(", ", e.getValue());
      if (name.equals("authorization") || name.equals("api-key")) {
        value = maskKey(value);
      }
      headers.put(name, value);
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    List<RecordedRequest.FilePart> files = new ArrayList<>();
    if (in.parts != null) {
      for (Multipart.Part p : in.parts) {
        if (p.filename() == null) {
          fields.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.text());
        } else {
          files.add(
              new RecordedRequest.FilePart(
                  p.name(), p.filename(), p.contentType(), p.data().length, sha256(p.data())));
        }
      }
    }
    Object json = in.json instanceof Json.JsonFormatException ? null : in.json;
    RecordedRequest r =
        new RecordedRequest(
            in.method,
            in.path,
            Map.copyOf(headers),
            json,
            fields,
            List.copyOf(files),
            in.body.length,
            0,
            Instant.now());
    synchronized (log) {
      if (log.size() >= RECORD_LIMIT) {
        int drop = RECORD_LIMIT / 10;
        log.subList(0, drop).clear();
        firstSeq += drop;
      }
      log.add(r);
      return firstSeq + log.size() - 1;
    }
  }

  /** Logs the status before the answer leaves, so a client never sees it before the log. */
  private void answered(HttpExchange ex, int status) {
    if (ex.getAttribute(SLOT) instanceof Long slot) {
      answered(slot, status);
    }
  }

  private void answered(long slot, int status) {
    synchronized (log) {
      long index = slot - firstSeq;
      if (index >= 0 && index < log.size()) {
        log.set((int) index, log.get((int) index).answered(status));
      }
    }
  }

  static String maskKey(String value) {
    String prefix = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(0, 7) : "";
    String key = value.substring(prefix.length());
    return prefix + (key.length() <= 8 ? "****" : "****" + key.substring(key.length() - 4));
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------

  private int route(Incoming in) throws IOException {
    String p = in.path;
    if (in.method.equals("GET") && p.startsWith("/images/")) {
      return serveStoredImage(in);
    }
    if (in.method.equals("GET") && p.equals("/v1/models")) {
      authorize(in);
      return sendJson(in.ex, 200, modelList());
    }
    if (p.startsWith("/v1/files") || p.startsWith("/v1/batches")) {
      authorize(in);
      BatchService.Answer a = batchRoute(in);
      return send(in.ex, a.status(), a.contentType(), a.body(), null);
    }
    boolean imageRoute =
        p.equals("/v1/images/generations")
            || p.equals("/v1/images/edits")
            || p.equals("/v1/chat/completions");
    if (!imageRoute) {
      throw new ApiError(
          404,
          "invalid_request_error",
          null,
          "unknown_url",
          "Unknown request URL: " + in.method + " " + p + ".");
    }
    if (!in.method.equals("POST")) {
      throw new ApiError(
          405,
          "invalid_request_error",
          null,
          "method_not_allowed",
          "Use POST for " + p + ", not " + in.method + ".");
    }
    authorize(in);
    Fault fault = takeFault();
    if (fault != null) {
      Integer early = earlyFault(in.ex, fault);
      if (early != null) {
        return early;
      }
    }
    rateLimit(in.ex);
    return switch (p) {
      case "/v1/images/generations" -> generations(in, fault);
      case "/v1/images/edits" -> edits(in, fault);
      default -> chat(in, fault);
    };
  }

  private BatchService.Answer batchRoute(Incoming in) {
    String[] parts = in.path.substring(1).split("/");
    boolean post = in.method.equals("POST");
    boolean get = in.method.equals("GET");
    if (parts[1].equals("files")) {
      if (parts.length == 2 && post) {
        return batches.uploadFile(in.parts);
      }
      if (parts.length == 3 && get) {
        return batches.getFile(parts[2], false);
      }
      if (parts.length == 4 && get && parts[3].equals("content")) {
        return batches.getFile(parts[2], true);
      }
    } else if (parts[1].equals("batches")) {
      if (parts.length == 2 && post) {
        return batches.createBatch(
            in.jsonObject(), in.ex.getRequestHeaders().getFirst("authorization"));
      }
      if (parts.length == 3 && get) {
        return batches.getBatch(parts[2]);
      }
      if (parts.length == 4 && post && parts[3].equals("cancel")) {
        return batches.cancelBatch(parts[2]);
      }
    }
    throw new ApiError(
        404,
        "invalid_request_error",
        null,
        "unknown_url",
        "Unknown request URL: " + in.method + " " + in.path + ".");
  }

  private void authorize(Incoming in) {
    if (options.apiKey() == null) {
      return;
    }
    Headers h = in.ex.getRequestHeaders();
    String auth = h.getFirst("authorization");
    String key =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : h.getFirst("api-key");
    if (!options.apiKey().equals(key)) {
      String shown = key == null || key.isEmpty() ? null : maskKey(key);
      throw new ApiError(
          401,
          "invalid_request_error",
          null,
          "invalid_api_key",
          shown == null
              ? "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
              : "Incorrect API key provided: " + shown + ".");
    }
  }

  private synchronized Fault takeFault() {
    List<Fault.Rule> rules = options.faults();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).always()) {
        return rules.get(i).fault();
      }
      if (!faultSpent[i]) {
        faultSpent[i] = true;
        return rules.get(i).fault();
      }
    }
    return null;
  }

  /** Faults that answer before any work; null for those that shape the answer later. */
  private Integer earlyFault(HttpExchange ex, Fault fault) throws IOException {
    switch (fault) {
      case RATE_LIMIT -> {
        ex.getResponseHeaders().set("retry-after", "1");
        return sendError(
            ex,
            new ApiError(
                429,
                "requests",
                null,
                "rate_limit_exceeded",
                "Rate limit reached for images per min. Please try again in 1s."));
      }
      case SERVER_ERROR -> {
        return sendError(
            ex,
            new ApiError(
                500,
                "server_error",
                null,
                null,
                "The server had an error while processing your request. Sorry about that!"));
      }
      case RESET -> throw new DropConnection();
      case HTML_502 -> {
        byte[] page =
            ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502"
                    + " Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
                    + "</html>\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return send(ex, 502, "text/html", page, null);
      }
      case HANG -> {
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new DropConnection();
      }
      default -> {
        return null;
      }
    }
  }

  private void rateLimit(HttpExchange ex) {
    int limit = options.rateLimit();
    if (limit <= 0) {
      return;
    }
    long now = System.currentTimeMillis();
    long window = options.rateWindow().toMillis();
    long waitMs;
    int remaining;
    synchronized (recent) {
      while (!recent.isEmpty() && recent.peekFirst() <= now - window) {
        recent.pollFirst();
      }
      if (recent.size() < limit) {
        recent.addLast(now);
        remaining = limit - recent.size();
        waitMs = 0;
      } else {
        remaining = 0;
        waitMs = recent.peekFirst() + window - now;
      }
    }
    Headers h = ex.getResponseHeaders();
    // Headers speak per minute, as OpenAI's do, whatever window the limit is counted over.
    h.set("x-ratelimit-limit-requests", String.valueOf(Math.round(limit * 60_000.0 / window)));
    h.set("x-ratelimit-remaining-requests", String.valueOf(remaining));
    h.set("x-ratelimit-reset-requests", Math.max(0, waitMs) + "ms");
    if (waitMs > 0) {
      h.set("retry-after", String.valueOf((waitMs + 999) / 1000));
      h.set("retry-after-ms", String.valueOf(waitMs));
      throw new ApiError(
          429,
          "requests",
          null,
          "rate_limit_exceeded",
          "Rate limit reached for requests per min (RPM): Limit "
              + limit
              + ", Used "
              + limit
              + ". Please try again in "
              + (waitMs + 999) / 1000
              + "s.");
    }
  }

  private void waitLatency(ImageSpec spec) {
    Duration d = options.latency().forQuality(spec.quality() == null ? "auto" : spec.quality());
    if (!d.isZero()) {
      try {
        if (stopped.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new DropConnection();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DropConnection();
      }
    }
  }

  // ---------------------------------------------------------------------------------------

  private int generations(Incoming in, Fault fault) throws IOException {
    Map<String, Object> body = in.jsonObject();
    ImageSpec asked = ImageSpec.parse(body::get, false, options.strict());
    ImageSpec spec = fault == Fault.IGNORE_PARAMS ? asked.ignoringParams() : asked;
    if (!spec.stream()) {
      waitLatency(spec); // a stream waits before each image instead
    }
    List<Pictures.Encoded> images = new ArrayList<>();
    for (int i = 0; i < spec.n(); i++) {
      images.add(pictures.generate(spec, i, Integer.MAX_VALUE));
    }
    Function<Integer, List<Pictures.Encoded>> partials =
        i -> {
          List<Pictures.Encoded> ps = new ArrayList<>();
          for (int k = 0; k < spec.partials(); k++) {
            ps.add(pictures.generate(spec, i, k + 1));
          }
          return ps;
        };
    return answerImages(in.ex, spec, images, partials, 0, "image_generation", fault);
  }

  private int edits(Incoming in, Fault fault) throws IOException {
    List<byte[]> images = new ArrayList<>();
    Object maskValue = null;
    Function<String, Object> field;
    if (in.parts != null && !in.parts.isEmpty()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Multipart.Part p : in.parts) {
        if (p.name() == null) {
          continue;
        }
        if (p.name().equals("image") || p.name().equals("image[]")) {
          images.add(p.data());
        } else if (p.name().equals("mask")) {
          maskValue = p.filename() == null && p.text().trim().equals("auto") ? "auto" : p.data();
        } else if (p.filename() == null) {
          fields.putIfAbsent(p.name(), p.text());
        }
      }
      field = fields::get;
    } else if (in.parts == null) {
      throw ApiError.invalid(null, "invalid_multipart", "The multipart body could not be read.");
    } else {
      Map<String, Object> body = in.jsonObject();
      Object refs = body.get("images");
      if (refs instanceof List<?> list) {
        for (Object ref : list) {
          images.add(imageReference(ref, "images"));
        }
      }
      Object mask = body.get("mask");
      if (mask != null) {
        maskValue = "auto".equals(mask) ? "auto" : imageReference(mask, "mask");
      }
      field = body::get;
    }
    ImageSpec spec = ImageSpec.parse(field, true, options.strict());
    if (fault == Fault.IGNORE_PARAMS) {
      spec = spec.ignoringParams();
    }
    if (images.isEmpty()) {
      throw ApiError.invalid(
          "image", "missing_required_parameter", "Missing required parameter: 'image'.");
    }
    if (images.size() > 16) {
      throw ApiError.invalid(
          "image",
          "invalid_value",
          "Too many images: at most 16 may be given, got " + images.size() + ".");
    }
    List<BufferedImage> decoded = new ArrayList<>();
    long inputTokens = 0;
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = decode(images.get(i), i + 1);
      decoded.add(image);
      inputTokens += ImageSpec.inputImageTokens(image.getWidth(), image.getHeight());
    }
    BufferedImage first = decoded.get(0);
    if (spec.autoSize()) {
      spec =
          spec.withSize(
              Math.max(16, Math.min(3840, first.getWidth())),
              Math.max(16, Math.min(3840, first.getHeight())));
    }
    boolean[] editable = null;
    if ("auto".equals(maskValue)) {
      editable = Pictures.autoMask(spec.width(), spec.height());
    } else if (maskValue instanceof byte[] maskBytes) {
      BufferedImage mask = decode(maskBytes, 0);
      if (mask.getWidth() != first.getWidth() || mask.getHeight() != first.getHeight()) {
        throw ApiError.invalid(
            "mask",
            "invalid_value",
            "Invalid mask image: its size "
                + mask.getWidth()
                + "x"
                + mask.getHeight()
                + " differs from the image's "
                + first.getWidth()
                + "x"
                + first.getHeight()
                + ".");
      }
      editable = Pictures.editableFromMask(mask, spec.width(), spec.height());
    }
    if (!spec.stream()) {
      waitLatency(spec); // a stream waits before each image instead
    }
    final ImageSpec s = spec;
    final boolean[] area = editable;
    List<Pictures.Encoded> out = new ArrayList<>();
    for (int i = 0; i < s.n(); i++) {
      out.add(pictures.edit(s, first, area, i, 1.0));
    }
    Function<Integer, List<Pictures.Encoded>> partials =
        i -> {
          List<Pictures.Encoded> ps = new ArrayList<>();
          for (int k = 0; k < s.partials(); k++) {
            ps.add(pictures.edit(s, first, area, i, (k + 1.0) / (s.partials() + 1)));
          }
          return ps;
        };
    return answerImages(in.ex, s, out, partials, inputTokens, "image_edit", fault);
  }

  /** The bytes of a JSON edit's image reference: {@code {"image_url": "data:..."}}. */
  private byte[] imageReference(Object ref, String param) {
    Object url = ref instanceof Map<?, ?> m ? m.get("image_url") : ref;
    if (url instanceof Map<?, ?> m) {
      url = m.get("url");
    }
    if (ref instanceof Map<?, ?> m && m.get("file_id") != null) {
      throw ApiError.invalid(
          param,
          "invalid_value",
          "file_id references are not served by this emulator; send image_url data URLs.");
    }
    if (url instanceof String s) {
      byte[] data = dataUrl(s);
      if (data != null) {
        return data;
      }
      String local = imageOrigin() + "/images/";
      if (s.startsWith(local)) {
        Stored stored = urls.get(s.substring(local.length()));
        if (stored != null) {
          return stored.bytes;
        }
      }
      throw ApiError.invalid(
          param,
          "invalid_image_url",
          "The emulator cannot fetch " + s + "; use a data: URL or one of its own image URLs.");
    }
    throw ApiError.invalid(
        param, "invalid_value", "Each image reference needs exactly one of image_url or file_id.");
  }

  private static byte[] dataUrl(String s) {
    if (!s.startsWith("data:")) {
      return null;
    }
    int comma = s.indexOf(',');
    if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
      throw ApiError.invalid(null, "invalid_image_url", "Data URLs must be base64-encoded.");
    }
    try {
      return Base64.getMimeDecoder().decode(s.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(null, "invalid_image_url", "The data URL is not valid base64.");
    }
  }

  /** Decodes an input image; {@code index} 0 means the mask. */
  private static BufferedImage decode(byte[] bytes, int index) {
    String param = index == 0 ? "mask" : "image";
    String what = index == 0 ? "the mask" : "image " + index;
    String kind = sniff(bytes);
    if (kind == null || (index == 0 && !kind.equals("png"))) {
      throw ApiError.invalid(
          param,
          "invalid_image_file",
          "Invalid image file or mode for "
              + what
              + ". Supported formats are "
              + (index == 0 ? "png (with an alpha channel)." : "png, jpeg and webp."));
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image != null) {
        return image;
      }
    } catch (IOException | RuntimeException e) {
      // falls through to the error below
    }
    if (kind.equals("webp")) {
      // No WebP decoder in the JDK: stand in a picture of the right size from the bytes' hash.
      int w = webpDimension(bytes, true);
      int h = webpDimension(bytes, false);
      BufferedImage stand = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
      int[] px = Scene.of(sha256(bytes), 0, 0).render(w, h, false);
      stand.setRGB(0, 0, w, h, px, 0, w);
      return stand;
    }
    throw ApiError.invalid(
        param, "invalid_image_file", "Invalid image file for " + what + ": it cannot be decoded.");
  }

  private static String sniff(byte[] b) {
    if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "jpeg";
    }
    if (b.length > 30 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B') {
      return "webp";
    }
    return null;
  }

  private static int webpDimension(byte[] b, boolean width) {
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    int v;
    switch (chunk) {
      case "VP8L" -> {
        int bits =
            (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
        v = width ? (bits & 0x3FFF) + 1 : ((bits >>> 14) & 0x3FFF) + 1;
      }
      case "VP8X" -> {
        int at = width ? 24 : 27;
        v = ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16) + 1;
      }
      default -> {
        int at = width ? 26 : 28;
        v = ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8) & 0x3FFF;
      }
    }
    return Math.max(1, Math.min(v, 3840));
  }

  // ---------------------------------------------------------------------------------------

  private int answerImages(
      HttpExchange ex,
      ImageSpec spec,
      List<Pictures.Encoded> images,
      Function<Integer, List<Pictures.Encoded>> partials,
      long inputImageTokens,
      String eventPrefix,
      Fault fault)
      throws IOException {
    if (spec.stream()) {
      return stream(ex, spec, images, partials, inputImageTokens, eventPrefix, fault);
    }
    boolean noImage = fault == Fault.NO_IMAGE;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.generator(buf)) {
      g.writeStartObject();
      g.writeNumberField("created", System.currentTimeMillis() / 1000);
      g.writeArrayFieldStart("data");
      if (!noImage) {
        for (Pictures.Encoded image : images) {
          g.writeStartObject();
          if ("url".equals(spec.responseFormat())) {
            g.writeStringField("url", storeUrl(image, fault));
          } else {
            g.writeStringField("b64_json", base64(image, fault));
          }
          if (spec.model().equals("dall-e-3")) {
            g.writeStringField("revised_prompt", spec.prompt());
          }
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeStringField("background", spec.transparent() ? "transparent" : "opaque");
      g.writeStringField("output_format", spec.format());
      g.writeStringField("size", spec.size());
      g.writeStringField("quality", spec.quality() == null ? "medium" : spec.quality());
      g.writeFieldName("usage");
      Json.write(g, spec.usage(noImage ? 0 : images.size(), inputImageTokens, 0));
      g.writeEndObject();
    }
    return send(ex, 200, "application/json", buf.toByteArray(), fault);
  }

  private int stream(
      HttpExchange ex,
      ImageSpec spec,
      List<Pictures.Encoded> images,
      Function<Integer, List<Pictures.Encoded>> partials,
      long inputImageTokens,
      String prefix,
      Fault fault)
      throws IOException {
    ex.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("cache-control", "no-cache");
    answered(ex, 200);
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    for (int i = 0; i < images.size(); i++) {
      waitLatency(spec);
      boolean last = i == images.size() - 1;
      List<Pictures.Encoded> ps = partials.apply(i);
      for (int k = 0; k < ps.size(); k++) {
        Map<String, Object> event = eventBase(prefix + ".partial_image", spec, ps.get(k), fault);
        event.put("partial_image_index", k);
        writeEvent(out, prefix + ".partial_image", event);
        if (fault == Fault.TRUNCATED_STREAM && last) {
          cutMidEvent(out, prefix);
        }
      }
      if (fault == Fault.TRUNCATED_STREAM && last) {
        cutMidEvent(out, prefix);
      }
      if (fault == Fault.NO_IMAGE) {
        continue;
      }
      Map<String, Object> done = eventBase(prefix + ".completed", spec, images.get(i), fault);
      done.put("usage", spec.usage(1, i == 0 ? inputImageTokens : 0, ps.size()));
      writeEvent(out, prefix + ".completed", done);
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    out.close();
    return 200;
  }

  /** Sends the start of an event, then drops the connection with no closing chunk. */
  private static void cutMidEvent(OutputStream out, String prefix) throws IOException {
    out.write(
        ("event: "
                + prefix
                + ".completed\ndata: {\"type\":\""
                + prefix
                + ".completed\",\"b64_json\":\"iVBOR")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    throw new DropConnection();
  }

  private static Map<String, Object> eventBase(
      String type, ImageSpec spec, Pictures.Encoded image, Fault fault) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("b64_json", base64(image, fault));
    e.put("created_at", System.currentTimeMillis() / 1000);
    e.put("size", spec.size());
    e.put("quality", spec.quality() == null ? "medium" : spec.quality());
    e.put("background", spec.transparent() ? "transparent" : "opaque");
    e.put("output_format", spec.format());
    return e;
  }

  private static void writeEvent(OutputStream out, String name, Map<String, Object> data)
      throws IOException {
    out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
    out.write(Json.toJson(data).getBytes(StandardCharsets.UTF_8));
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The image's base64, or what the {@link Fault#BAD_BASE64} and NOT_IMAGE faults put there. */
  private static String base64(Pictures.Encoded image, Fault fault) {
    if (fault == Fault.BAD_BASE64) {
      return "iVBORw0KGgo*not~base64*" + image.base64().substring(0, 64);
    }
    if (fault == Fault.NOT_IMAGE) {
      return Base64.getEncoder().encodeToString(NOT_AN_IMAGE);
    }
    return image.base64();
  }

  private static final byte[] NOT_AN_IMAGE =
      "<!DOCTYPE html><html><body><h1>Image unavailable</h1></body></html>\n"
          .getBytes(StandardCharsets.UTF_8);

  private String storeUrl(Pictures.Encoded image, Fault fault) {
    String ext = image.format().equals("jpeg") ? "jpg" : image.format();
    String id = "img-" + Long.toHexString(System.nanoTime()) + ids.incrementAndGet() + "." + ext;
    long expires = System.currentTimeMillis() + options.urlLifetime().toMillis();
    urls.put(
        id,
        fault == Fault.NOT_IMAGE
            ? new Stored(NOT_AN_IMAGE, "text/html", expires)
            : new Stored(image.bytes(), image.mime(), expires));
    urls.values().removeIf(s -> s.expiresAt < System.currentTimeMillis());
    return imageOrigin() + "/images/" + id;
  }

  /** Where image URLs point: the emulator itself, named by {@link EmulatorOptions#imageHost()}. */
  private String imageOrigin() {
    String host = options.imageHost();
    return host == null
        ? origin()
        : "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  private int serveStoredImage(Incoming in) throws IOException {
    String id = in.path.substring("/images/".length());
    Stored s = urls.get(id);
    if (s == null || s.expiresAt < System.currentTimeMillis()) {
      urls.remove(id);
      byte[] xml =
          ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
                  + "<Message>Signed expiry time has passed or the image does not exist.</Message>"
                  + "</Error>")
              .getBytes(StandardCharsets.UTF_8);
      return send(in.ex, 403, "application/xml", xml, null);
    }
    return send(in.ex, 200, s.mime, s.bytes, null);
  }

  private static Map<String, Object> modelList() {
    List<Object> data = new ArrayList<>();
    for (String id :
        List.of(
            "gpt-image-2",
            "gpt-image-2-2026-04-21",
            "gpt-image-1.5",
            "gpt-image-1-mini",
            "chatgpt-image-latest",
            "dall-e-2",
            "dall-e-3")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 1776729600L);
      m.put("owned_by", "system");
      data.add(m);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", data);
    return list;
  }

  // ---------------------------------------------------------------------------------------

  private int chat(Incoming in, Fault fault) throws IOException {
    Map<String, Object> body = in.jsonObject();
    Object messages = body.get("messages");
    if (!(messages instanceof List<?> list) || list.isEmpty()) {
      throw ApiError.invalid(
          "messages", "missing_required_parameter", "Missing required parameter: 'messages'.");
    }
    StringBuilder prompt = new StringBuilder();
    List<byte[]> inputs = new ArrayList<>();
    for (Object m : list) {
      if (!(m instanceof Map<?, ?> msg) || !"user".equals(msg.get("role"))) {
        continue;
      }
      Object content = msg.get("content");
      if (content instanceof String s) {
        prompt.append(s).append(' ');
      } else if (content instanceof List<?> parts) {
        for (Object part : parts) {
          if (part instanceof Map<?, ?> p) {
            if ("text".equals(p.get("type")) && p.get("text") instanceof String t) {
              prompt.append(t).append(' ');
            } else if ("image_url".equals(p.get("type"))) {
              inputs.add(imageReference(p, "messages"));
            }
          }
        }
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>(body);
    fields.put("prompt", prompt.toString().trim());
    fields.remove("messages");
    fields.remove("modalities");
    ImageSpec spec = ImageSpec.parse(fields::get, !inputs.isEmpty(), false);
    waitLatency(spec);
    List<Pictures.Encoded> images = new ArrayList<>();
    long inputTokens = 0;
    if (fault != Fault.NO_IMAGE) {
      BufferedImage first = inputs.isEmpty() ? null : decode(inputs.get(0), 1);
      for (int i = 0; i < spec.n(); i++) {
        images.add(
            first == null
                ? pictures.generate(spec, i, Integer.MAX_VALUE)
                : pictures.edit(spec, first, null, i, 1.0));
      }
      if (first != null) {
        inputTokens = ImageSpec.inputImageTokens(first.getWidth(), first.getHeight());
      }
    }
    String shapeHeader = in.ex.getRequestHeaders().getFirst("x-emulator-chat-shape");
    EmulatorOptions.ChatShape shape =
        shapeHeader == null
            ? options.chatShape()
            : EmulatorOptions.ChatShape.valueOf(shapeHeader.trim().toUpperCase(Locale.ROOT));
    String words =
        images.isEmpty()
            ? "I can't draw that. Could you tell me more about the picture you want?"
            : "Here is your image.";
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    switch (shape) {
      case MARKDOWN -> {
        StringBuilder text = new StringBuilder(words);
        for (Pictures.Encoded image : images) {
          text.append("\n\n![image](data:")
              .append(image.mime())
              .append(";base64,")
              .append(image.base64())
              .append(')');
        }
        message.put("content", text.toString());
      }
      case PARTS -> {
        List<Object> parts = new ArrayList<>();
        parts.add(Map.of("type", "text", "text", words));
        for (Pictures.Encoded image : images) {
          parts.add(imageUrlPart(image));
        }
        message.put("content", parts);
      }
      case IMAGES -> {
        message.put("content", words);
        List<Object> parts = new ArrayList<>();
        for (Pictures.Encoded image : images) {
          parts.add(imageUrlPart(image));
        }
        message.put("images", parts);
      }
    }
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("finish_reason", "stop");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", "chatcmpl-" + Long.toHexString(ids.incrementAndGet()));
    answer.put("object", "chat.completion");
    answer.put("created", System.currentTimeMillis() / 1000);
    answer.put("model", spec.model());
    answer.put("choices", List.of(choice));
    Map<String, Object> u = spec.usage(images.size(), inputTokens, 0);
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", u.get("input_tokens"));
    usage.put("completion_tokens", u.get("output_tokens"));
    usage.put("total_tokens", u.get("total_tokens"));
    answer.put("usage", usage);
    return send(
        in.ex,
        200,
        "application/json",
        Json.toJson(answer).getBytes(StandardCharsets.UTF_8),
        fault);
  }

  private static Map<String, Object> imageUrlPart(Pictures.Encoded image) {
    return Map.of(
        "type",
        "image_url",
        "image_url",
        Map.of("url", "data:" + image.mime() + ";base64," + image.base64()));
  }

  // ---------------------------------------------------------------------------------------

  private int sendError(HttpExchange ex, ApiError e) throws IOException {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("message", e.getMessage());
    err.put("type", e.type);
    err.put("param", e.param);
    err.put("code", e.code);
    byte[] body = Json.toJson(Map.of("error", err)).getBytes(StandardCharsets.UTF_8);
    return send(ex, e.status, "application/json", body, null);
  }

  private int sendJson(HttpExchange ex, int status, Object value) throws IOException {
    return send(
        ex, status, "application/json", Json.toJson(value).getBytes(StandardCharsets.UTF_8), null);
  }

  /** Sends a whole body, cut or slowed where the fault says so. */
  private int send(HttpExchange ex, int status, String type, byte[] body, Fault fault)
      throws IOException {
    ex.getResponseHeaders().set("content-type", type);
    answered(ex, status);
    if (fault == Fault.TRUNCATED_JSON) {
      ex.sendResponseHeaders(status, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body, 0, body.length / 2);
      }
    } else if (fault == Fault.SLOW_BODY) {
      ex.sendResponseHeaders(status, body.length);
      long pause = options.slowBody().toMillis() / 20;
      try (OutputStream out = ex.getResponseBody()) {
        int step = (body.length + 19) / 20;
        for (int at = 0; at < body.length; at += step) {
          out.write(body, at, Math.min(step, body.length - at));
          out.flush();
          if (stopped.await(pause, TimeUnit.MILLISECONDS)) {
            throw new DropConnection();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DropConnection();
      }
    } else {
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    return status;
  }
}
