package gptimage.batch;

import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.client.BatchApiClient;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.ResultJson;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.OutputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job file run on the provider's Batch API rather than request by request: the jobs are written
 * as input files (at most 50,000 lines and 200 MB each, one endpoint each), uploaded to {@code
 * /files}, run as batches, polled, and their output and error files read as streams into the same
 * images, {@code results.jsonl} and gallery as a local run. What was submitted is kept in the
 * output folder ({@value #STATE} and {@value #JOBS}), so a run can return at once and be picked up
 * later, or cancelled.
 */
public final class ProviderBatch {
  static final String STATE = ".openai-batch.json";
  static final String JOBS = ".openai-batch-jobs.jsonl";
  private static final Set<String> FINAL = Set.of("completed", "failed", "expired", "cancelled");

  /** The Batch API charges half the synchronous price. */
  static final double PRICE_FACTOR = 0.5;

  /**
   * @param maxRequests lines a batch may hold (the provider's limit is 50,000)
   * @param maxBytes bytes an input file may hold (the provider's limit is 200 MB)
   * @param poll time between status checks
   */
  public record Limits(int maxRequests, long maxBytes, Duration poll) {
    public static Limits openAi(Duration poll) {
      return new Limits(50_000, 200L << 20, poll);
    }
  }

  private final ImageClient client;
  private final Path folder;
  private final Limits limits;
  private final java.io.PrintStream err;
  private final boolean quiet;
  private final Results results;
  private volatile boolean interrupted;

  public ProviderBatch(
      ImageClient client, Path folder, Limits limits, java.io.PrintStream err, boolean quiet) {
    this.client = client;
    this.folder = folder;
    this.limits = limits;
    this.err = err;
    this.quiet = quiet;
    this.results = new Results(folder);
  }

  /** Whether this folder holds batches submitted and not yet collected. */
  public static boolean pending(Path folder) {
    Map<String, Object> state = readState(folder);
    return state != null && !uncollected(state).isEmpty();
  }

  /**
   * Submits the jobs of {@code run} still to do as one or more batches, then (unless {@code
   * noWait}) waits for them and collects them.
   *
   * @return how it ended ({@link Outcome#ALL_DONE} once submitted, with {@code noWait})
   */
  public Outcome submit(BatchRun run, boolean noWait, OutputStream out) throws IOException {
    BatchRun.Plan plan = run.plan();
    new ImageStore(folder).prepare();
    if (pending(folder)) {
      say("batch: batches of an earlier run are still open here; picking them up.");
      return follow(out);
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("job_file", run.jobs.file().toString());
    state.put("jobs", plan.jobs());
    state.put("already_done", plan.alreadyDone());
    state.put("submitted_at", Instant.now().toString());
    state.put("results_offset", Files.exists(results.file()) ? Files.size(results.file()) : 0);
    List<Map<String, Object>> batches = new ArrayList<>();
    state.put("batches", batches);
    if (plan.toRun() == 0) {
      writeState(state);
      return collectAndFinish(state, out);
    }
    Path jobsFile = folder.resolve(JOBS);
    Map<String, Chunk> open = new HashMap<>();
    List<Chunk> full = new ArrayList<>();
    try {
      return writeAndSubmit(run, noWait, out, state, batches, jobsFile, open, full);
    } finally {
      // Input files are gone once uploaded; whatever a failure left is removed here.
      for (Chunk c : open.values()) {
        c.close();
        Files.deleteIfExists(c.file);
      }
      for (Chunk c : full) {
        Files.deleteIfExists(c.file);
      }
      Files.deleteIfExists(folder.resolve(".batch-line.part"));
    }
  }

  private Outcome writeAndSubmit(
      BatchRun run,
      boolean noWait,
      OutputStream out,
      Map<String, Object> state,
      List<Map<String, Object>> batches,
      Path jobsFile,
      Map<String, Chunk> open,
      List<Chunk> full)
      throws IOException {
    try (OutputStream jobsOut = Files.newOutputStream(jobsFile)) {
      run.read(
          (job, request, line, problem) -> {
            if (run.isDone(job, request)) {
              return;
            }
            if (request.protocol() != gptimage.client.Protocol.OPENAI_IMAGES) {
              throw new UsageException(
                  "line "
                      + line
                      + ": --via openai-batch sends Images API requests only; drop"
                      + " --protocol openai_chat.");
            }
            String endpoint = BatchApiClient.batchEndpoint(request);
            Path part = folder.resolve(".batch-line.part");
            long bytes;
            try (OutputStream o = Files.newOutputStream(part)) {
              bytes = BatchApiClient.writeBatchLine(request, job.id(), o);
            }
            Chunk chunk = open.get(endpoint);
            if (chunk != null
                && (chunk.requests >= limits.maxRequests()
                    || chunk.bytes + bytes > limits.maxBytes())) {
              chunk.close();
              full.add(chunk);
              chunk = null;
            }
            if (chunk == null) {
              chunk =
                  new Chunk(
                      endpoint,
                      folder.resolve(
                          ".batch-input-"
                              + full.size()
                              + open.size()
                              + "-"
                              + System.nanoTime()
                              + ".jsonl"));
              open.put(endpoint, chunk);
            }
            chunk.add(part, bytes);
            Files.delete(part);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("custom_id", job.id());
            info.put("line", job.line());
            info.put("stem", run.stem(job));
            info.put("prompt", job.prompt());
            info.put("params", BatchRun.params(request));
            info.put("fingerprint", run.fingerprint(job, request));
            info.put("endpoint", endpoint);
            info.put("chunk", chunk.file.getFileName().toString());
            if (job.name() != null) {
              info.put("name", job.name());
            }
            jobsOut.write((Json.toJson(info) + "\n").getBytes(StandardCharsets.UTF_8));
          },
          true);
    }
    for (Chunk c : open.values()) {
      c.close();
      full.add(c);
    }
    open.clear();
    // Upload and create one batch per chunk; the state is saved after each, so an interrupt
    // leaves nothing paid for untracked.
    for (Chunk c : full) {
      Map<String, Object> file = client.batches().uploadFile(c.file, "batch", "application/jsonl");
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("source", "gpt-image-2-api");
      meta.put("job_file", String.valueOf(run.jobs.file().getFileName()));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("input_file_id", file.get("id"));
      body.put("endpoint", c.endpoint);
      body.put("completion_window", "24h");
      body.put("metadata", meta);
      Map<String, Object> created = client.batches().postJson("/batches", body);
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", created.get("id"));
      b.put("endpoint", c.endpoint);
      b.put("input_file_id", file.get("id"));
      b.put("chunk", c.file.getFileName().toString());
      b.put("requests", c.requests);
      b.put("status", created.get("status"));
      b.put("collected", false);
      batches.add(b);
      writeState(state);
      Files.deleteIfExists(c.file);
      say(
          "batch: submitted "
              + created.get("id")
              + " ("
              + c.requests
              + " requests to "
              + c.endpoint
              + ")");
    }
    if (noWait) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("batches", batches.stream().map(b -> b.get("id")).toList());
      summary.put(
          "requests",
          batches.stream().mapToInt(b -> ((Number) b.get("requests")).intValue()).sum());
      summary.put("state", folder.resolve(STATE).toString());
      summary.put("resume", "gpt-image-2-api batch --resume " + folder);
      out.write(Json.toPrettyJson(summary).getBytes(StandardCharsets.UTF_8));
      out.flush();
      return Outcome.ALL_DONE;
    }
    return follow(out);
  }

  /** An input file being written: lines for one endpoint, within the limits. */
  private static final class Chunk {
    final String endpoint;
    final Path file;
    final OutputStream out;
    int requests;
    long bytes;

    Chunk(String endpoint, Path file) throws IOException {
      this.endpoint = endpoint;
      this.file = file;
      this.out = Files.newOutputStream(file);
    }

    void add(Path line, long size) throws IOException {
      Files.copy(line, out);
      requests++;
      bytes += size;
    }

    void close() throws IOException {
      out.close(); // closing twice is harmless
    }
  }

  /** Polls the open batches until each ends, collecting each as it does; then the summary. */
  public Outcome follow(OutputStream out) throws IOException {
    Map<String, Object> state = readState(folder);
    if (state == null) {
      throw new UsageException(
          folder
              + " holds no Batch API run ("
              + STATE
              + " is missing); start one with batch FILE"
              + " --via openai-batch --output "
              + folder
              + ".");
    }
    while (true) {
      List<Map<String, Object>> open = uncollected(state);
      if (open.isEmpty()) {
        break;
      }
      StringBuilder line = new StringBuilder("batch:");
      for (Map<String, Object> b : open) {
        Map<String, Object> now = client.batches().getJson("/batches/" + b.get("id"));
        String status = String.valueOf(now.get("status"));
        b.put("status", status);
        Object counts = now.get("request_counts");
        line.append(' ')
            .append(b.get("id"))
            .append(' ')
            .append(status)
            .append(' ')
            .append(Json.at(counts, "completed"))
            .append('/')
            .append(Json.at(counts, "total"))
            .append(" done, ")
            .append(Json.at(counts, "failed"))
            .append(" failed;");
        if (FINAL.contains(status)) {
          collect(b, now);
          b.put("collected", true);
          writeState(state);
        }
      }
      say(line.toString());
      if (uncollected(state).isEmpty()) {
        break;
      }
      sleep(limits.poll());
    }
    return collectAndFinish(state, out);
  }

  /** Asks the provider to cancel every open batch, then collects what they did. */
  public Outcome cancel(OutputStream out) throws IOException {
    Map<String, Object> state = readState(folder);
    if (state == null || uncollected(state).isEmpty()) {
      throw new UsageException(folder + " holds no open Batch API run to cancel.");
    }
    for (Map<String, Object> b : uncollected(state)) {
      try {
        Map<String, Object> now =
            client.batches().postJson("/batches/" + b.get("id") + "/cancel", Map.of());
        say("batch: cancelling " + b.get("id") + " (" + now.get("status") + ")");
      } catch (gptimage.wire.ApiException e) {
        say("batch: " + b.get("id") + " cannot be cancelled: " + e.getMessage());
      }
    }
    return follow(out);
  }

  /** Reads a finished batch's output and error files into images and results. */
  private void collect(Map<String, Object> b, Map<String, Object> batch) throws IOException {
    Map<String, Map<String, Object>> jobs = jobsOf(String.valueOf(b.get("chunk")));
    String batchId = String.valueOf(b.get("id"));
    // A collect cut short by an interrupt left some records: those lines are not saved twice.
    Set<String> seen = recordedFor(batchId);
    for (String key : new String[] {"output_file_id", "error_file_id"}) {
      if (!(batch.get(key) instanceof String fileId)) {
        continue;
      }
      Path temp = folder.resolve(".batch-" + key + "-" + fileId + ".part");
      try {
        client.batches().download("/files/" + fileId + "/content", temp);
        client
            .batches()
            .readBatchOutput(
                temp,
                folder,
                line -> {
                  String customId = String.valueOf(Json.at(line, "custom_id"));
                  Map<String, Object> job = jobs.get(customId);
                  if (job == null || !seen.add(customId)) {
                    return;
                  }
                  results.append(record(job, line, batchId));
                });
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    String status = String.valueOf(batch.get("status"));
    for (Map<String, Object> job : jobs.values()) {
      if (seen.contains(String.valueOf(job.get("custom_id")))) {
        continue;
      }
      String why =
          status.equals("failed")
              ? "the batch failed validation: " + batchErrors(batch)
              : "not run: the batch ended " + status + " before this request";
      Map<String, Object> r = base(job, batchId);
      r.put("status", "failed");
      r.put("files", List.of());
      r.put("error", why);
      finishRecord(r, job);
      results.append(r);
    }
    results.close();
  }

  private Map<String, Object> record(Map<String, Object> job, Object line, String batchId) {
    Map<String, Object> r = base(job, batchId);
    Object response = Json.at(line, "response");
    int status = Json.at(response, "status_code") instanceof Number n ? n.intValue() : 0;
    String requestId = Json.at(response, "request_id") instanceof String s ? s : null;
    if (status / 100 == 2) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) job.get("params");
        ImageRequest request =
            ImageRequest.builder(String.valueOf(job.get("prompt")))
                .model(String.valueOf(params.get("model")))
                .build();
        ImageResult saved =
            client
                .batches()
                .saveAnswer(
                    Json.at(response, "body"),
                    request,
                    new ImageClient.SaveOptions(folder, String.valueOf(job.get("stem")), false),
                    requestId);
        r.put("status", "ok");
        ResultJson.putSaved(
            r,
            saved,
            saved.costUsd() == null
                ? null
                : Math.round(saved.costUsd() * PRICE_FACTOR * 1e6) / 1e6);
      } catch (ImageToolException e) {
        r.put("status", "failed");
        r.put("files", List.of());
        r.put("error", e.getMessage());
      }
    } else {
      Object error = Json.at(response, "body", "error");
      if (error == null) {
        error = Json.at(line, "error");
      }
      r.put("status", "failed");
      r.put("files", List.of());
      r.put(
          "error",
          "The provider's batch answered "
              + (status > 0 ? "HTTP " + status + ": " : "")
              + (Json.at(error, "message") != null ? Json.at(error, "message") : error)
              + (Json.at(error, "code") != null ? " (code: " + Json.at(error, "code") + ")" : ""));
    }
    if (requestId != null) {
      r.put("request_id", requestId);
    }
    finishRecord(r, job);
    return r;
  }

  private Set<String> recordedFor(String batchId) throws IOException {
    Set<String> ids = new java.util.HashSet<>();
    if (!Files.exists(results.file())) {
      return ids;
    }
    String marker = "\"batch_id\":" + Json.toJson(batchId);
    try (BufferedReader in = Files.newBufferedReader(results.file(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.contains(marker) && Json.parse(line) instanceof Map<?, ?> m) {
          ids.add(String.valueOf(m.get("id")));
        }
      }
    }
    return ids;
  }

  private static Map<String, Object> base(Map<String, Object> job, String batchId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", job.get("custom_id"));
    r.put("line", job.get("line"));
    r.put("via", "openai-batch");
    r.put("batch_id", batchId);
    return r;
  }

  private static void finishRecord(Map<String, Object> r, Map<String, Object> job) {
    r.put("prompt", job.get("prompt"));
    r.put("params", job.get("params"));
    if (job.get("name") != null) {
      r.put("name", job.get("name"));
    }
    r.put("attempts", 1);
    r.put("finished_at", Instant.now().toString());
    r.put("fingerprint", job.get("fingerprint"));
  }

  private static String batchErrors(Map<String, Object> batch) {
    if (Json.at(batch, "errors", "data") instanceof List<?> list && !list.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Object e : list) {
        parts.add(
            (Json.at(e, "line") != null ? "line " + Json.at(e, "line") + ": " : "")
                + Json.at(e, "message"));
      }
      return String.join("; ", parts);
    }
    return "no reason given";
  }

  /** The jobs submitted in one input file, by custom id. */
  private Map<String, Map<String, Object>> jobsOf(String chunk) throws IOException {
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    try (BufferedReader in =
        Files.newBufferedReader(folder.resolve(JOBS), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> job = (Map<String, Object>) Json.parse(line);
          if (chunk.equals(job.get("chunk"))) {
            jobs.put(String.valueOf(job.get("custom_id")), job);
          }
        }
      }
    }
    return jobs;
  }

  private Outcome collectAndFinish(Map<String, Object> state, OutputStream out) throws IOException {
    long offset = state.get("results_offset") instanceof Number n ? n.longValue() : 0;
    int jobs = state.get("jobs") instanceof Number n ? n.intValue() : 0;
    int done = state.get("already_done") instanceof Number n ? n.intValue() : 0;
    // The counts of this run come from the records it appended.
    int ok = 0;
    int failed = 0;
    double spent = 0;
    if (Files.exists(results.file())) {
      try (var in = Files.newInputStream(results.file())) {
        in.skipNBytes(Math.min(offset, Files.size(results.file())));
        BufferedReader r =
            new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          Object tree = line.isBlank() ? null : Json.parse(line);
          if (tree instanceof Map<?, ?> m) {
            if ("ok".equals(m.get("status"))) {
              ok++;
            } else {
              failed++;
            }
            if (m.get("cost_usd") instanceof Number c) {
              spent += c.doubleValue();
            }
          }
        }
      }
    }
    Progress progress = new Progress(0, err, false, true, () -> 0);
    progress.done.set(ok);
    progress.failed.set(failed);
    progress.spent(spent);
    int notStarted = Math.max(0, jobs - done - ok - failed);
    long since = 0;
    try {
      since =
          Duration.between(Instant.parse(String.valueOf(state.get("submitted_at"))), Instant.now())
              .toNanos();
    } catch (RuntimeException e) {
      // no time recorded: the elapsed time counts from now
    }
    return BatchRun.finish(
        results,
        folder,
        out,
        new BatchRun.Plan(jobs, jobs - done, done, 0, null),
        progress,
        notStarted,
        offset,
        System.nanoTime() - since);
  }

  // ---- state ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readState(Path folder) {
    Path file = folder.resolve(STATE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return (Map<String, Object>) Json.parse(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> uncollected(Map<String, Object> state) {
    List<Map<String, Object>> open = new ArrayList<>();
    if (state.get("batches") instanceof List<?> list) {
      for (Object b : list) {
        if (b instanceof Map<?, ?> m && !Boolean.TRUE.equals(m.get("collected"))) {
          open.add((Map<String, Object>) m);
        }
      }
    }
    return open;
  }

  private void writeState(Map<String, Object> state) {
    Path file = folder.resolve(STATE);
    Path temp = folder.resolve(STATE + ".part");
    try {
      Files.writeString(temp, Json.toPrettyJson(state));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void say(String line) {
    if (!quiet) {
      err.println(line);
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new gptimage.wire.Transport.Interrupted();
    }
  }

  /** For a signal: the batches run on at the provider; say how to pick them up. */
  public void interrupted() {
    if (!interrupted) {
      interrupted = true;
      err.println(
          "\nbatch: interrupted; the batches run on at the provider. Pick them up with"
              + " gpt-image-2-api batch --resume "
              + folder
              + " (or stop them with --cancel).");
    }
  }
}
