package gptimage.cli;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.SavedImage;
import gptimage.client.Secrets;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.config.Settings;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import gptimage.wire.ProxyRules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Generates or edits images: the command agents call. */
@Command(
    name = "gpt-image-2-api",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Make images with gpt-image-2 (or any model an OpenAI-compatible API serves), or edit"
          + " images given with --image. Prints {\"files\": [...], ...} as JSON on stdout.",
      "",
      "  gpt-image-2-api --prompt \"a lighthouse at dusk\" --output out",
      "  gpt-image-2-api --prompt \"add a red scarf\" --image dog.png --mask mask.png",
      "  gpt-image-2-api --emulator a lighthouse at dusk      (offline, no key)",
      "  gpt-image-2-api serve [--port 3688]                  (run the emulator)",
      ""
    },
    footer = {
      "",
      "Environment variables (a flag wins over a variable, a variable over a .env file):",
      "  OPENAI_API_KEY                   bearer key (required unless --emulator)",
      "  OPENAI_BASE_URL                  default http://127.0.0.1:3688/v1",
      "  OPENAI_IMAGE_MODEL               default gpt-image-2",
      "  OPENAI_IMAGE_PROTOCOL            openai_images (default) or openai_chat",
      "  OPENAI_IMAGE_SIZE                default 1024x1024",
      "  OPENAI_IMAGE_QUALITY, OPENAI_IMAGE_N, OPENAI_IMAGE_OUTPUT_FORMAT, OPENAI_IMAGE_FORMAT,",
      "  OPENAI_IMAGE_RESPONSE_FORMAT, OPENAI_IMAGE_BACKGROUND, OPENAI_IMAGE_MODERATION,",
      "  OPENAI_IMAGE_OUTPUT_COMPRESSION, OPENAI_IMAGE_PARTIAL_IMAGES, OPENAI_IMAGE_INPUT_FIDELITY,",
      "  OPENAI_IMAGE_STYLE, OPENAI_IMAGE_STREAM, OPENAI_IMAGE_USER, OPENAI_IMAGE_EXTRA_JSON,",
      "  OPENAI_IMAGE_TIMEOUT, OPENAI_IMAGE_MAX_RETRIES, OPENAI_IMAGE_SAVE_PARTIALS,",
      "  OPENAI_IMAGE_EMULATOR           each the same as its flag",
      "",
      ".env files are read from the working directory, then the install folder; --env-file wins",
      "over both. Lines are KEY=VALUE, # comments, optional 'export ' and quotes.",
      "",
      "Exit codes:",
      "  0    every image saved",
      "  1    the API or the network failed (after retries)",
      "  2    bad usage, configuration or input; nothing was sent",
      "  3    partly done: some images failed",
      "  130  interrupted (Ctrl-C or SIGTERM); nothing half-written is left"
    },
    versionProvider = GenerateCommand.VersionText.class,
    mixinStandardHelpOptions = false)
