package gptimage.cli;

import gptimage.UsageException;
import gptimage.batch.BatchRun;
import gptimage.batch.Job;
import gptimage.batch.JobFile;
import gptimage.config.Configuration;
import gptimage.config.Settings;
import gptimage.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs every job of a job file: {@code gpt-image-2-api batch FILE}. */
final class BatchCommand extends ApiCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api batch",
          List.of(
              "gpt-image-2-api batch FILE [OPTIONS]",
              "gpt-image-2-api batch --resume DIR | --cancel DIR"),
          List.of(
              "Make many images from one job file, at the provider's rate limit, safe to stop and"
                  + " rerun.",
              "",
              "FILE is JSONL (one job a line: \"prompt\" and any option below by its flag name or"
                  + " API field name, e.g. {\"prompt\": \"a red fox\", \"size\": \"1536x1024\","
                  + " \"n\": 2}; \"image\"/\"mask\" paths relative to the file; optional \"id\" and"
                  + " \"name\"; \"continue\": \"JOB ID\" continues from that job's result, from this file"
                  + " or an earlier run's results.jsonl, with --via local), or plain text (one"
                  + " prompt a line), or - for standard input. Every line is checked before anything"
                  + " is sent.",
              "",
              "Images go to DIR as NNN-<slug>-<k>.<ext> (or <name>-<k>.<ext>); results.jsonl gets"
                  + " one line per finished job and index.html is a contact sheet of them all. Run"
                  + " the same command again to skip jobs already done and retry failed ones. A"
                  + " summary JSON is printed on stdout. Exit 0 all done, 3 some failed or not"
                  + " started, 1 none succeeded, 2 bad job file (nothing sent) or a setting"
                  + " found unusable once running (a CA file), 130 interrupted"
                  + " (requests in flight are saved first).",
              ""),
          options(),
          "FILE",
          1,
          "Job file (JSONL or text), or -.",
          List.of());

  private static List<OptionSpec> options() {
    List<OptionSpec> o = new ArrayList<>();
    o.add(OptionSpec.help());
    o.add(
        OptionSpec.value(
            "--output",
            "DIR",
            "Folder for images, results.jsonl, index.html (default: <FILE name>-images)."));
    o.add(OptionSpec.value("--concurrency", "N", "Most requests in flight at once (default 4)."));
    o.add(
        OptionSpec.value(
            "--rpm",
            "N",
            "Images a minute to hold, as the provider's tier counts them (default: as fast as"
                + " concurrency allows, slowing on 429)."));
    o.add(
        OptionSpec.value(
            "--max-cost",
            "USD",
            "Start no job whose estimated cost would take this run's spend past USD."));
    o.add(
        OptionSpec.value(
            "--via",
            "WAY",
            "local (default): requests from here, at your rate limit, results in minutes."
                + " openai-batch: the provider's Batch API: half the price, separate (higher) rate"
                + " limits, up to 50,000 requests a file, but results within 24 hours; no"
                + " streaming, and edits send their images inline."));
    o.add(
        OptionSpec.flag(
            "--no-wait",
            "With --via openai-batch: submit, print the batch ids, and return at once."));
    o.add(
        OptionSpec.value(
            "--resume",
            "DIR",
            "Pick up the Batch API run in DIR: wait for it and save what it made."));
    o.add(
        OptionSpec.value(
            "--cancel", "DIR", "Cancel the Batch API run in DIR, then save what it had made."));
    o.add(
        OptionSpec.value(
            "--batch-size", "N", "Most requests in one provider batch (default and most: 50000)."));
    o.add(
        OptionSpec.value(
            "--poll", "SECONDS", "Time between Batch API status checks (default 30)."));
    o.add(OptionSpec.flag("--force", "Redo jobs already done."));
    o.add(
        OptionSpec.flag(
            "--dry-run",
            "Check the file and print the plan with its estimated cost; send nothing."));
    o.add(OptionSpec.flag("--quiet", "No progress on stderr."));
    o.add(OptionSpec.flag("--verbose", "Log each request and answer line on stderr."));
    o.addAll(SettingOptions.OPTIONS);
    return o;
  }

  BatchCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    super(out, err, env, redaction);
  }

  int run(CommandSpec.Parsed args) throws Exception {
    SettingOptions settings = new SettingOptions(args);
    String file = args.positionals().isEmpty() ? null : args.positionals().get(0);
    String output = args.value("--output");
    int concurrency = args.intValue("--concurrency", 4);
    double rpm = args.doubleValue("--rpm", 0);
    Double maxCost = args.has("--max-cost") ? args.doubleValue("--max-cost", 0) : null;
    String via = args.has("--via") ? args.value("--via") : "local";
    boolean noWait = args.has("--no-wait");
    String resume = args.value("--resume");
    String cancel = args.value("--cancel");
    int batchSize = args.intValue("--batch-size", 50_000);
    double poll = args.doubleValue("--poll", 30);
    boolean force = args.has("--force");
    boolean dryRun = args.has("--dry-run");
    boolean quiet = args.has("--quiet");
    boolean verbose = args.has("--verbose");
    if (concurrency < 1 || concurrency > 256) {
      throw new UsageException("--concurrency must be from 1 to 256, got " + concurrency + ".");
    }
    if (rpm < 0 || Double.isNaN(rpm)) {
      throw new UsageException("--rpm must be a number of images a minute above 0.");
    }
    if (maxCost != null && !(maxCost > 0)) {
      throw new UsageException("--max-cost must be an amount in USD above 0, like 2.50.");
    }
    Path cwd = env.workingDirectory();
    Configuration config = settings.configuration(env);
    if (!via.equals("local") && !via.equals("openai-batch")) {
      throw new UsageException("--via must be local or openai-batch, got '" + via + "'.");
    }
    if (batchSize < 1 || batchSize > 50_000) {
      throw new UsageException("--batch-size must be from 1 to 50000, got " + batchSize + ".");
    }
    if (!(poll >= 0.01)) {
      throw new UsageException("--poll must be a number of seconds above 0.");
    }
    gptimage.batch.ProviderBatch.Limits limits =
        new gptimage.batch.ProviderBatch.Limits(
            batchSize, 200L << 20, Duration.ofMillis((long) (poll * 1000)));
    if (resume != null || cancel != null) {
      if (file != null || (resume != null && cancel != null)) {
        throw new UsageException("Give a job FILE, or --resume DIR, or --cancel DIR: one of them.");
      }
      Path dir = cwd.resolve(resume != null ? resume : cancel).toAbsolutePath().normalize();
      try (ApiConnection api = connect(config, verbose, ApiConnection.Use.CALL, b -> {})) {
        gptimage.batch.ProviderBatch provider = provider(api, dir, limits, quiet);
        Main.onInterrupt = provider::interrupted;
        try {
          return exitCode(resume != null ? provider.follow(out) : provider.cancel(out));
        } finally {
          Main.onInterrupt = null;
        }
      }
    }
    if (file == null) {
      throw new UsageException(
          "batch needs a job FILE (JSONL or text, or - for standard input); see batch --help.");
    }
    Path folder =
        cwd.resolve(output != null ? output : defaultOutput(file)).toAbsolutePath().normalize();
    JobFile jobs;
    if (file.equals("-")) {
      Files.createDirectories(folder);
      Path spool = folder.resolve(".jobs-from-stdin.txt");
      jobs = JobFile.fromStream(env.stdin(), spool);
    } else {
      jobs = JobFile.open(cwd.resolve(file));
    }
    Settings base = config.settings();
    List<String> defaultImages = new ArrayList<>();
    for (String image : settings.images) {
      defaultImages.add(cwd.resolve(image).toAbsolutePath().toString());
    }
    String defaultMask =
        settings.mask == null || settings.mask.trim().equalsIgnoreCase("auto")
            ? settings.mask
            : cwd.resolve(settings.mask).toAbsolutePath().toString();
    BatchRun.Planner planner =
        (Job job) ->
            new Configuration(
                    base.with(job.settings(), "line " + job.line() + " of " + jobs.file()))
                .request(
                    job.prompt(),
                    job.images().isEmpty() ? defaultImages : job.images(),
                    job.mask() != null ? job.mask() : defaultMask,
                    jobs.folder());
    BatchRun run =
        new BatchRun(
            jobs,
            planner,
            new BatchRun.Options(
                folder,
                concurrency,
                rpm,
                maxCost,
                force,
                config.savePartials(),
                quiet,
                env.interactive() && !quiet),
            err,
            redaction);
    if (dryRun) {
      out.print(Json.toPrettyJson(run.describePlan()));
      out.println();
      out.flush();
      return ExitCode.OK.code();
    }
    boolean upload = config.upload();
    BatchRun.Plan plan = run.plan();
    if (via.equals("openai-batch")) {
      if (run.continuesAny()) {
        throw new UsageException(
            "\"continue\" in a job file works with --via local only: the provider's Batch API"
                + " runs lines in no set order, so a job cannot wait for the one it continues.");
      }
      try (ApiConnection api = connect(config, verbose, ApiConnection.Use.CALL, b -> {})) {
        gptimage.batch.ProviderBatch provider = provider(api, folder, limits, quiet);
        Main.onInterrupt = provider::interrupted;
        try {
          return exitCode(provider.submit(run, noWait, out));
        } finally {
          Main.onInterrupt = null;
        }
      }
    }
    try (ApiConnection api =
        connect(config, verbose, ApiConnection.Use.CALL, b -> b.onRetry(run.retryListener()))) {
      if (!quiet) {
        err.println(
            "batch: "
                + plan.toRun()
                + " of "
                + plan.jobs()
                + " jobs to run ("
                + plan.alreadyDone()
                + " already done), "
                + plan.images()
                + " images"
                + (plan.estimatedCostUsd() != null
                    ? String.format(Locale.ROOT, ", about $%.4f", plan.estimatedCostUsd())
                    : "")
                + ", into "
                + folder);
      }
      if (upload) {
        run.beforeSend(new Uploads(api.client, folder)::apply);
      }
      Duration drain = config.timeout().multipliedBy(config.maxRetries() + 1L).plusSeconds(30);
      Main.onInterrupt = () -> run.stop(drain);
      try {
        gptimage.batch.Outcome outcome = run.run(api.client, out);
        return run.badSetting() != null ? ExitCode.USAGE.code() : exitCode(outcome);
      } finally {
        Main.onInterrupt = null;
      }
    }
  }

  private gptimage.batch.ProviderBatch provider(
      ApiConnection api, Path dir, gptimage.batch.ProviderBatch.Limits limits, boolean quiet) {
    String noBatchApi = api.client.provider().noBatchApi();
    if (noBatchApi != null) {
      throw new UsageException(noBatchApi);
    }
    return new gptimage.batch.ProviderBatch(
        api.client,
        dir,
        limits,
        err,
        quiet,
        redaction,
        gptimage.wire.Sleeper.SYSTEM,
        java.time.Clock.systemUTC());
  }

  private static int exitCode(gptimage.batch.Outcome outcome) {
    return switch (outcome) {
      case ALL_DONE -> ExitCode.OK.code();
      case PARTLY -> ExitCode.PARTLY.code();
      case NONE -> ExitCode.FAILED.code();
    };
  }

  private static String defaultOutput(String file) {
    if (file.equals("-")) {
      return "batch-images";
    }
    String name = Path.of(file).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name) + "-images";
  }
}
