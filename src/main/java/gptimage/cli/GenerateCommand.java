package gptimage.cli;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.Protocol;
import gptimage.client.ResultJson;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.json.Json;
import gptimage.wire.RefusalException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generates or edits images: the command agents call. */
final class GenerateCommand extends ApiCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api",
          List.of(
              "gpt-image-2-api [OPTIONS] [--prompt TEXT | WORDS...]",
              "gpt-image-2-api serve [OPTIONS]      (see serve --help)",
              "gpt-image-2-api batch FILE [OPTIONS] (see batch --help)",
              "gpt-image-2-api doctor [OPTIONS]     (what works, what is wrong; see doctor --help)",
              "gpt-image-2-api mcp [--http] [OPTIONS] (MCP server for agents; see mcp --help)",
              "gpt-image-2-api info FILE            (format, size, C2PA, sidecar)",
              "gpt-image-2-api replay FILE          (the same request again, from its sidecar)"),
          List.of(
              "Make images with gpt-image-2 (or any model an OpenAI-compatible API serves), or edit"
                  + " images given with --image. Prints {\"files\": [...], ...} as JSON on stdout.",
              "",
              "  gpt-image-2-api --prompt \"a lighthouse at dusk\" --output out",
              "  gpt-image-2-api --prompt \"add a red scarf\" --image dog.png --mask mask.png",
              "  gpt-image-2-api --emulator a lighthouse at dusk      (offline, no key)",
              "  gpt-image-2-api serve [--port 3688]                  (run the emulator)",
              "  gpt-image-2-api batch jobs.jsonl --concurrency 8     (many images; see batch --help)",
              ""),
          options(),
          "WORDS...",
          Integer.MAX_VALUE,
          "Prompt words, joined by spaces.",
          java.util.stream.Stream.concat(
                  List.of(
                      "Environment variables (a flag wins over a variable, a variable over a .env file):",
                      "  OPENAI_API_KEY                   bearer key (required unless --emulator)",
                      "  OPENAI_BASE_URL                  default http://127.0.0.1:3688/v1",
                      "  OPENAI_IMAGE_MODEL               default gpt-image-2",
                      "  OPENAI_IMAGE_PROTOCOL            openai_images (default), openai_chat or openai_responses",
                      "  OPENAI_IMAGE_RESPONSES_MODEL     default "
                          + gptimage.client.ImageRequest.DEFAULT_RESPONSES_MODEL
                          + " (the mainline model with openai_responses)",
                      "  OPENAI_IMAGE_ACTION              generate, edit or auto (openai_responses)",
                      "  OPENAI_IMAGE_SIZE                default 1024x1024; also 16:9, 2K, 16:9@2K",
                      "  OPENAI_IMAGE_STRICT_SIZE         true: exit 2 on a size the model does not take",
                      "  OPENAI_IMAGE_QUALITY, OPENAI_IMAGE_N, OPENAI_IMAGE_OUTPUT_FORMAT, OPENAI_IMAGE_FORMAT,",
                      "  OPENAI_IMAGE_RESPONSE_FORMAT, OPENAI_IMAGE_BACKGROUND, OPENAI_IMAGE_MODERATION,",
                      "  OPENAI_IMAGE_OUTPUT_COMPRESSION, OPENAI_IMAGE_PARTIAL_IMAGES, OPENAI_IMAGE_INPUT_FIDELITY,",
                      "  OPENAI_IMAGE_STYLE, OPENAI_IMAGE_STREAM, OPENAI_IMAGE_USER, OPENAI_IMAGE_EXTRA_JSON,",
                      "  OPENAI_IMAGE_TIMEOUT, OPENAI_IMAGE_MAX_RETRIES, OPENAI_IMAGE_SAVE_PARTIALS,",
                      "  OPENAI_IMAGE_UPLOAD, OPENAI_IMAGE_EMULATOR, OPENAI_IMAGE_CA_FILE   each the same as its flag",
                      "  SSL_CERT_FILE                    PEM CA certificates added like --ca-file",
                      "  https_proxy, http_proxy, all_proxy, no_proxy   as curl reads them;"
                          + " http://USER:PASSWORD@HOST:PORT",
                      "  OPENAI_IMAGE_PRICES              a JSON file of prices over the published ones:",
                      "                                   {\"MODEL\": {\"text_in\": 5, \"image_in\": 8,",
                      "                                   \"image_out\": 30, \"cached_in\": 1.25}}"
                          + " (USD per million tokens)",
                      "",
                      "Azure OpenAI (--provider azure, or a host ending in .openai.azure.com,",
                      "  .cognitiveservices.azure.com or .services.ai.azure.com):",
                      "  OPENAI_IMAGE_PROVIDER            openai or azure",
                      "  AZURE_OPENAI_ENDPOINT            https://NAME.openai.azure.com (or .../openai/v1);",
                      "                                   read when OPENAI_BASE_URL is unset",
                      "  AZURE_OPENAI_API_KEY             sent as the api-key header (else OPENAI_API_KEY)",
                      "  AZURE_OPENAI_AD_TOKEN            an Entra ID token, sent as Authorization: Bearer",
                      "  AZURE_OPENAI_DEPLOYMENT          the deployment (default: the model's name)",
                      "  OPENAI_API_VERSION               default "
                          + gptimage.client.AzureProvider.DEFAULT_API_VERSION
                          + " (has gpt-image edits and streaming)",
                      "",
                      ".env files are read from the working directory, then the install folder; --env-file wins"
                          + " over both. Lines are KEY=VALUE, # comments, optional 'export ' and quotes.",
                      "",
                      "Exit codes:")
                      .stream(),
                  ExitCode.helpLines().stream())
              .toList());

  private static List<OptionSpec> options() {
    List<OptionSpec> o = new ArrayList<>();
    o.add(OptionSpec.help());
    o.add(OptionSpec.flag("--version", "Print the version and exit."));
    o.add(OptionSpec.value("--prompt", "TEXT", "The prompt (else the plain words)."));
    o.add(OptionSpec.value("--output", "DIR", "Folder to save in (default: working directory)."));
    o.add(OptionSpec.value("--name", "STEM", "File name stem instead of gpt-image-2-<epoch-ms>."));
    o.add(
        OptionSpec.optionalReference(
            "--continue",
            "resp_...|FILE",
            "Continue from the output folder's last result, a response id or an image file:"
                + " Responses sends previous_response_id, Images and chat send the image(s)."));
    o.addAll(SettingOptions.OPTIONS);
    o.add(
        OptionSpec.value(
            "--exact",
            "WxH",
            "Exactly this size (1920x1080): the nearest size of that shape the model takes,"
                + " then scaled and centre-cropped here (png, jpeg); the original is kept."));
    o.add(
        OptionSpec.flag(
            "--preview",
            "Draw each saved image in the terminal (kitty, iTerm2, sixel); never on stdout."));
    o.add(
        OptionSpec.value("--preview-as", "P", "Force the preview protocol: kitty, iterm, sixel."));
    o.add(
        OptionSpec.flag(
            "--sidecar",
            "Write <file>.json beside each image: prompt, request, ids, usage, cost."));
    o.add(OptionSpec.flag("--dry-run", "Print the request that would be sent, and send nothing."));
    o.add(OptionSpec.flag("--quiet", "No progress lines on stderr."));
    o.add(OptionSpec.flag("--verbose", "Log each request and answer line on stderr (key masked)."));
    return o;
  }

  GenerateCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    super(out, err, env, redaction);
  }

  int run(CommandSpec.Parsed args) throws Exception {
    SettingOptions settings = new SettingOptions(args);
    String prompt = args.value("--prompt");
    String output = args.value("--output");
    String name = args.value("--name");
    boolean dryRun = args.has("--dry-run");
    boolean quiet = args.has("--quiet");
    boolean verbose = args.has("--verbose");
    List<String> words = args.positionals();
    Path cwd = env.workingDirectory();
    Configuration config = settings.configuration(env);
    gptimage.wire.SizeRules.Size exact =
        ExactOption.parse(args.value("--exact"), args.has("--size"));
    if (exact != null) {
      config = ExactOption.configure(config, exact);
    }
    String text = prompt != null ? prompt : String.join(" ", words);
    Path folder = cwd.resolve(output == null ? "." : output).toAbsolutePath().normalize();
    Continuation continued =
        args.value("--continue") == null
            ? null
            : Continuation.resolve(args.value("--continue"), folder, cwd, config.baseUrl());
    ImageRequest request;
    if (continued == null) {
      request = config.request(text, settings.images, settings.mask, cwd);
    } else {
      Protocol protocol = Protocol.parse(config.settings().get(Setting.PROTOCOL));
      List<String> images = new ArrayList<>();
      continued.inputImages(protocol).forEach(p -> images.add(p.toString()));
      images.addAll(settings.images);
      request =
          config.request(text, images, settings.mask, cwd, continued.previousResponseId(protocol));
    }
    boolean savePartialImages = config.savePartials();
    boolean upload = config.upload();
    boolean progress = !quiet && (env.interactive() || verbose);
    Preview preview =
        args.has("--preview") || args.has("--preview-as")
            ? Preview.of(env.variables(), args.value("--preview-as"), err, Preview::devTty)
            : null;
    Delivery delivery = new Delivery(out, err, redaction);
    delivery.beforeSending(request);
    try (ApiConnection api =
        connect(
            config,
            verbose,
            dryRun ? ApiConnection.Use.DRY_RUN : ApiConnection.Use.CALL,
            b -> {})) {
      if (!dryRun && upload) {
        request = new Uploads(api.client, folder).apply(request);
      }
      if (!dryRun) {
        FileIds.check(request, api.client);
      }
      if (dryRun) {
        out.print(redaction.apply(Json.toPrettyJson(api.client.describe(request))));
        out.flush();
        return ExitCode.OK.code();
      }
      if (progress) {
        err.println(
            (request.isEdit()
                    ? "Editing " + request.images().size() + " image(s)"
                    : "Making " + request.n() + " image(s)")
                + " with "
                + request.model()
                + " at "
                + api.baseUrl
                + " ...");
      }
      ImageResult result;
      try {
        result =
            api.client.generate(
                request, new ImageClient.SaveOptions(folder, name, savePartialImages));
      } catch (RefusalException e) {
        out.print(Json.toPrettyJson(ResultJson.ofRefusal(e, redaction)));
        out.flush();
        throw e; // the message on stderr and exit 1, as for any failure of the API
      }
      Continuation.remember(folder, result, api.baseUrl);
      return delivery.after(
          request,
          result,
          folder,
          new Delivery.Options(
              config.settings().get(gptimage.config.Setting.SIZE),
              args.has("--sidecar"),
              progress,
              java.time.Clock.systemUTC(),
              exact,
              preview,
              continued == null ? null : continued.json(request.protocol())));
    }
  }
}
