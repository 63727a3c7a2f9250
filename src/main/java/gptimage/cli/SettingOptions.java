package gptimage.cli;

import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The options that shape a request and reach the API, shared by the single command and {@code
 * batch} (where they are the defaults of every job). Each option whose long name is a {@link
 * Setting}'s flag becomes that setting's flag value.
 */
final class SettingOptions {
  static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.repeatable(
              List.of("--image", "--input"), "FILE", "Input image to edit; repeat for up to 16."),
          OptionSpec.value("--mask", "FILE|auto", "PNG mask (transparent = edit here), or auto."),
          OptionSpec.value("--base-url", "URL", "API base URL."),
          OptionSpec.value("--model", "NAME", "Model name (any string)."),
          OptionSpec.value(
              "--provider", "P", "openai or azure (default: azure for Azure hosts, else openai)."),
          OptionSpec.value("--deployment", "NAME", "Azure deployment (default: the model's name)."),
          OptionSpec.value(
              "--api-version",
              "V",
              "Azure api-version (default "
                  + gptimage.client.AzureProvider.DEFAULT_API_VERSION
                  + ")."),
          OptionSpec.value(
              "--protocol", "P", "openai_images, openai_chat or openai_responses (responses)."),
          OptionSpec.value(
              "--responses-model",
              "NAME",
              "Mainline model calling the image tool with --protocol responses (default "
                  + gptimage.client.ImageRequest.DEFAULT_RESPONSES_MODEL
                  + ")."),
          OptionSpec.value(
              "--action", "A", "generate, edit or auto: the image tool's action (responses)."),
          OptionSpec.value(
              "--size",
              "SIZE",
              "WxH or auto (sent unchanged), or a ratio/preset solved for the model: 16:9, 2K,"
                  + " 16:9@2K."),
          OptionSpec.optionalBoolean(
              "--strict-size", "Stop (exit 2) on a WxH the model's rules forbid, not warn."),
          OptionSpec.value("--quality", "Q", "low, medium, high, auto, ..."),
          OptionSpec.value("--n", "N", "Number of images, 1-10."),
          OptionSpec.value("--output-format", "F", "png, jpeg, webp, gif, svg."),
          OptionSpec.value("--format", "F", "Legacy alias of --output-format."),
          OptionSpec.value("--response-format", "F", "url or b64_json."),
          OptionSpec.value("--background", "B", "transparent, opaque, auto."),
          OptionSpec.value("--moderation", "M", "low or auto."),
          OptionSpec.value("--output-compression", "0-100", "Compression for jpeg/webp."),
          OptionSpec.value("--partial-images", "0-3", "Streamed partial images."),
          OptionSpec.value("--input-fidelity", "F", "high or low (edits)."),
          OptionSpec.value("--style", "S", "vivid or natural (dall-e-3)."),
          OptionSpec.optionalBoolean("--stream", "Stream the answer (true/false, 1/0, yes/no)."),
          OptionSpec.value("--user", "ID", "End-user identifier."),
          OptionSpec.value("--extra-json", "JSON", "JSON object merged last into the request."),
          OptionSpec.value("--timeout", "SECONDS", "Limit for one attempt (default 600)."),
          OptionSpec.value("--max-retries", "N", "Retries after the first attempt (default 2)."),
          OptionSpec.value(
              "--ca-file",
              "FILE",
              "PEM CA certificates trusted for https besides the JDK's own (company proxy,"
                  + " private CA, serve --tls)."),
          OptionSpec.optionalBoolean(
              "--save-partials", "Keep streamed partial images as <stem>-partial-<k>.<ext>."),
          OptionSpec.optionalBoolean(
              "--upload",
              "Send local --image/--mask files once to the Files API, then by file id."),
          OptionSpec.optionalBoolean(
              "--emulator",
              "Run against the built-in emulator, in-process, offline; no key needed."),
          OptionSpec.value(
              "--env-file", "FILE", "Read this .env file too, winning over the others."));

  final List<String> images;
  final String mask;
  private final String envFile;
  private final Map<Setting, String> flags = new EnumMap<>(Setting.class);

  SettingOptions(CommandSpec.Parsed args) {
    images = args.values("--image");
    mask = args.value("--mask");
    envFile = args.value("--env-file");
    for (Setting s : Setting.values()) {
      if (s.flag() != null && args.has(s.flag())) {
        flags.put(s, args.value(s.flag()));
      }
    }
  }

  /** The settings given as flags. */
  Map<Setting, String> flags() {
    return flags;
  }

  /** Resolves flags, environment and {@code .env} files into a configuration. */
  Configuration configuration(Environment env) {
    Path cwd = env.workingDirectory();
    List<Path> dotEnvs = new ArrayList<>();
    dotEnvs.add(cwd.resolve(".env"));
    if (env.installFolder() != null) {
      dotEnvs.add(env.installFolder().resolve(".env"));
    }
    return new Configuration(
        Settings.resolve(
            flags(), env.variables(), dotEnvs, envFile == null ? null : cwd.resolve(envFile)));
  }
}
