package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.config.Configuration;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.wire.ProxyRules;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The client a command talks through: to the configured API, or to the built-in emulator started
 * in-process for {@code --emulator} (and stopped on close). The key is registered with the {@link
 * Redaction} before anything can print it.
 */
final class ApiConnection implements AutoCloseable {
  final String baseUrl;
  final ImageClient client;
  private final Emulator emulator;

  private ApiConnection(String baseUrl, ImageClient client, Emulator emulator) {
    this.baseUrl = baseUrl;
    this.client = client;
    this.emulator = emulator;
  }

  /**
   * @param dryRun send nothing: the emulator is not started, its address is shown as a pattern
   * @param tune last changes to the client's settings (a batch's retry listener, say)
   */
  static ApiConnection open(
      Configuration config,
      Environment env,
      Redaction redaction,
      PrintStream err,
      boolean verbose,
      boolean dryRun,
      Consumer<ImageClient.Builder> tune)
      throws IOException {
    gptimage.client.Pricing.use(config.prices(env.workingDirectory()));
    boolean useEmulator = config.emulator();
    String key = config.apiKey(!useEmulator, env.installFolder());
    redaction.key(key);
    ProxyRules proxies;
    try {
      proxies = ProxyRules.fromEnvironment(env.variables());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    var timeout = config.timeout();
    int retries = config.maxRetries();
    String base = config.baseUrl();
    Emulator emulator = null;
    if (useEmulator) {
      if (dryRun) {
        base = "http://127.0.0.1:<free port>/v1";
      } else {
        emulator = Emulator.start(EmulatorOptions.defaults());
        base = emulator.baseUrl();
      }
      key = key == null ? "emulator-key" : key;
    }
    ImageClient.Builder b =
        ImageClient.builder()
            .baseUrl(base)
            .apiKey(key)
            .timeout(timeout)
            .maxRetries(retries)
            .proxies(proxies)
            .notices(line -> err.println("gpt-image-2-api: " + redaction.apply(line)))
            .log(verbose ? line -> err.println(redaction.apply(line)) : null);
    tune.accept(b);
    return new ApiConnection(base, b.build(), emulator);
  }

  @Override
  public void close() {
    client.close();
    if (emulator != null) {
      emulator.close();
    }
  }
}
