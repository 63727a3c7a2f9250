package gptimage.batch;

import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.client.ImageRequest;
import gptimage.client.InvalidParameterException;
import gptimage.client.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plan of a batch: every line of the job file checked and turned into its request before
 * anything is sent, the jobs already done found by their {@link Fingerprint}, the work counted and
 * priced, and each job's file name stem. Both ways of running (request by request, or the
 * provider's Batch API) read the file through {@link #read}.
 */
final class Planning {
  private static final int MAX_REPORTED = 20;

  /**
   * One checked job, as a run sees it.
   *
   * @param fingerprint what identifies it in {@code results.jsonl}
   * @param done already done by an earlier run, with the same fingerprint
   */
  record Planned(Job job, ImageRequest request, String fingerprint, boolean done) {}

  /** Gets each checked job in line order. */
  @FunctionalInterface
  interface JobVisitor {
    void visit(Planned planned) throws Exception;
  }

  final JobFile jobs;
  private final BatchRun.Planner planner;
  private final BatchRun.Options options;
  private final Results results;
  private final Fingerprint fingerprints = new Fingerprint();

  private Map<String, Results.Known> known;

  /** Jobs found done under a 0.1.0 fingerprint: their record, to be written again in the new. */
  private final Map<String, String> adopted = new LinkedHashMap<>();

  private int lineWidth = 3;
  private BatchRun.Plan plan;

  Planning(JobFile jobs, BatchRun.Planner planner, BatchRun.Options options, Results results) {
    this.jobs = jobs;
    this.planner = planner;
    this.options = options;
    this.results = results;
  }

