package gptimage.config;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.wire.ProxyRules;
import gptimage.wire.Trust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a client needs to reach the API, read as the command reads it, so that a Java user needs no
 * class of the command:
 *
 * <pre>{@code
 * try (ImageClient client = ClientConfig.fromEnv(System.getenv(), Path.of("")).newClient()) {
 *   ...
 * }
 * }</pre>
 *
 * @param baseUrl {@code OPENAI_BASE_URL}, trailing slashes removed; default {@code
 *     http://127.0.0.1:3688/v1} (the emulator)
 * @param apiKey {@code OPENAI_API_KEY}; null only where the caller allowed it
 * @param timeout {@code OPENAI_IMAGE_TIMEOUT}, one attempt's limit; default 600 s, at most 1 day
 * @param maxRetries {@code OPENAI_IMAGE_MAX_RETRIES}, from 0 to 100; default 2
 * @param proxies {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY}, {@code NO_PROXY} (and
 *     their lower-case forms), from the process environment only
 * @param azure Azure OpenAI's settings where the provider is Azure ({@link AzureTarget}), else null
 * @param trust which https certificates to accept: the JDK's default trust plus the CA files of
 *     {@code OPENAI_IMAGE_CA_FILE} and {@code SSL_CERT_FILE} ({@link CaFiles})
 */
public record ClientConfig(
    String baseUrl,
    String apiKey,
    Duration timeout,
    int maxRetries,
    ProxyRules proxies,
    AzureTarget azure,
    Trust trust) {

  /**
   * Reads the settings from {@code env} (the process environment) and, for what it leaves unset,
   * from {@code cwd/.env}; then the defaults above. CA files are checked for readability now and
   * parsed at the first https handshake.
   *
   * @throws UsageException where no key is set, or a value is not allowed (the message names the
   *     variable and what is allowed)
   */
  public static ClientConfig fromEnv(Map<String, String> env, Path cwd) {
    Path dotEnv = cwd.resolve(".env");
    Settings settings = Settings.resolve(Map.of(), env, List.of(dotEnv), null);
    AzureTarget azure = AzureTarget.of(settings);
    if (azure != null) {
      azure.requireEndpoint();
      return of(new Configuration(settings), env, cwd, azure.credential(true));
    }
    String key = settings.get(Setting.API_KEY);
    if (key == null) {
      throw new UsageException(
          "No API key: set OPENAI_API_KEY in the environment or in " + dotEnv + ".");
    }
    return of(new Configuration(settings), env, cwd, key);
  }

  /**
   * From settings already resolved (the command's flags among them) and the key the caller read.
   *
   * @param env the process environment, for the proxy variables and {@code SSL_CERT_FILE}
   * @param cwd the working directory, which relative CA file paths start from
   * @throws UsageException where a proxy variable is malformed or a CA file cannot be read
   */
  public static ClientConfig of(
      Configuration config, Map<String, String> env, Path cwd, String apiKey) {
    ProxyRules proxies;
    try {
      proxies = ProxyRules.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    AzureTarget azure = config.azure();
    return new ClientConfig(
        azure != null ? azure.endpoint() : config.baseUrl(),
        apiKey,
        config.timeout(),
        config.maxRetries(),
        proxies,
        azure,
        CaFiles.trust(config, env, cwd));
  }

  /**
   * The same settings with another base URL and key (the in-process emulator's, say); the provider
   * becomes OpenAI's.
   */
  public ClientConfig at(String otherBaseUrl, String otherKey) {
    return new ClientConfig(otherBaseUrl, otherKey, timeout, maxRetries, proxies, null, trust);
  }

  /** A client builder with these settings; add notices, a log or a retry listener, then build. */
  public ImageClient.Builder builder() {
    return ImageClient.builder()
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .timeout(timeout)
        .maxRetries(maxRetries)
        .proxies(proxies)
        .trust(trust)
        .provider(azure == null ? null : azure.provider(baseUrl, apiKey));
  }

  /** A client with these settings and the builder's other defaults. */
  public ImageClient newClient() {
    return builder().build();
  }
}
