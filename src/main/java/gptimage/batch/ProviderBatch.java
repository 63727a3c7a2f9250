package gptimage.batch;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.wire.ApiException;
import gptimage.wire.Sleeper;
import gptimage.wire.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A job file run on the provider's Batch API rather than request by request: the jobs are written
 * as input files (at most 50,000 lines and 200 MB each, one endpoint each), uploaded to {@code
 * /files}, run as batches ({@link BatchUpload}), polled, and their output and error files read as
 * streams into the same images, {@code results.jsonl} and gallery as a local run. What was
 * submitted is kept in the output folder ({@link BatchState}, {@link SubmittedJob}), so a run can
 * return at once and be picked up later, or cancelled.
 */
public final class ProviderBatch {
  private static final Set<String> FINAL = Set.of("completed", "failed", "expired", "cancelled");

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
  private final PrintStream err;
  private final boolean quiet;
  private final UnaryOperator<String> redact;
  private final Results results;
  private final BatchCollector collector;
  private final Sleeper sleeper;
  private final Clock clock;
  private volatile boolean interrupted;

  /**
   * @param redact the command's key redaction, applied to every message printed and every record
   *     written
   * @param sleeper how the {@link Limits#poll()} waits between status checks pass ({@link
   *     Sleeper#SYSTEM} but in tests)
   * @param clock when the run was submitted and how long it has taken, in the summary (the system
   *     clock but in tests)
   */
  public ProviderBatch(
      ImageClient client,
      Path folder,
      Limits limits,
      PrintStream err,
      boolean quiet,
      UnaryOperator<String> redact,
      Sleeper sleeper,
      Clock clock) {
    this.sleeper = sleeper;
    this.clock = clock;
    this.client = client;
    this.folder = folder;
    this.limits = limits;
    this.err = err;
    this.quiet = quiet;
    this.redact = redact;
    this.results = new Results(folder, redact);
    this.collector = new BatchCollector(client, folder, results);
  }

  /** Whether this folder holds batches submitted and not yet collected. */
  public static boolean pending(Path folder) {
    BatchState state = BatchState.read(folder);
    return state != null && state.open();
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
    run.planning.adoptLegacyRecords();
    BatchState state =
        new BatchState(
            run.planning.jobs.file().toString(),
            plan.jobs(),
            plan.alreadyDone(),
            clock.instant().toString(),
            Files.exists(results.file()) ? Files.size(results.file()) : 0,
            List.of());
    if (plan.toRun() == 0) {
      state.write(folder);
      return collectAndFinish(state, out);
    }
    state = new BatchUpload(client, folder, limits, redact, this::say).submit(run, state);
    if (noWait) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("batches", state.batches().stream().map(BatchState.Submitted::id).toList());
      summary.put(
          "requests", state.batches().stream().mapToInt(BatchState.Submitted::requests).sum());
      summary.put("state", folder.resolve(BatchState.FILE).toString());
      summary.put("resume", "gpt-image-2-api batch --resume " + folder);
      out.write(Json.toPrettyJson(summary).getBytes(StandardCharsets.UTF_8));
      out.flush();
      return Outcome.ALL_DONE;
    }
    return follow(out);
  }

  /** Polls the open batches until each ends, collecting each as it does; then the summary. */
  public Outcome follow(OutputStream out) throws IOException {
    BatchState state = BatchState.read(folder);
    if (state == null) {
      throw new UsageException(
          folder
              + " holds no Batch API run ("
              + BatchState.FILE
              + " is missing); start one with batch FILE"
              + " --via openai-batch --output "
              + folder
              + ".");
    }
    while (state.open()) {
      StringBuilder line = new StringBuilder("batch:");
      for (int i = 0; i < state.batches().size(); i++) {
        BatchState.Submitted b = state.batches().get(i);
        if (b.collected()) {
          continue;
        }
        Map<String, Object> now = client.batches().getJson("/batches/" + b.id());
        String status = String.valueOf(now.get("status"));
        b = b.withStatus(status);
        state = state.with(i, b);
        Object counts = now.get("request_counts");
        line.append(' ')
            .append(b.id())
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
          collector.collect(b, now);
          state = state.with(i, b.asCollected());
          state.write(folder);
        }
      }
      say(line.toString());
      if (!state.open()) {
        break;
      }
      sleep(limits.poll());
    }
    return collectAndFinish(state, out);
  }

  /** Asks the provider to cancel every open batch, then collects what they did. */
  public Outcome cancel(OutputStream out) throws IOException {
    BatchState state = BatchState.read(folder);
    if (state == null || !state.open()) {
      throw new UsageException(folder + " holds no open Batch API run to cancel.");
    }
    for (BatchState.Submitted b : state.batches()) {
      if (b.collected()) {
        continue;
      }
      try {
        Map<String, Object> now =
            client.batches().postJson("/batches/" + b.id() + "/cancel", Map.of());
        say("batch: cancelling " + b.id() + " (" + now.get("status") + ")");
      } catch (ApiException e) {
        say("batch: " + b.id() + " cannot be cancelled: " + e.getMessage());
      }
    }
    return follow(out);
  }

  private Outcome collectAndFinish(BatchState state, OutputStream out) throws IOException {
    long offset = state.resultsOffset();
    int jobs = state.jobs();
    int done = state.alreadyDone();
    // The counts of this run come from the records it appended.
    int ok = 0;
    int failed = 0;
    double spent = 0;
    if (Files.exists(results.file())) {
      try (var in = Files.newInputStream(results.file())) {
        in.skipNBytes(Math.min(offset, Files.size(results.file())));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
      since = Duration.between(Instant.parse(state.submittedAt()), clock.instant()).toNanos();
    } catch (RuntimeException e) {
      // no time recorded: the elapsed time counts from now
    }
    return Summary.write(
        results,
        folder,
        out,
        new BatchRun.Plan(jobs, jobs - done, done, 0, null),
        progress,
        notStarted,
        offset,
        System.nanoTime() - since);
  }

  private void say(String line) {
    if (!quiet) {
      err.println(redact.apply(line));
    }
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Transport.Interrupted();
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
