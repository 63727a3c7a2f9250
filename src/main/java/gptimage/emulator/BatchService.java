package gptimage.emulator;

import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/batches} as the Batch API serves them: on a JSONL input file uploaded to the {@link
 * FileStore}, a batch is created, and runs through {@code validating}, {@code in_progress}, {@code
 * finalizing} to {@code completed} (or {@code failed}, {@code expired}, {@code cancelled}) over
 * {@link EmulatorOptions#batchDuration()}. Each line is answered by sending its body to the
 * emulator's own endpoint over loopback, so a batch's images are exactly the ones a direct request
 * would get; those requests carry the header {@code x-emulator-batch}.
 */
final class BatchService {
  static final int MAX_REQUESTS = 50_000;
  private static final Set<String> ENDPOINTS =
      Set.of("/v1/images/generations", "/v1/images/edits", "/v1/chat/completions");

  private final EmulatorOptions options;
  private final ExecutorService pool;
  private final CountDownLatch stopped;
  private final java.util.function.Supplier<String> baseOrigin;
  private final FileStore files;
  private final Map<String, EmulatedBatch> batches = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final HttpClient loopback =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  BatchService(
      EmulatorOptions options,
      ExecutorService pool,
      CountDownLatch stopped,
      java.util.function.Supplier<String> baseOrigin,
      FileStore files) {
    this.options = options;
    this.files = files;
    this.pool = pool;
    this.stopped = stopped;
    this.baseOrigin = baseOrigin;
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private String newId(String prefix) {
    return prefix + Long.toHexString(0xba7c0000L + ids.incrementAndGet());
  }

  Answer createBatch(Map<String, Object> body, String authorization) {
    Object input = body.get("input_file_id");
    Object endpoint = body.get("endpoint");
    Object window = body.get("completion_window");
    if (!(input instanceof String inputId)) {
      throw ApiError.invalid(
          "input_file_id", "missing_required_parameter", "Missing 'input_file_id'.");
    }
    if (!(endpoint instanceof String ep) || !ENDPOINTS.contains(ep)) {
      throw ApiError.invalid(
          "endpoint",
          "invalid_value",
          "Invalid endpoint '" + endpoint + "'; this emulator batches " + ENDPOINTS + ".");
    }
    if (!"24h".equals(window)) {
      throw ApiError.invalid(
          "completion_window", "invalid_value", "completion_window must be '24h'.");
    }
    FileStore.StoredFile f = files.find(inputId);
    if (f == null || !f.purpose().equals("batch")) {
      throw ApiError.invalid(
          "input_file_id",
          "invalid_value",
          f == null ? "No such File object: " + inputId : "The file's purpose must be 'batch'.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        body.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    EmulatedBatch b = new EmulatedBatch(newId("batch_"), ep, inputId, authorization, metadata);
    batches.put(b.id, b);
    pool.execute(() -> work(b, f));
    return Answer.json(200, b.json());
  }

  Answer getBatch(String id) {
    return Answer.json(200, batch(id).json());
  }

  Answer cancelBatch(String id) {
    EmulatedBatch b = batch(id);
    if (Set.of("completed", "failed", "expired", "cancelled").contains(b.status)) {
      throw new ApiError(
          409,
          "invalid_request_error",
          null,
          "batch_not_cancellable",
          "Cannot cancel a batch with status '" + b.status + "'.");
    }
    if (!b.cancel) {
      b.cancel = true;
      b.times.put("cancelling", now());
      b.status = "cancelling";
    }
    return Answer.json(200, b.json());
  }

  private EmulatedBatch batch(String id) {
    EmulatedBatch b = batches.get(id);
    if (b == null) {
      throw new ApiError(
          404, "invalid_request_error", "batch_id", "not_found", "No such Batch object: " + id);
    }
    return b;
  }

  /** Runs a batch through its states; each line is sent to the emulator's own endpoint. */
  private void work(EmulatedBatch b, FileStore.StoredFile input) {
    long quarter = Math.max(1, options.batchDuration().toMillis() / 4);
    if (pause(quarter)) {
      return;
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    List<Object> errors = new ArrayList<>();
    String[] text = new String(input.bytes(), StandardCharsets.UTF_8).split("\n");
    Set<String> customIds = new HashSet<>();
    for (int i = 0; i < text.length; i++) {
      if (text[i].isBlank()) {
        continue;
      }
      int line = i + 1;
      Object tree;
      try {
        tree = Json.parse(text[i]);
      } catch (Json.JsonFormatException e) {
        errors.add(lineError("invalid_json", "Line " + line + " is not valid JSON.", line));
        continue;
      }
      if (!(tree instanceof Map<?, ?> m)
          || !(m.get("custom_id") instanceof String cid)
          || !(m.get("body") instanceof Map<?, ?>)) {
        errors.add(
            lineError(
                "invalid_request",
                "Line " + line + " needs custom_id, method, url and body.",
                line));
        continue;
      }
      if (!"POST".equals(m.get("method")) || !b.endpoint.equals(m.get("url"))) {
        errors.add(
            lineError(
                "mismatched_endpoint",
                "Line " + line + ": the url must be the batch's endpoint " + b.endpoint + ".",
                line));
        continue;
      }
      if (!customIds.add(cid)) {
        errors.add(
            lineError("duplicate_custom_id", "Line " + line + ": custom_id is not unique.", line));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) m;
      lines.add(typed);
    }
    if (lines.size() > MAX_REQUESTS) {
      errors.add(
          lineError(
              "too_many_requests",
              "A batch may hold at most " + MAX_REQUESTS + " requests.",
              null));
    }
    if (!errors.isEmpty() || lines.isEmpty()) {
      if (errors.isEmpty()) {
        errors.add(lineError("empty_file", "The input file has no requests.", null));
      }
      b.errors = errors;
      b.times.put("failed", now());
      b.status = "failed";
      return;
    }
    b.total = lines.size();
    b.times.put("in_progress", now());
    b.status = "in_progress";
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream errorOut = new ByteArrayOutputStream();
    long perLine = Math.max(0, 2 * quarter / lines.size());
    int done = 0;
    boolean expired = false;
    for (Map<String, Object> line : lines) {
      if (b.cancel) {
        break;
      }
      if (options.batchExpireAfter() >= 0 && done >= options.batchExpireAfter()) {
        expired = true;
        break;
      }
      if (pause(perLine)) {
        return;
      }
      answerLine(b, line, output, errorOut);
      done++;
    }
    if (expired) {
      for (Map<String, Object> line : lines.subList(done, lines.size())) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", newId("batch_req_"));
        e.put("custom_id", line.get("custom_id"));
        e.put("response", null);
        e.put(
            "error",
            Map.of(
                "code",
                "batch_expired",
                "message",
                "This request could not be executed before the completion window expired."));
        write(errorOut, e);
        b.failed++;
      }
    }
    if (!b.cancel && !expired) {
      b.times.put("finalizing", now());
      b.status = "finalizing";
      if (pause(quarter)) {
        return;
      }
    }
    if (output.size() > 0) {
      b.outputFileId = store(b.id + "_output.jsonl", output.toByteArray());
    }
    if (errorOut.size() > 0) {
      b.errorFileId = store(b.id + "_error.jsonl", errorOut.toByteArray());
    }
    String end = b.cancel ? "cancelled" : expired ? "expired" : "completed";
    b.times.put(end, now());
    b.status = end;
  }

  private void answerLine(
      EmulatedBatch b,
      Map<String, Object> line,
      ByteArrayOutputStream output,
      ByteArrayOutputStream err) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", newId("batch_req_"));
    record.put("custom_id", line.get("custom_id"));
    int status;
    String requestId = null;
    Object body;
    try {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(URI.create(baseOrigin.get() + b.endpoint))
              .header("content-type", "application/json")
              .header("x-emulator-batch", b.id)
              .timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofString(Json.toJson(line.get("body"))));
      if (b.authorization != null) {
        r.header("authorization", b.authorization);
      }
      HttpResponse<String> answer = loopback.send(r.build(), HttpResponse.BodyHandlers.ofString());
      status = answer.statusCode();
      requestId = answer.headers().firstValue("x-request-id").orElse(null);
      body = Json.parse(answer.body());
    } catch (Exception e) {
      status = 500;
      body =
          Map.of(
              "error", Map.of("message", "The server had an error: " + e, "type", "server_error"));
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("status_code", status);
    response.put("request_id", requestId);
    response.put("body", body);
    record.put("response", response);
    record.put("error", null);
    if (status / 100 == 2) {
      write(output, record);
      b.completed++;
    } else {
      write(err, record);
      b.failed++;
    }
  }

  private static Map<String, Object> lineError(String code, String message, Integer line) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    e.put("param", null);
    e.put("line", line);
    return e;
  }

  private static void write(ByteArrayOutputStream out, Map<String, Object> record) {
    byte[] bytes = (Json.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(bytes, 0, bytes.length);
    }
  }

  private String store(String name, byte[] bytes) {
    return files.put(name, "batch_output", bytes).id();
  }

  /** Sleeps; true where the emulator stopped meanwhile. */
  private boolean pause(long millis) {
    try {
      return millis > 0 && stopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