  /**
   * Checks every line and counts the work, before anything is sent.
   *
   * @throws UsageException listing the bad lines (up to 20) with their numbers
   */
  synchronized BatchRun.Plan plan() {
    if (plan != null) {
      return plan;
    }
    known = options.force() ? Map.of() : results.load();
    List<String> bad = new ArrayList<>();
    AtomicInteger badCount = new AtomicInteger();
    Map<String, Integer> ids = new HashMap<>();
    BitSet implicit = new BitSet();
    int[] counts = new int[4]; // jobs, to run, done, last line
    long[] images = {0};
    double[] cost = {0};
    boolean[] costKnown = {true};
    Problems problems =
        problem -> {
          if (badCount.incrementAndGet() <= MAX_REPORTED) {
            bad.add(problem);
          }
        };
    readAll(
        p -> {
          Job job = p.job();
          int line = job.line();
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
            problems.add(
                "line " + line + ": id \"" + job.id() + "\" is also on line " + earlier + ".");
            return;
          }
          counts[0]++;
          counts[3] = line;
          if (p.done()) {
            counts[2]++;
            return;
          }
          counts[1]++;
          images[0] += p.request().n();
          Double estimate = Pricing.estimate(p.request());
          if (estimate == null) {
            costKnown[0] = false;
          } else {
            cost[0] += estimate;
          }
        },
        problems);
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
      throw new InvalidParameterException(
          "max_cost",
          "<<max_cost>>: some jobs use a model with no published price here, so their cost cannot"
              + " be bounded; drop <max_cost> or use gpt-image-2, gpt-image-1.5, gpt-image-1 or"
              + " gpt-image-1-mini.");
    }
    plan =
        new BatchRun.Plan(
            counts[0],
            counts[1],
            counts[2],
            images[0],
            costKnown[0] ? Math.round(cost[0] * 1e6) / 1e6 : null);
    return plan;
  }

  /** Collects the reasons lines are bad. */
  @FunctionalInterface
  private interface Problems {
    void add(String problem);
  }

  /**
   * Reads the checked file again (after {@link #plan}), handing over each job; a visitor may throw
   * {@link StopReading} to end early.
   */
  void read(JobVisitor visitor) {
    plan();
    readAll(visitor, null);
  }

  /** Reads the file; bad lines go to {@code problems}, or are skipped when it is null. */
  private void readAll(JobVisitor visitor, Problems problems) {
    try {
      jobs.read(
          (job, bad) -> {
            if (bad != null) {
              if (problems != null) {
                problems.add(bad.getMessage());
              }
              return;
            }
            ImageRequest request;
            String fingerprint;
            try {
              request = planner.request(job);
              fingerprint = fingerprints.of(job, request);
            } catch (ImageToolException e) {
              if (problems == null) {
                throw e;
              }
              String m = e.getMessage();
              problems.add(
                  m.startsWith("line " + job.line() + ":") ? m : "line " + job.line() + ": " + m);
              return;
            }
            visitor.visit(
                new Planned(job, request, fingerprint, isDone(job, request, fingerprint)));
          });
    } catch (StopReading e) {
      // ended early by the visitor
    } catch (ImageToolException e) {
      throw e;
    } catch (Exception e) {
      throw new UsageException("Cannot read " + jobs.file() + ": " + e.getMessage());
    }
  }

  /** Thrown out of a read to stop it early. */
  static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }

  private boolean isDone(Job job, ImageRequest request, String fingerprint) {
    Results.Known k = known.get(job.id());
    if (k == null || !k.done()) {
      return false;
    }
    if (fingerprint.equals(k.fingerprint())) {
      return true;
    }
    if (Fingerprint.isLegacy(k.fingerprint())
        && k.fingerprint().equals(Fingerprint.legacy(job, request))) {
      synchronized (adopted) {
        if (k.record() != null) {
          adopted.putIfAbsent(k.record(), fingerprint);
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Writes once, in the new form, the records of jobs found done under a 0.1.0 fingerprint: the
   * next run finds them by the new form, even after the request class or the folder changed. Call
   * before a run appends its own records.
   */
  void adoptLegacyRecords() {
    plan();
    synchronized (adopted) {
      if (!adopted.isEmpty()) {
        adopted.forEach((line, fingerprint) -> results.rewriteFingerprint(line, fingerprint));
        adopted.clear();
        results.close();
      }
    }
  }

  /** The file name stem of a job: its {@code name}, or {@code NNN-<slug of the prompt>}. */
  String stem(Job job) {
    return job.name() != null
        ? job.name()
        : String.format("%0" + lineWidth + "d", job.line()) + "-" + JobFile.slug(job.prompt());
  }

  /** The plan as {@code --dry-run} prints it: totals, then the first 100 jobs to run. */
  Map<String, Object> describe() {
    BatchRun.Plan p = plan();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", p.jobs());
    out.put("to_run", p.toRun());
    out.put("already_done", p.alreadyDone());
    out.put("images", p.images());
    if (p.estimatedCostUsd() != null) {
      out.put("estimated_cost_usd", BigDecimal.valueOf(p.estimatedCostUsd()));
    }
    if (options.maxCost() != null) {
      out.put("max_cost_usd", BigDecimal.valueOf(options.maxCost()));
    }
    out.put("output", options.output().toString());
    List<Object> first = new ArrayList<>();
    read(
        planned -> {
          if (planned.done()) {
            return;
          }
          if (first.size() == 100) {
            throw new StopReading();
          }
          Job job = planned.job();
          ImageRequest r = planned.request();
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("line", job.line());
          j.put("id", job.id());
          j.put("files", stem(job) + "-<k>." + extensionOf(r));
          j.put("prompt", r.prompt());
          j.putAll(params(r));
          Double e = Pricing.estimate(r);
          if (e != null) {
            j.put("estimated_cost_usd", BigDecimal.valueOf(e));
          }
          first.add(j);
        });
    out.put("first_jobs", first);
    return out;
  }

  private static String extensionOf(ImageRequest r) {
    String f = r.outputFormat() == null ? "png" : r.outputFormat();
    return f.equals("jpeg") ? "jpg" : f;
  }

  /** The request's options as {@code results.jsonl} and the dry run list them. */
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
}
