package gptimage.cli;

import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that shape a request and reach the API, shared by the single command and {@code
 * batch} (where they are the defaults of every job). Each option whose long name is a {@link
 * Setting}'s flag becomes that setting's flag value.
 */
final class SettingOptions {
  @Spec(Spec.Target.SELF)
  CommandSpec spec;

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

  /** The settings given as flags, found through each option's name. */
  Map<Setting, String> flags() {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (OptionSpec option : spec.options()) {
      Object value = option.getValue();
      if (value instanceof String text) {
        for (Setting s : Setting.values()) {
          if (option.longestName().equals(s.flag())) {
            flags.put(s, text);
          }
        }
      }
    }
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
