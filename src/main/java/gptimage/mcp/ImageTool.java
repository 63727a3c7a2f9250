package gptimage.mcp;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.ResultJson;
import gptimage.client.SavedImage;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code generate_image} and {@code edit_image}: the arguments become flags over the server's
 * settings, checked by the same code and with the same messages as the command's; the request goes
 * through the library; the result is the command's JSON with links and thumbnails.
 */
final class ImageTool {
  /** How often a call waiting for the API says so, when the client follows progress. */
  private static final long HEARTBEAT_SECONDS = 2;

  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-progress");
            t.setDaemon(true);
            return t;
          });

  private final Backend backend;
  private final Resources resources;

  ImageTool(Backend backend, Resources resources) {
    this.backend = backend;
    this.resources = resources;
  }

  Map<String, Object> run(
      String tool,
      Map<String, Object> args,
      boolean edit,
      Session session,
      Progress progress,
      Calls.Call call) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    List<String> options = new ArrayList<>(ToolSchemas.IMAGE_OPTIONS);
    if (edit) {
      options.add("input_fidelity");
    }
    for (String option : options) {
      Object v = args.get(option);
      if (v != null) {
        flags.put(setting(option), String.valueOf(v));
      }
    }
    int partials = args.get("partial_images") instanceof Number k ? k.intValue() : 0;
    if (partials > 0) {
      flags.put(Setting.PARTIAL_IMAGES, String.valueOf(partials));
      flags.put(Setting.STREAM, "true"); // partial images come only in a stream
    }
    Configuration config =
        new Configuration(backend.settings().with(flags, "the " + tool + " arguments"));
    Path root = backend.outputFolder();
    List<String> images = new ArrayList<>();
    if (edit) {
      ((List<?>) args.get("images")).forEach(i -> images.add(String.valueOf(i)));
    }
    String mask = edit ? (String) args.get("mask") : null;
    ImageRequest request = config.request((String) args.get("prompt"), images, mask, root);
    Path folder =
        args.get("output_dir") instanceof String dir
            ? root.resolve(dir).toAbsolutePath().normalize()
            : root;
    // The library's default stem, chosen here so that the partial images can be told apart.
    String name =
        args.get("name") instanceof String n ? n : "gpt-image-2-" + System.currentTimeMillis();
    boolean savePartials = config.savePartials() || partials > 0;
    boolean inline = Boolean.TRUE.equals(args.get("inline"));
    ImageClient client = backend.client();
    Thread worker = Thread.currentThread();
    call.onCancel(() -> client.abort(worker));
    progress.step(
        "sent: "
            + (edit
                ? "editing " + images.size() + " image(s)"
                : "making " + request.n() + " image(s)")
            + " with "
            + request.model());
    long started = System.nanoTime();
    ScheduledFuture<?> heartbeat =
        HEARTBEAT.scheduleAtFixedRate(
            () ->
                progress.step(
                    "waiting for the API: "
                        + (System.nanoTime() - started) / 1_000_000_000L
                        + " s"),
            HEARTBEAT_SECONDS,
            HEARTBEAT_SECONDS,
            TimeUnit.SECONDS);
    PartialsWatch drafts = new PartialsWatch(folder, name + "-partial-", progress);
    ScheduledFuture<?> watch =
        savePartials
            ? HEARTBEAT.scheduleWithFixedDelay(drafts::poll, 100, 100, TimeUnit.MILLISECONDS)
            : null;
    ImageResult result;
    try {
      result = client.generate(request, new ImageClient.SaveOptions(folder, name, savePartials));
    } finally {
      heartbeat.cancel(false);
      if (watch != null) {
        watch.cancel(false);
      }
    }
    if (savePartials) {
      drafts.poll();
    }
    call.check();
    progress.step("saved " + result.images().size() + " image(s) in " + folder);
    Map<String, Object> json = ResultJson.of(result);
    return ToolResults.images(
        summary(result, folder),
        json,
        result.images(),
        inline,
        backend.inlineCap(),
        session,
        resources,
        result.incomplete() != null);
  }

  private String summary(ImageResult r, Path folder) {
    StringBuilder s = new StringBuilder();
    s.append("Saved ").append(r.images().size()).append(" image(s) in ").append(folder);
    for (SavedImage i : r.images()) {
      s.append("\n- ").append(i.file());
      if (i.width() > 0) {
        s.append(" (").append(i.width()).append('x').append(i.height()).append(')');
      }
    }
    if (r.costUsd() != null) {
      s.append(String.format(Locale.ROOT, "\nEstimated cost: $%.4f", r.costUsd()));
    }
    if (r.incomplete() != null) {
      s.append("\nPartly done: ").append(backend.redact().apply(r.incomplete()));
    }
    return s.toString();
  }

  /**
   * Reports each partial image as the library saves it ({@code <stem>-partial-<k>.<ext>}, as {@link
   * ImageClient.SaveOptions} names them), in the order they arrive.
   */
  private static final class PartialsWatch {
    private final Path folder;
    private final String prefix;
    private final Progress progress;
    private final java.util.Set<Path> seen = new java.util.HashSet<>();

    PartialsWatch(Path folder, String prefix, Progress progress) {
      this.folder = folder;
      this.prefix = prefix;
      this.progress = progress;
    }

    synchronized void poll() {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
        files
            .filter(f -> f.getFileName().toString().startsWith(prefix) && !seen.contains(f))
            .sorted()
            .forEach(
                f -> {
                  seen.add(f);
                  progress.step("partial image " + seen.size() + ": " + f);
                });
      } catch (java.io.IOException | RuntimeException e) {
        // progress is a courtesy: the result lists the partial images
      }
    }
  }

  private static Setting setting(String option) {
    String flag = "--" + option.replace('_', '-');
    for (Setting s : Setting.values()) {
      if (flag.equals(s.flag())) {
        return s;
      }
    }
    throw new IllegalStateException("no setting for " + option);
  }
}