final class GenerateCommand implements Callable<Integer> {
  /** What {@code --version} prints. */
  static final class VersionText implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Main.version()};
    }
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Environment env;
  private String key;

  GenerateCommand(PrintStream out, PrintStream err, Environment env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "The prompt (else the plain words).")
  String prompt;

  @Parameters(paramLabel = "WORDS", arity = "0..*", description = "Prompt words, joined by spaces.")
  List<String> words = new ArrayList<>();

  @Option(
      names = {"--image", "--input"},
      paramLabel = "FILE",
      description = "Input image to edit; repeat for up to 16.")
  List<String> images = new ArrayList<>();

  @Option(
      names = "--mask",
      paramLabel = "FILE|auto",
      description = "PNG mask (transparent = edit here), or auto.")
  String mask;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Folder to save in (default: working directory).")
  String output;

  @Option(
      names = "--name",
      paramLabel = "STEM",
      description = "File name stem instead of gpt-image-2-<epoch-ms>.")
  String name;

  @Option(names = "--base-url", paramLabel = "URL", description = "API base URL.")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Model name (any string).")
  String model;

  @Option(names = "--protocol", paramLabel = "P", description = "openai_images or openai_chat.")
  String protocol;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      description = "Size, forwarded unchanged (e.g. 1536x1024, auto).")
  String size;

  @Option(names = "--quality", paramLabel = "Q", description = "low, medium, high, auto, ...")
  String quality;

  @Option(names = "--n", paramLabel = "N", description = "Number of images, 1-10.")
  String n;

  @Option(names = "--output-format", paramLabel = "F", description = "png, jpeg, webp, gif, svg.")
  String outputFormat;

  @Option(names = "--format", paramLabel = "F", description = "Legacy alias of --output-format.")
  String format;

  @Option(names = "--response-format", paramLabel = "F", description = "url or b64_json.")
  String responseFormat;

  @Option(names = "--background", paramLabel = "B", description = "transparent, opaque, auto.")
  String background;

  @Option(names = "--moderation", paramLabel = "M", description = "low or auto.")
  String moderation;

  @Option(
      names = "--output-compression",
      paramLabel = "0-100",
      description = "Compression for jpeg/webp.")
  String outputCompression;

  @Option(names = "--partial-images", paramLabel = "0-3", description = "Streamed partial images.")
  String partialImages;

  @Option(names = "--input-fidelity", paramLabel = "F", description = "high or low (edits).")
  String inputFidelity;

  @Option(names = "--style", paramLabel = "S", description = "vivid or natural (dall-e-3).")
  String style;

  @Option(
      names = "--stream",
      arity = "0..1",
      paramLabel = "BOOL",
      parameterConsumer = BooleanWord.class,
      description = "Stream the answer (true/false, 1/0, yes/no).")
  String stream;

  @Option(names = "--user", paramLabel = "ID", description = "End-user identifier.")
  String user;

  @Option(
      names = "--extra-json",
      paramLabel = "JSON",
      description = "JSON object merged last into the request.")
  String extraJson;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Limit for one attempt (default 600).")
  String timeout;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      description = "Retries after the first attempt (default 2).")
  String maxRetries;

  @Option(
      names = "--save-partials",
      arity = "0..1",
      paramLabel = "BOOL",
      parameterConsumer = BooleanWord.class,
      description = "Keep streamed partial images as <stem>-partial-<k>.<ext>.")
  String savePartials;

  @Option(
      names = "--emulator",
      arity = "0..1",
      paramLabel = "BOOL",
      parameterConsumer = BooleanWord.class,
      description = "Run against the built-in emulator, in-process, offline; no key needed.")
  String emulator;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read this .env file too, winning over the others.")
  String envFile;

  @Option(
      names = "--dry-run",
      description = "Print the request that would be sent, and send nothing.")
  boolean dryRun;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  @Option(
      names = "--verbose",
      description = "Log each request and answer line on stderr (key masked).")
  boolean verbose;

  /** Takes the next argument as the value only where it is a boolean word; else "true". */
  static final class BooleanWord implements IParameterConsumer {
    private static final List<String> WORDS =
        List.of("true", "false", "1", "0", "yes", "no", "on", "off");

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
      String value = "true";
      if (!args.isEmpty() && WORDS.contains(args.peek().toLowerCase(Locale.ROOT))) {
        value = args.pop();
      }
      argSpec.setValue(value);
    }
  }

  String redact(String text) {
    return Secrets.redact(text, key);
  }

  @Override
  public Integer call() throws Exception {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.BASE_URL, baseUrl);
    put(flags, Setting.MODEL, model);
    put(flags, Setting.PROTOCOL, protocol);
    put(flags, Setting.SIZE, size);
    put(flags, Setting.QUALITY, quality);
    put(flags, Setting.N, n);
    put(flags, Setting.OUTPUT_FORMAT, outputFormat);
    put(flags, Setting.FORMAT, format);
    put(flags, Setting.RESPONSE_FORMAT, responseFormat);
    put(flags, Setting.BACKGROUND, background);
    put(flags, Setting.MODERATION, moderation);
    put(flags, Setting.OUTPUT_COMPRESSION, outputCompression);
    put(flags, Setting.PARTIAL_IMAGES, partialImages);
    put(flags, Setting.INPUT_FIDELITY, inputFidelity);
    put(flags, Setting.STYLE, style);
    put(flags, Setting.STREAM, stream);
    put(flags, Setting.USER, user);
    put(flags, Setting.EXTRA_JSON, extraJson);
    put(flags, Setting.TIMEOUT, timeout);
    put(flags, Setting.MAX_RETRIES, maxRetries);
    put(flags, Setting.SAVE_PARTIALS, savePartials);
    put(flags, Setting.EMULATOR, emulator);
    Path cwd = env.workingDirectory();
    List<Path> dotEnvs = new ArrayList<>();
    dotEnvs.add(cwd.resolve(".env"));
    if (env.installFolder() != null) {
      dotEnvs.add(env.installFolder().resolve(".env"));
    }
    Settings settings =
        Settings.resolve(
            flags, env.variables(), dotEnvs, envFile == null ? null : cwd.resolve(envFile));
    Configuration config = new Configuration(settings);
    boolean useEmulator = config.emulator();
    key = config.apiKey(!useEmulator, env.installFolder());
    String text = prompt != null ? prompt : String.join(" ", words);
    ImageRequest request = config.request(text, images, mask, cwd);
    Duration attemptTimeout = config.timeout();
    int retries = config.maxRetries();
    boolean savePartialImages = config.savePartials();
    Path folder = cwd.resolve(output == null ? "." : output).toAbsolutePath().normalize();
    boolean progress = !quiet && (env.interactive() || verbose);
    ProxyRules proxies;
    try {
      proxies = ProxyRules.fromEnvironment(env.variables());
    } catch (IllegalArgumentException e) {
      throw new gptimage.UsageException(e.getMessage());
    }

    Emulator emulatorServer = null;
    try {
      String base = config.baseUrl();
      if (useEmulator && !dryRun) {
        emulatorServer = Emulator.start(EmulatorOptions.defaults());
        base = emulatorServer.baseUrl();
        if (key == null) {
          key = "emulator-key";
        }
      } else if (useEmulator) {
        base = "http://127.0.0.1:<free port>/v1";
        key = key == null ? "emulator-key" : key;
      }
      try (ImageClient client =
          ImageClient.builder()
              .baseUrl(base)
              .apiKey(key)
              .timeout(attemptTimeout)
              .maxRetries(retries)
              .proxies(proxies)
              .notices(line -> err.println("gpt-image-2-api: " + redact(line)))
              .log(verbose ? line -> err.println(redact(line)) : null)
              .build()) {
        if (dryRun) {
          out.print(redact(Json.toPrettyJson(client.describe(request))));
          out.flush();
          return Main.OK;
        }
        if (progress) {
          err.println(
              (request.isEdit()
                      ? "Editing " + request.images().size() + " image(s)"
                      : "Making " + request.n() + " image(s)")
                  + " with "
                  + request.model()
                  + " at "
                  + base
                  + " ...");
        }
        ImageResult result =
            client.generate(request, new ImageClient.SaveOptions(folder, name, savePartialImages));
        out.print(Json.toPrettyJson(resultJson(result)));
        out.flush();
        if (result.incomplete() != null) {
          err.println("gpt-image-2-api: partly done: " + redact(result.incomplete()));
          return Main.PARTLY;
        }
        if (progress) {
          err.println("Saved " + result.images().size() + " image(s) in " + folder);
        }
        return Main.OK;
      }
    } finally {
      if (emulatorServer != null) {
        emulatorServer.close();
      }
    }
  }

  private static void put(Map<Setting, String> flags, Setting s, String v) {
    if (v != null) {
      flags.put(s, v);
    }
  }

  static Map<String, Object> resultJson(ImageResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", r.images().stream().map(i -> i.file().toString()).toList());
    json.put("images", r.images().stream().map(GenerateCommand::imageJson).toList());
    if (!r.partials().isEmpty()) {
      json.put("partials", r.partials().stream().map(GenerateCommand::imageJson).toList());
    }
    if (r.usage() != null) {
      json.put("usage", r.usage());
    }
    if (r.costUsd() != null) {
      json.put("cost_usd", java.math.BigDecimal.valueOf(r.costUsd()));
    }
    if (r.requestId() != null) {
      json.put("request_id", r.requestId());
    }
    json.put("model", r.model());
    json.put("protocol", r.protocol().wireName());
    json.put("elapsed_ms", r.elapsedMillis());
    if (r.incomplete() != null) {
      json.put("incomplete", r.incomplete());
    }
    return json;
  }

  private static Map<String, Object> imageJson(SavedImage i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", i.file().toString());
    m.put("mime_type", i.mimeType());
    m.put("bytes", i.bytes());
    m.put("width", i.width());
    m.put("height", i.height());
    if (i.revisedPrompt() != null) {
      m.put("revised_prompt", i.revisedPrompt());
    }
    return m;
  }
}
