package gptimage.batch;

import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.Pricing;
import gptimage.client.RequestChanges;
import gptimage.client.ResultJson;
import gptimage.output.ImageStore;
import gptimage.output.OutputException;
import gptimage.wire.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * results.jsonl}, jobs already done (same id, same {@link Fingerprint}) skipped, and {@code
 * index.html} written at the end ({@link Summary}). The file is read and checked by {@link
 * Planning}. Safe to stop at any moment: {@link #stop} lets the requests in flight arrive and be
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

  /**
   * What the check of the whole file found.
   *
   * @param jobs the jobs in the file
   * @param toRun the jobs not done yet
   * @param alreadyDone the jobs an earlier run did, with the same fingerprint
   * @param images the images the jobs to run ask for
   * @param estimatedCostUsd their estimated price in USD, or null where some model has no price
   */
  public record Plan(int jobs, int toRun, int alreadyDone, long images, Double estimatedCostUsd) {}

  final Planning planning;
  final Options options;
  final PrintStream err;
  final UnaryOperator<String> redact;
  final Results results;
  private final Throttle throttle;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile UsageException badSetting;
  private Chains chains;
  private volatile UnaryOperator<ImageRequest> beforeSend = UnaryOperator.identity();

  /** Jobs not started, or given up before a retry once the run was stopping. */
  private final AtomicInteger abandoned = new AtomicInteger();

  final CountDownLatch finished = new CountDownLatch(1);

  /** Per job thread: attempts so far, and the images the job asks for. */
  private final ThreadLocal<int[]> attempts = ThreadLocal.withInitial(() -> new int[] {1, 1});

  /**
   * @param redact the command's key redaction: every line of {@code results.jsonl} and every
   *     message passes it
   */
  public BatchRun(
      JobFile jobs,
      Planner planner,
      Options options,
      PrintStream err,
      UnaryOperator<String> redact) {
    this.options = options;
    this.err = err;
    this.redact = redact;
    this.results = new Results(options.output(), redact);
    this.planning = new Planning(jobs, planner, options, results);
    this.throttle = new Throttle(options.concurrency(), options.imagesPerMinute());
  }

  /**
   * Sets what each job's request passes through just before it is sent on the local path (such as
   * {@code --upload}, which swaps local files for Files API ids); identity unless set.
   */
  public void beforeSend(UnaryOperator<ImageRequest> step) {
    this.beforeSend = step;
  }

  /** Whether some job has a {@code continue} (checked; the provider's Batch API path has none). */
  public boolean continuesAny() {
    boolean[] any = {false};
    planning.read(
        p -> {
          if (p.job().continues() != null) {
            any[0] = true;
            throw new Planning.StopReading();
          }
        });
    return any[0];
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
    return planning.plan();
  }

  /** The plan as {@code --dry-run} prints it: totals, then the first 100 jobs to run. */
  public Map<String, Object> describePlan() {
    return planning.describe();
  }

  /**
   * The setting found unusable while running (a CA file that cannot be read, met at the first
   * handshake) that stopped this run, or null: the command then exits as for bad usage.
   */
  public UsageException badSetting() {
    return badSetting;
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
    planning.adoptLegacyRecords();
    long resultsStart = Files.exists(results.file()) ? Files.size(results.file()) : 0;
    long started = System.nanoTime();
    AtomicInteger notStarted = abandoned;
    Progress progress =
        new Progress(p.toRun(), err, options.terminal(), options.quiet(), throttle::inFlight);
    Object budgetLock = new Object();
    double[] reserved = {0};
    chains = new Chains(planning.earlierRun());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.concurrency(),
            r -> {
              Thread t = new Thread(r, "batch-job");
              t.setDaemon(true);
              return t;
            });
    try {
      planning.read(
          planned -> {
            if (planned.done()) {
              return;
            }
            ImageRequest request = planned.request();
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
            chains.starting(planned.job().id());
            pool.execute(
                () -> {
                  boolean ok = false;
                  try {
                    ok = runJob(client, planned, estimate, progress);
                  } finally {
                    chains.finished(planned.job().id(), null);
                    if (options.maxCost() != null) {
                      synchronized (budgetLock) {
                        reserved[0] -= cost;
                      }
                    }
                    throttle.release(ok);
                  }
                });
          });
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
    return Summary.write(
        results, options.output(), out, p, progress, notStarted.get(), resultsStart, started);
  }

  private boolean runJob(
      ImageClient client, Planning.Planned planned, Double estimate, Progress progress) {
    Job job = planned.job();
    ImageRequest request = planned.request();
    long t0 = System.nanoTime();
    attempts.set(new int[] {1, request.n()});
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", job.id());
    record.put("line", job.line());
    boolean ok = false;
    List<String> files = new ArrayList<>();
    try {
      String previous = chains.previous(job);
      ImageRequest sent = previous == null ? request : RequestChanges.continuing(request, previous);
      ImageResult r =
          client.generate(
              beforeSend.apply(sent),
              new ImageClient.SaveOptions(
                  options.output(), planning.stem(job), options.savePartials()));
      ok = r.incomplete() == null;
      record.put("status", ok ? "ok" : "failed");
      Double cost = r.costUsd() != null ? r.costUsd() : estimate;
      ResultJson.putSaved(record, r, cost);
      if (r.chain() != null) {
        record.putAll(r.chain());
        if (ok && r.chain().get("response_id") instanceof String responseId) {
          chains.finished(job.id(), responseId);
        }
      }
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
      if (e instanceof UsageException u && badSetting == null) {
        badSetting = u;
      }
      if (e instanceof OutputException || e instanceof UsageException) {
        // A full disk, a lost folder or a setting found unusable once running (a CA file that
        // cannot be read, met at the first handshake, before anything was sent) fails every job
        // after it too: stop starting them.
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
    record.put("params", Planning.params(request));
    if (job.name() != null) {
      record.put("name", job.name());
    }
    if (estimate != null) {
      record.put("estimated_cost_usd", java.math.BigDecimal.valueOf(estimate));
    }
    record.put("attempts", attempts.get()[0]);
    record.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
    record.put("finished_at", Instant.now().toString());
    record.put("fingerprint", planned.fingerprint());
    results.append(record);
    (ok ? progress.done : progress.failed).incrementAndGet();
    return ok;
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
