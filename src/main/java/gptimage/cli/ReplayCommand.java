package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.RequestFields;
import gptimage.client.Sidecar;
import gptimage.config.Configuration;
import gptimage.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code replay FILE}: the same request again, read from an image's sidecar; new files. */
final class ReplayCommand extends ApiCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api replay",
          List.of("gpt-image-2-api replay FILE [OPTIONS]"),
          List.of(
              "Make the request recorded in FILE's sidecar (<file>.json) again: the same prompt,"
                  + " model, size and every other field, input images read again from their"
                  + " recorded paths. New files are saved; nothing is overwritten. The API and key"
                  + " come from the flags, variables and .env files as for a new request.",
              ""),
          List.of(
              OptionSpec.help(),
              OptionSpec.value(
                  "--output", "DIR", "Folder to save in (default: working directory)."),
              OptionSpec.value(
                  "--name", "STEM", "File name stem instead of gpt-image-2-<epoch-ms>."),
              OptionSpec.flag("--sidecar", "Write <file>.json beside each new image too."),
              OptionSpec.value("--base-url", "URL", "API base URL."),
              OptionSpec.optionalBoolean("--emulator", "Run against the built-in emulator."),
              OptionSpec.value("--env-file", "FILE", "Read this .env file too."),
              OptionSpec.value("--timeout", "SECONDS", "Limit for one attempt (default 600)."),
              OptionSpec.value(
                  "--max-retries", "N", "Retries after the first attempt (default 2)."),
              OptionSpec.flag("--dry-run", "Print the request that would be sent; send nothing."),
              OptionSpec.flag("--quiet", "No progress lines on stderr."),
              OptionSpec.flag("--verbose", "Log each request and answer line on stderr.")),
          "FILE",
          1,
          "The image (or its sidecar) to make again.",
          List.of());

  ReplayCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    super(out, err, env, redaction);
  }

  int run(CommandSpec.Parsed args) throws Exception {
    if (args.positionals().isEmpty()) {
      throw new UsageException("replay needs the image file: gpt-image-2-api replay FILE");
    }
    Path cwd = env.workingDirectory();
    Path file = InfoCommand.image(cwd.resolve(args.positionals().get(0)));
    Map<String, Object> sidecar = Sidecar.read(file);
    if (sidecar == null || !(sidecar.get("request") instanceof Map<?, ?>)) {
      throw new UsageException(
          file
              + " has no sidecar with its request ("
              + Sidecar.of(file).getFileName()
              + "); replay needs one: make images with --sidecar, or with batch.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) sidecar.get("request");
    ImageRequest request = RequestFields.fromJson(fields);
    for (Path input : request.images()) {
      if (!Files.isRegularFile(input)) {
        throw new UsageException(
            "The input image " + input + " recorded in the sidecar is gone; replay needs it.");
      }
    }
    Configuration config = new SettingOptions(args).configuration(env);
    String output = args.value("--output");
    Path folder = cwd.resolve(output == null ? "." : output).toAbsolutePath().normalize();
    boolean progress = !args.has("--quiet") && (env.interactive() || args.has("--verbose"));
    Delivery delivery = new Delivery(out, err, redaction);
    delivery.beforeSending(request);
    try (ApiConnection api =
        connect(
            config,
            args.has("--verbose"),
            args.has("--dry-run") ? ApiConnection.Use.DRY_RUN : ApiConnection.Use.CALL,
            b -> {})) {
      if (args.has("--dry-run")) {
        out.print(redaction.apply(Json.toPrettyJson(api.client.describe(request))));
        out.flush();
        return ExitCode.OK.code();
      }
      if (progress) {
        err.println("Replaying " + file.getFileName() + " at " + api.baseUrl + " ...");
      }
      ImageResult result =
          api.client.generate(
              request, new ImageClient.SaveOptions(folder, args.value("--name"), false));
      Object asked = sidecar.get("size_asked");
      return delivery.after(
          request,
          result,
          folder,
          new Delivery.Options(
              asked == null ? null : asked.toString(),
              args.has("--sidecar"),
              progress,
              Clock.systemUTC(),
              null,
              null,
              null));
    }
  }
}
