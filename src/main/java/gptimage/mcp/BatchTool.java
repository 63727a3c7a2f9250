package gptimage.mcp;

import gptimage.UsageException;
import gptimage.batch.BatchRun;
import gptimage.batch.Job;
import gptimage.batch.JobFile;
import gptimage.batch.Outcome;
import gptimage.config.Configuration;
import gptimage.config.Settings;
import gptimage.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code batch_images}: a job file, or inline jobs, through the batch engine ({@link BatchRun}),
 * exactly as {@code gpt-image-2-api batch} runs them; progress is one step per finished job, read
 * from the run's {@code results.jsonl} as it grows.
 */
final class BatchTool {
  private static final long WATCH_MILLIS = 200;

  private static final ScheduledExecutorService WATCH =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-batch-progress");
            t.setDaemon(true);
            return t;
          });

  private final Backend backend;
  private final Resources resources;

  BatchTool(Backend backend, Resources resources) {
    this.backend = backend;
    this.resources = resources;
  }

  Map<String, Object> run(
      Map<String, Object> args, Session session, Progress progress, Calls.Call call) {
    Object file = args.get("job_file");
    Object inline = args.get("jobs");
    if ((file == null) == (inline == null)) {
      throw new UsageException("batch_images: give \"job_file\" or \"jobs\", one of them.");
    }
    Path root = backend.outputFolder();
    String defaultDir;
    if (file != null) {
      String n = Path.of((String) file).getFileName().toString();
      defaultDir = (n.lastIndexOf('.') > 0 ? n.substring(0, n.lastIndexOf('.')) : n) + "-images";
    } else {
      defaultDir = "batch-images";
    }
    Object dir = args.get("output_dir");
    Path folder =
        root.resolve(dir != null ? (String) dir : defaultDir).toAbsolutePath().normalize();
    JobFile jobs;
    Path base;
    if (file != null) {
      jobs = JobFile.open(root.resolve((String) file).toAbsolutePath().normalize());
      base = jobs.folder();
    } else {
      StringBuilder lines = new StringBuilder();
      for (Object job : (List<?>) inline) {
        lines.append(Json.toJson(job)).append('\n');
      }
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new UsageException("batch_images: cannot create " + folder + ": " + e.getMessage());
      }
      jobs =
          JobFile.fromStream(
              new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)),
              folder.resolve(".jobs-from-mcp.jsonl"));
      base = root; // inline jobs' paths start where the other tools' do
    }
    Settings settings = backend.settings();
    Configuration config = new Configuration(settings);
    JobFile source = jobs;
    BatchRun.Planner planner =
        (Job job) ->
            new Configuration(
                    settings.with(job.settings(), "job " + job.line() + " of batch_images"))
                .request(job.prompt(), job.images(), job.mask(), base);
    int concurrency =
        args.get("concurrency") instanceof Number c ? c.intValue() : backend.concurrency();
    PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    BatchRun run =
        new BatchRun(
            source,
            planner,
            new BatchRun.Options(
                folder,
                concurrency,
                0,
                null,
                Boolean.TRUE.equals(args.get("force")),
                config.savePartials(),
                true,
                false),
            quiet,
            backend.redact());
    BatchRun.Plan plan = run.plan();
    double total = plan.toRun();
    progress.report(
        "batch: " + plan.toRun() + " of " + plan.jobs() + " jobs to run into " + folder, null);
    Path results = folder.resolve("results.jsonl");
    ResultsWatch watch = new ResultsWatch(results, progress, total);
    ScheduledFuture<?> poll =
        WATCH.scheduleWithFixedDelay(
            watch::poll, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    AtomicBoolean stopped = new AtomicBoolean();
    // The batch's way to stop: no new job starts; requests in flight (paid for) are saved.
    call.onCancel(
        () -> {
          if (stopped.compareAndSet(false, true)) {
            run.stop(Duration.ZERO);
          }
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Outcome outcome;
    try {
      outcome = run.run(backend.client(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      poll.cancel(false);
    }
    watch.poll();
    call.check();
    @SuppressWarnings("unchecked")
    Map<String, Object> summary =
        (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
    String text =
        String.format(
            Locale.ROOT,
            "Batch: %s of %s jobs succeeded, %s failed, %s already done; %s image(s) in %s."
                + " Every job: %s; contact sheet: %s",
            summary.get("succeeded"),
            summary.get("jobs"),
            summary.get("failed"),
            summary.get("already_done"),
            summary.get("images"),
            folder,
            summary.get("results"),
            summary.get("gallery"));
    List<Path> files = new ArrayList<>();
    if (summary.get("files") instanceof List<?> f) {
      f.forEach(name -> files.add(Path.of(String.valueOf(name))));
    }
    return ToolResults.batch(text, summary, files, session, resources, outcome == Outcome.NONE);
  }

  /** Reads the lines added to {@code results.jsonl} since the run began: one step per job. */
  private static final class ResultsWatch {
    private final Path file;
    private final Progress progress;
    private final double total;
    private long offset = -1;
    private int finished;

    ResultsWatch(Path file, Progress progress, double total) {
      this.file = file;
      this.progress = progress;
      this.total = total;
      try {
        offset = Files.exists(file) ? Files.size(file) : 0;
      } catch (IOException e) {
        offset = 0;
      }
    }

    synchronized void poll() {
      if (!Files.exists(file)) {
        return;
      }
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        if (f.length() <= offset) {
          return;
        }
        f.seek(offset);
        byte[] rest = new byte[(int) (f.length() - offset)];
        f.readFully(rest);
        int end = lastNewline(rest);
        if (end < 0) {
          return; // a line being written: next time
        }
        offset += end + 1;
        for (String line : new String(rest, 0, end, StandardCharsets.UTF_8).split("\n")) {
          if (Json.parse(line) instanceof Map<?, ?> m) {
            finished++;
            progress.report(
                "job "
                    + m.get("id")
                    + " "
                    + m.get("status")
                    + (m.get("files") instanceof List<?> f2 && !f2.isEmpty() ? ": " + f2 : "")
                    + " ("
                    + finished
                    + " of "
                    + (long) total
                    + ")",
                total + 1);
          }
        }
      } catch (IOException | RuntimeException e) {
        // progress is a courtesy: the run's own result says what happened
      }
    }

    private static int lastNewline(byte[] b) {
      for (int i = b.length - 1; i >= 0; i--) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }
}
