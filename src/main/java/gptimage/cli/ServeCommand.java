package gptimage.cli;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.Latency;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Runs the emulator of the image API until Ctrl-C. */
final class ServeCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api serve",
          List.of("gpt-image-2-api serve [OPTIONS]"),
          List.of(
              "Run the built-in emulator of the OpenAI image API (offline; any key is accepted"
                  + " unless --api-key is given). One line per request goes to stderr; Ctrl-C"
                  + " stops it.",
              ""),
          java.util.stream.Stream.concat(
                  List.of(
                      OptionSpec.help(),
                      OptionSpec.value(
                          "--host", "HOST", "Address to listen on (default 127.0.0.1)."),
                      OptionSpec.value(
                          "--port", "PORT", "Port (default 3688; 0 picks a free one)."),
                      OptionSpec.value(
                          "--api-key", "KEY", "Accept only this bearer key (401 for others)."),
                      OptionSpec.value(
                          "--latency",
                          "SPEC",
                          "Seconds before answering: 2, 0.5, 'quality', or low=1,medium=3,high=8."),
                      OptionSpec.value(
                          "--rate-limit", "RPM", "Requests a minute before 429 (0: none)."),
                      OptionSpec.repeatable(
                          List.of("--fault"),
                          "NAME[:always]",
                          "429, 500, reset, truncated-stream, slow-body, html-502, truncated-json,"
                              + " no-image, bad-base64, not-image, moderation-blocked, content-filter,"
                              + " hang, ignore-params; once (default) or :always."
                              + " Repeatable."),
                      OptionSpec.repeatable(
                          List.of("--azure-deployment"),
                          "NAME=MODEL",
                          "An Azure deployment for /openai/deployments/NAME/... (default: every model is a"
                              + " deployment of itself). Repeatable."),
                      OptionSpec.value(
                          "--chat-shape", "SHAPE", "markdown (default), parts or images."),
                      OptionSpec.value(
                          "--url-ttl",
                          "SECONDS",
                          "Lifetime of response_format=url images (default 3600)."),
                      OptionSpec.value(
                          "--slow-body", "SECONDS", "Time the slow-body fault takes (default 5)."),
                      OptionSpec.value(
                          "--image-host",
                          "HOST",
                          "Host name in response_format=url image URLs, e.g. localhost, to play the real"
                              + " service's separate image host (default: the --host address)."),
                      OptionSpec.value(
                          "--batch-seconds",
                          "SECONDS",
                          "Time a /v1/batches batch takes from creation to completed (default 3)."),
                      OptionSpec.value(
                          "--batch-expire-after",
                          "LINES",
                          "Expire each batch after answering this many lines (default: never)."),
                      OptionSpec.flag(
                          "--strict",
                          "Reject response_format/style for GPT image models, as OpenAI does."))
                      .stream(),
                  ServeTls.OPTIONS.stream())
              .toList(),
          null,
          0,
          null,
          List.of());

  private final PrintStream err;

  ServeCommand(PrintStream err) {
    this.err = err;
  }

  int run(CommandSpec.Parsed args) throws Exception {
    String host = args.has("--host") ? args.value("--host") : "127.0.0.1";
    int port = args.intValue("--port", 3688);
    String latency = args.value("--latency");
    String chatShape = args.has("--chat-shape") ? args.value("--chat-shape") : "markdown";
    double slowBody = args.doubleValue("--slow-body", 5);
    double batchSeconds = args.doubleValue("--batch-seconds", 3);
    EmulatorOptions options;
    try {
      options =
          EmulatorOptions.defaults()
              .host(host)
              .port(port)
              .apiKey(args.value("--api-key"))
              .latency(latency == null ? Latency.NONE : Latency.parse(latency))
              .rateLimit(args.intValue("--rate-limit", 0))
              .chatShape(EmulatorOptions.ChatShape.valueOf(chatShape.toUpperCase(Locale.ROOT)))
              .urlLifetime(Duration.ofSeconds(args.intValue("--url-ttl", 3600)))
              .slowBody(Duration.ofMillis((long) (slowBody * 1000)))
              .strict(args.has("--strict"))
              .imageHost(args.value("--image-host"))
              .batchDuration(Duration.ofMillis((long) (batchSeconds * 1000)))
              .batchExpireAfter(args.intValue("--batch-expire-after", -1))
              .tls(ServeTls.identity(args, java.nio.file.Path.of("").toAbsolutePath()))
              .log(err);
      for (String d : args.values("--azure-deployment")) {
        int eq = d.indexOf('=');
        if (eq <= 0 || eq == d.length() - 1 || d.substring(0, eq).contains("/")) {
          throw new IllegalArgumentException(
              "--azure-deployment must be NAME=MODEL, like images=gpt-image-2; got '" + d + "'");
        }
        options = options.azureDeployment(d.substring(0, eq).trim(), d.substring(eq + 1).trim());
      }
      for (String f : args.values("--fault")) {
        Fault.Rule rule = Fault.Rule.parse(f);
        options = options.fault(rule.fault(), rule.always());
      }
    } catch (IllegalArgumentException e) {
      err.println("gpt-image-2-api serve: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    Emulator emulator;
    try {
      emulator = Emulator.start(options);
    } catch (java.net.BindException e) {
      err.println(
          "gpt-image-2-api serve: port "
              + port
              + " on "
              + host
              + " is in use; pick another"
              + " with --port, or --port 0 for any free one.");
      return ExitCode.FAILED.code();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    err.println("Emulator of the OpenAI image API at " + emulator.baseUrl() + " (Ctrl-C stops it)");
    if (options.tls() != null) {
      ServeTls.announce(emulator, options.tls(), args.value("--tls-cert"), err);
    } else {
      err.println(
          "Try: OPENAI_BASE_URL="
              + emulator.baseUrl()
              + " OPENAI_API_KEY=any gpt-image-2-api --prompt \"a lighthouse at dusk\"");
    }
    err.println(
        "Azure OpenAI: endpoint "
            + emulator.azureEndpoint()
            + " (or "
            + emulator.azureEndpoint()
            + "/openai/v1), deployments: "
            + String.join(", ", emulator.azureDeployments().keySet()));
    emulator.awaitClose();
    return ExitCode.OK.code();
  }
}
