package gptimage.cli;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.Latency;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the emulator of the image API until Ctrl-C. */
@Command(
    name = "serve",
    sortOptions = false,
    description = {
      "Run the built-in emulator of the OpenAI image API (offline; any key is accepted unless"
          + " --api-key is given). One line per request goes to stderr; Ctrl-C stops it."
    })
final class ServeCommand implements Callable<Integer> {
  private final PrintStream err;

  ServeCommand(PrintStream err) {
    this.err = err;
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit.")
  boolean help;

  @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port (default 3688; 0 picks a free one).")
  int port = 3688;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "Accept only this bearer key (401 for others).")
  String apiKey;

  @Option(
      names = "--latency",
      paramLabel = "SPEC",
      description = "Seconds before answering: 2, 0.5, 'quality', or low=1,medium=3,high=8.")
  String latency;

  @Option(
      names = "--rate-limit",
      paramLabel = "RPM",
      description = "Requests a minute before 429 (0: none).")
  int rateLimit;

  @Option(
      names = "--fault",
      paramLabel = "NAME[:always]",
      description =
          "429, 500, reset, truncated-stream, slow-body, html-502, truncated-json, no-image,"
              + " bad-base64, not-image, hang; once (default) or :always. Repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--chat-shape",
      paramLabel = "SHAPE",
      description = "markdown (default), parts or images.")
  String chatShape = "markdown";

  @Option(
      names = "--url-ttl",
      paramLabel = "SECONDS",
      description = "Lifetime of response_format=url images (default 3600).")
  long urlTtl = 3600;

  @Option(
      names = "--slow-body",
      paramLabel = "SECONDS",
      description = "Time the slow-body fault takes (default 5).")
  double slowBody = 5;

  @Option(
      names = "--image-host",
      paramLabel = "HOST",
      description =
          "Host name in response_format=url image URLs, e.g. localhost, to play the real"
              + " service's separate image host (default: the --host address).")
  String imageHost;

  @Option(
      names = "--batch-seconds",
      paramLabel = "SECONDS",
      description = "Time a /v1/batches batch takes from creation to completed (default 3).")
  double batchSeconds = 3;

  @Option(
      names = "--batch-expire-after",
      paramLabel = "LINES",
      description = "Expire each batch after answering this many lines (default: never).")
  int batchExpireAfter = -1;

  @Option(
      names = "--strict",
      description = "Reject response_format/style for GPT image models, as OpenAI does.")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    EmulatorOptions options;
    try {
      options =
          EmulatorOptions.defaults()
              .host(host)
              .port(port)
              .apiKey(apiKey)
              .latency(latency == null ? Latency.NONE : Latency.parse(latency))
              .rateLimit(rateLimit)
              .chatShape(EmulatorOptions.ChatShape.valueOf(chatShape.toUpperCase(Locale.ROOT)))
              .urlLifetime(Duration.ofSeconds(urlTtl))
              .slowBody(Duration.ofMillis((long) (slowBody * 1000)))
              .strict(strict)
              .imageHost(imageHost)
              .batchDuration(Duration.ofMillis((long) (batchSeconds * 1000)))
              .batchExpireAfter(batchExpireAfter)
              .log(err);
      for (String f : faults) {
        Fault.Rule rule = Fault.Rule.parse(f);
        options = options.fault(rule.fault(), rule.always());
      }
    } catch (IllegalArgumentException e) {
      err.println("gpt-image-2-api serve: " + e.getMessage());
      return Main.USAGE;
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
      return Main.FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    err.println("Emulator of the OpenAI image API at " + emulator.baseUrl() + " (Ctrl-C stops it)");
    err.println(
        "Try: OPENAI_BASE_URL="
            + emulator.baseUrl()
            + " OPENAI_API_KEY=any gpt-image-2-api --prompt \"a lighthouse at dusk\"");
    emulator.awaitClose();
    return Main.OK;
  }
}
