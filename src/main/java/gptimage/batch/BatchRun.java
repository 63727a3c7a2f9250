package gptimage.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.Pricing;
import gptimage.client.ResultJson;
import gptimage.client.Usage;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.OutputException;
import gptimage.wire.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs every job of a job file through one {@link ImageClient}: checked first, then sent at most
 * {@code concurrency} at a time through one {@link Throttle}, each finished job appended to {@code
 * results.jsonl}, jobs already done (same id, same request) skipped, and {@code index.html} written
 * at the end. Safe to stop at any moment: {@link #stop} lets the requests in flight arrive and be
 * saved, since they are paid for, and starts no more.
 */
public final class BatchRun {
  /**
   * How to run.
   *
   * @param output the folder for images, {@code results.jsonl} and {@code index.html}
   * @param concurrency the most requests in flight
   * @param imagesPerMinute the rate to hold ({@code --rpm}); 0 for none
   * @param maxCost no job starts whose estimate would take the run's spend past this (USD); null
   *     for no limit
   * @param force redo jobs already done
   * @param savePartials keep streamed partial images
   * @param quiet no progress on stderr
   * @param terminal stderr is a terminal: a live bar rather than lines
   */
  public record Options(
      Path output,
      int concurrency,
      double imagesPerMinute,
      Double maxCost,
      boolean force,
      boolean savePartials,
      boolean quiet,
      boolean terminal) {}

  /** Turns a job into its checked request; throws {@link ImageToolException} where it is bad. */
  @FunctionalInterface
  public interface Planner {
    ImageRequest request(Job job);
  }

  /** What the check of the whole file found. */
  public record Plan(int jobs, int toRun, int alreadyDone, long images, Double estimatedCostUsd) {}

  private static final int MAX_REPORTED = 20;

  final JobFile jobs;
  private final Planner planner;
  final Options options;
  final PrintStream err;
  final UnaryOperator<String> redact;
  final Results results;
  private final Throttle throttle;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Jobs not started, or given up before a retry once the run was stopping. */
  private final AtomicInteger abandoned = new AtomicInteger();

  final CountDownLatch finished = new CountDownLatch(1);

  /** Per job thread: attempts so far, and the images the job asks for. */
  private final ThreadLocal<int[]> attempts = ThreadLocal.withInitial(() -> new int[] {1, 1});

  private Map<String, Results.Known> known;
  private int lineWidth = 3;
  private Plan plan;

  public BatchRun(
      JobFile jobs,
      Planner planner,
      Options options,
      PrintStream err,
      UnaryOperator<String> redact) {
    this.jobs = jobs;
    this.planner = planner;
    this.options = options;
    this.err = err;
    this.redact = redact;
    this.results = new Results(options.output());
    this.throttle = new Throttle(options.concurrency(), options.imagesPerMinute());
  }

  /** Give this to {@link ImageClient.Builder#onRetry}: 429s slow the whole batch down. */
  public Transport.RetryListener retryListener() {
    return (status, wait, headers) -> {
      if (stopping.get()) {
        // Stopping: a retry would start a new request, and the failed attempt cost nothing.
        throw new Transport.Interrupted();
      }
      attempts.get()[0]++;
      if (status == 429) {
        Integer limit = null;
        if (headers != null) {
          try {
            limit =
                headers.firstValue("x-ratelimit-limit-requests").map(Integer::valueOf).orElse(null);
          } catch (NumberFormatException e) {
            // not a number: no limit learnt
          }
        }
        throttle.rateLimited(wait, limit);
      }
      return throttle.retryAfter(attempts.get()[1], wait);
    };
  }

  /**
   * Checks every line and counts the work, before anything is sent.
   *
   * @throws UsageException listing the bad lines (up to 20) with their numbers
   */
  public Plan plan() {
    if (plan != null) {
      return plan;
    }
    known = options.force() ? Map.of() : results.load();
    List<String> bad = new ArrayList<>();
    AtomicInteger badCount = new AtomicInteger();
    Map<String, Integer> ids = new HashMap<>();
    java.util.BitSet implicit = new java.util.BitSet();
    int[] counts = new int[4]; // jobs, to run, done, last line
    long[] images = {0};
    double[] cost = {0};
    boolean[] costKnown = {true};
    read(
        (job, request, line, problem) -> {
          if (problem != null) {
            if (badCount.incrementAndGet() <= MAX_REPORTED) {
              bad.add(problem);
            }
            return;
          }
          // Ids default to the line number: only ids given in the file are kept in the map, so
          // a 100,000-line file of prompts holds no map of 100,000 ids.
          Integer earlier;
          if (job.id().equals(String.valueOf(line))) {
            implicit.set(line);
            earlier = ids.get(job.id());
          } else {
            earlier = ids.putIfAbsent(job.id(), line);
            if (earlier == null && job.id().matches("[1-9]\\d{0,8}")) {
              int other = Integer.parseInt(job.id());
              earlier = implicit.get(other) ? other : null;
            }
          }
          if (earlier != null) {
            if (badCount.incrementAndGet() <= MAX_REPORTED) {
              bad.add(
                  "line " + line + ": id \"" + job.id() + "\" is also on line " + earlier + ".");
            }
            return;
          }
          counts[0]++;
          counts[3] = line;
          if (isDone(job, request)) {
            counts[2]++;
            return;
          }
          counts[1]++;
          images[0] += request.n();
          Double estimate = Pricing.estimate(request);
          if (estimate == null) {
            costKnown[0] = false;
          } else {
            cost[0] += estimate;
          }
        },
        false);
    if (badCount.get() > 0) {
      throw new UsageException(
          jobs.file()
              + " has "
              + badCount.get()
              + " bad line"
              + (badCount.get() == 1 ? "" : "s")
              + "; nothing was sent:\n  "
              + String.join("\n  ", bad)
              + (badCount.get() > MAX_REPORTED
                  ? "\n  ... and " + (badCount.get() - MAX_REPORTED) + " more"
                  : ""));
    }
    lineWidth = Math.max(3, String.valueOf(counts[3]).length());
    if (options.maxCost() != null && !costKnown[0] && counts[1] > 0) {
      throw new UsageException(
          "--max-cost: some jobs use a model with no published price here, so their cost cannot"
              + " be bounded; drop --max-cost or use gpt-image-2, gpt-image-1.5, gpt-image-1 or"
              + " gpt-image-1-mini.");
    }
    plan =
        new Plan(
            counts[0],
            counts[1],
            counts[2],
            images[0],
            costKnown[0] ? Math.round(cost[0] * 1e6) / 1e6 : null);
    return plan;
  }

  /** Gets each line: its job and checked request, or (on an unchecked read) why it is bad. */
  interface LineVisitor {
    void visit(Job job, ImageRequest request, int line, String problem) throws Exception;
  }

  /** Reads the file; with {@code checked}, bad lines were reported already and are skipped. */
  void read(LineVisitor visitor, boolean checked) {
    try {
      jobs.read(
          (job, bad) -> {
            if (bad != null) {
              if (!checked) {
                visitor.visit(null, null, bad.line, bad.getMessage());
              }
              return;
            }
            if (checked) {
              visitor.visit(job, planner.request(job), job.line(), null);
              return;
            }
            ImageRequest request;
            try {
              request = planner.request(job);
            } catch (ImageToolException e) {
              visitor.visit(null, null, job.line(), "line " + job.line() + ": " + e.getMessage());
              return;
            }
            visitor.visit(job, request, job.line(), null);
          });
    } catch (ImageToolException | StopReading e) {
      if (e instanceof ImageToolException t) {
        throw t;
      }
    } catch (Exception e) {
      throw new UsageException("Cannot read " + jobs.file() + ": " + e.getMessage());
    }
  }

  /** Thrown out of a read to stop it early. */
  private static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }

  boolean isDone(Job job, ImageRequest request) {
    Results.Known k = known.get(job.id());
    return k != null && k.done() && k.fingerprint().equals(fingerprint(job, request));
  }

  /** The file name stem of a job: its {@code name}, or {@code NNN-<slug of the prompt>}. */
  String stem(Job job) {
    return job.name() != null
        ? job.name()
        : String.format("%0" + lineWidth + "d", job.line()) + "-" + JobFile.slug(job.prompt());
  }

  /**
   * What a job's file names come from, without the zero-padding width: a job file that grows past
   * 999 lines must not make every job done so far look new (and be paid for again).
   */
  private static String stemSource(Job job) {
    return job.name() != null ? "name:" + job.name() : "line:" + job.line();
  }

  String fingerprint(Job job, ImageRequest request) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((request + "|" + stemSource(job)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan as {@code --dry-run} prints it: totals, then the first 100 jobs to run. */
  public Map<String, Object> describePlan() {
    Plan p = plan();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", p.jobs());
    out.put("to_run", p.toRun());
    out.put("already_done", p.alreadyDone());
    out.put("images", p.images());
    if (p.estimatedCostUsd() != null) {
      out.put("estimated_cost_usd", java.math.BigDecimal.valueOf(p.estimatedCostUsd()));
    }
    if (options.maxCost() != null) {
      out.put("max_cost_usd", java.math.BigDecimal.valueOf(options.maxCost()));
    }
    out.put("output", options.output().toString());
    List<Object> first = new ArrayList<>();
    read(
        (job, r, line, problem) -> {
          if (isDone(job, r)) {
            return;
          }
          if (first.size() == 100) {
            throw new StopReading();
          }
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("line", line);
          j.put("id", job.id());
          j.put("files", stem(job) + "-<k>." + extensionOf(r));
          j.put("prompt", r.prompt());
          j.putAll(params(r));
          Double e = Pricing.estimate(r);
          if (e != null) {
            j.put("estimated_cost_usd", java.math.BigDecimal.valueOf(e));
          }
          first.add(j);
        },
        true);
    out.put("first_jobs", first);
    return out;
  }

  private static String extensionOf(ImageRequest r) {
    String f = r.outputFormat() == null ? "png" : r.outputFormat();
    return f.equals("jpeg") ? "jpg" : f;
  }

  static Map<String, Object> params(ImageRequest r) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", r.model());
    p.put("size", r.size());
    if (r.quality() != null) {
      p.put("quality", r.quality());
    }
    p.put("n", r.n());
    if (r.outputFormat() != null) {
      p.put("output_format", r.outputFormat());
    }
    if (r.background() != null) {
      p.put("background", r.background());
    }
    if (r.isEdit()) {
      p.put("images", r.images().size());
    }
    return p;
  }

  /**
   * Runs the jobs still to do and writes the summary JSON to {@code out}.
   *
   * @return how it ended: all done, some failed or not started, or none succeeded
   */
  public Outcome run(ImageClient client, OutputStream out) throws IOException {
    try {
      return runJobs(client, out);
    } finally {
      finished.countDown();
    }
  }

  private Outcome runJobs(ImageClient client, OutputStream out) throws IOException {
    Plan p = plan();
    ImageStore store = new ImageStore(options.output());
    store.prepare();
    long resultsStart = Files.exists(results.file()) ? Files.size(results.file()) : 0;
    long started = System.nanoTime();
    AtomicInteger notStarted = abandoned;
    Progress progress =
        new Progress(p.toRun(), err, options.terminal(), options.quiet(), throttle::inFlight);
    Object budgetLock = new Object();
    double[] reserved = {0};
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.concurrency(),
            r -> {
              Thread t = new Thread(r, "batch-job");
              t.setDaemon(true);
              return t;
            });
    try {
      read(
          (job, request, line, problem) -> {
            if (isDone(job, request)) {
              return;
            }
            if (stopping.get() || !throttle.acquire(request.n())) {
              notStarted.incrementAndGet();
              return;
            }
            Double estimate = Pricing.estimate(request);
            double cost = estimate == null ? 0 : estimate;
            if (options.maxCost() != null) {
              synchronized (budgetLock) {
                if (progress.spent() + reserved[0] + cost > options.maxCost() + 1e-9) {
                  throttle.release(false);
                  notStarted.incrementAndGet();
                  return;
                }
                reserved[0] += cost;
              }
            }
            pool.execute(
                () -> {
                  boolean ok = false;
                  try {
                    ok = runJob(client, job, request, estimate, progress);
                  } finally {
                    if (options.maxCost() != null) {
                      synchronized (budgetLock) {
                        reserved[0] -= cost;
                      }
                    }
                    throttle.release(ok);
                  }
                });
          },
          true);
    } finally {
      pool.shutdown();
      try {
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
          // the jobs in flight end within their timeout and retries
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      progress.close();
      results.close();
    }
    return finish(
        results, options.output(), out, p, progress, notStarted.get(), resultsStart, started);
  }

  private boolean runJob(
      ImageClient client, Job job, ImageRequest request, Double estimate, Progress progress) {
    long t0 = System.nanoTime();
    attempts.set(new int[] {1, request.n()});
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", job.id());
    record.put("line", job.line());
    boolean ok = false;
    List<String> files = new ArrayList<>();
    try {
      ImageResult r =
          client.generate(
              request,
              new ImageClient.SaveOptions(options.output(), stem(job), options.savePartials()));
      ok = r.incomplete() == null;
      record.put("status", ok ? "ok" : "failed");
      Double cost = r.costUsd() != null ? r.costUsd() : estimate;
      ResultJson.putSaved(record, r, cost);
      record.put(
          "sidecars",
          gptimage.client.Sidecar.writeAll(request, r, null, java.time.Clock.systemUTC()).stream()
              .map(Path::toString)
              .toList());
      if (cost != null) {
        progress.spent(cost);
      }
      if (!ok) {
        record.put("error", redact.apply(r.incomplete()));
      }
      progress.images.addAndGet(r.images().size());
    } catch (Transport.Interrupted e) {
      abandoned.incrementAndGet(); // stopped before a retry: nothing paid, so nothing recorded
      return false;
    } catch (ImageToolException e) {
      record.put("status", "failed");
      record.put("files", files);
      ResultJson.putFailure(record, e, redact);
      if (e instanceof OutputException) {
        // A full disk or a lost folder fails every job after it too: stop starting them.
        if (stopping.compareAndSet(false, true)) {
          err.println("batch: stopping: " + redact.apply(e.getMessage()));
          throttle.stop();
        }
      }
    } catch (RuntimeException e) {
      record.put("status", "failed");
      record.put("files", files);
      record.put("error", "unexpected error: " + redact.apply(String.valueOf(e)));
    }
    record.put("prompt", job.prompt());
    record.put("params", params(request));
    if (job.name() != null) {
      record.put("name", job.name());
    }
    if (estimate != null) {
      record.put("estimated_cost_usd", java.math.BigDecimal.valueOf(estimate));
    }
    record.put("attempts", attempts.get()[0]);
    record.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
    record.put("finished_at", Instant.now().toString());
    record.put("fingerprint", fingerprint(job, request));
    results.append(record);
    (ok ? progress.done : progress.failed).incrementAndGet();
    return ok;
  }

  /** Writes the gallery and the summary JSON; the files listed are streamed from the results. */
  static Outcome finish(
      Results results,
      Path folder,
      OutputStream out,
      Plan p,
      Progress progress,
      int notStarted,
      long resultsStart,
      long started)
      throws IOException {
    int succeeded = progress.done.get();
    int failed = progress.failed.get();
    Map<String, Object> usage = null;
    long images = 0;
    CostReconciliation costs = new CostReconciliation();
    // This run's records follow resultsStart: totals first, then the files in a second pass.
    try (BufferedReader in = recordsSince(results, resultsStart)) {
      String line;
      while (in != null && (line = in.readLine()) != null) {
        if (parse(line) instanceof Map<?, ?> m) {
          costs.add(m);
          if (m.get("usage") instanceof Map<?, ?> u) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) u;
            usage = Usage.sum(usage, typed);
          }
          if (m.get("files") instanceof List<?> f) {
            images += f.size();
          }
        }
      }
    }
    Map<String, Object> totals = galleryTotals(results, p);
    Path gallery = Gallery.write(folder, results, totals);
    try (JsonGenerator g = Json.pretty(Json.FACTORY.createGenerator(new NonClosing(out)))) {
      g.writeStartObject();
      g.writeNumberField("jobs", p.jobs());
      g.writeNumberField("succeeded", succeeded);
      g.writeNumberField("failed", failed);
      g.writeNumberField("already_done", p.alreadyDone());
      g.writeNumberField("not_started", notStarted);
      g.writeNumberField("images", images);
      g.writeArrayFieldStart("files");
      try (BufferedReader in = recordsSince(results, resultsStart)) {
        String line;
        while (in != null && (line = in.readLine()) != null) {
          if (parse(line) instanceof Map<?, ?> m && m.get("files") instanceof List<?> f) {
            for (Object file : f) {
              g.writeString(String.valueOf(file));
            }
          }
        }
      }
      g.writeEndArray();
      if (usage != null) {
        g.writeFieldName("usage");
        Json.write(g, usage);
      }
      g.writeFieldName("cost_usd");
      g.writeNumber(java.math.BigDecimal.valueOf(Math.round(progress.spent() * 1e6) / 1e6));
      g.writeFieldName("cost_check");
      Json.write(g, costs.toJson());
      g.writeStringField("results", results.file().toString());
      g.writeStringField("gallery", gallery.toString());
      g.writeNumberField("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
    if (failed == 0 && notStarted == 0) {
      return Outcome.ALL_DONE;
    }
    return succeeded + p.alreadyDone() > 0 ? Outcome.PARTLY : Outcome.NONE;
  }

  /** Counts over the latest record of every job, for the gallery's heading. */
  private static Map<String, Object> galleryTotals(Results results, Plan p) {
    long[] t = new long[3]; // done, failed, images
    double[] cost = {0};
    results.forEachLatest(
        r -> {
          if ("ok".equals(r.get("status"))) {
            t[0]++;
          } else {
            t[1]++;
          }
          if (r.get("files") instanceof List<?> f) {
            t[2] += f.size();
          }
          if (r.get("cost_usd") instanceof Number n) {
            cost[0] += n.doubleValue();
          }
        });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobs", p.jobs());
    m.put("done_total", t[0]);
    m.put("failed", t[1]);
    m.put("not_started", Math.max(0, p.jobs() - t[0] - t[1]));
    m.put("images_total", t[2]);
    m.put("cost_usd_total", String.format(java.util.Locale.ROOT, "%.4f", cost[0]));
    return m;
  }

  private static BufferedReader recordsSince(Results results, long offset) throws IOException {
    if (!Files.exists(results.file())) {
      return null;
    }
    java.io.InputStream in = Files.newInputStream(results.file());
    in.skipNBytes(offset);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static Object parse(String line) {
    try {
      return line.isBlank() ? null : Json.parse(line);
    } catch (Json.JsonFormatException e) {
      return null;
    }
  }

  /** Keeps the caller's stream open when the generator closes. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /**
   * Stops the run: no more jobs start, and the requests in flight are awaited (at most {@code max})
   * so that the images already paid for are saved and recorded; then the run writes its gallery and
   * summary. For a signal handler.
   */
  public void stop(Duration max) {
    if (stopping.compareAndSet(false, true)) {
      int n = throttle.inFlight();
      if (n > 0) {
        err.println(
            "\nbatch: stopping; waiting for "
                + n
                + " request"
                + (n == 1 ? "" : "s")
                + " in flight (already paid for) to arrive and be saved...");
      }
      throttle.stop();
    }
    try {
      finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println(
        "batch: interrupted. "
            + results.file()
            + " lists every finished job; run the same command again to do the rest.");
  }
}
