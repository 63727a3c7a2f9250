package gptimage.cli;

import gptimage.client.AzureProvider;
import gptimage.client.ImageClient;
import gptimage.client.Provider;
import gptimage.config.AzureTarget;
import gptimage.config.ClientConfig;
import gptimage.config.Configuration;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
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

  /** What the connection is opened for. */
  enum Use {
    /** Send nothing: the emulator is not started, its address is shown as a pattern. */
    DRY_RUN,
    /**
     * Calls the API at once: an https handshake starts on a second thread while the request is made
     * ready ({@link ImageClient#connectEarly}).
     */
    CALL,
    /** Serves calls that come later (MCP): connects when the first one does. */
    SERVE
  }

  /**
   * @param use what for: {@link Use#DRY_RUN} sends nothing
   * @param tune last changes to the client's settings (a batch's retry listener, say)
   */
  static ApiConnection open(
      Configuration config,
      Environment env,
      Redaction redaction,
      PrintStream err,
      boolean verbose,
      Use use,
      Consumer<ImageClient.Builder> tune)
      throws IOException {
    boolean useEmulator = config.emulator();
    boolean dryRun = use == Use.DRY_RUN;
    AzureTarget azure = config.azure();
    if (azure != null && !useEmulator) {
      azure.requireEndpoint();
    }
    String key =
        azure != null
            ? azure.credential(!useEmulator)
            : config.apiKey(!useEmulator, env.installFolder());
    redaction.key(key);
    ClientConfig settings = ClientConfig.of(config, env.variables(), env.workingDirectory(), key);
    Emulator emulator = null;
    if (useEmulator) {
      String base;
      if (dryRun) {
        base = "http://127.0.0.1:<free port>/v1";
      } else {
        emulator = Emulator.start(EmulatorOptions.defaults());
        base = emulator.baseUrl();
      }
      settings = settings.at(base, key == null ? "emulator-key" : key);
    }
    String base = settings.baseUrl();
    Provider provider = null;
    if (azure != null) {
      // The emulator plays Azure at its origin: the deployment routes hang off the root.
      base = useEmulator ? base.replaceAll("/v1$", "") : azure.endpoint();
      provider = useEmulator && key == null ? emulatorAzure(azure, base) : azure.provider(base);
    }
    ImageClient.Builder b =
        settings
            .builder()
            .timeoutName("--timeout / OPENAI_IMAGE_TIMEOUT")
            .notices(line -> err.println("gpt-image-2-api: " + redaction.apply(line)))
            .log(verbose ? line -> err.println(redaction.apply(line)) : null)
            .provider(provider);
    tune.accept(b);
    if (!dryRun
        && base.regionMatches(true, 0, "https:", 0, 6)
        && gptimage.wire.KeyShareGroups.narrows()) {
      // The command owns its JVM: with no P-256 key share to make, the server's P-256 signature
      // is all that would build the JDK's P-256 table; it is checked without it.
      gptimage.tls.VerifyProvider.install();
    }
    ImageClient client = b.build();
    if (use == Use.CALL) {
      client.connectEarly(); // the handshake runs while prices load and the request is made
    }
    try {
      gptimage.client.Pricing.use(config.prices(env.workingDirectory()));
    } catch (RuntimeException e) {
      client.close();
      if (emulator != null) {
        emulator.close();
      }
      throw e;
    }
    return new ApiConnection(base, client, emulator);
  }

  private static Provider emulatorAzure(AzureTarget azure, String base) {
    return new AzureProvider(base, azure.deployment(), azure.apiVersion(), "emulator-key", null);
  }

  @Override
  public void close() {
    client.close();
    if (emulator != null) {
      emulator.close();
    }
  }
}
