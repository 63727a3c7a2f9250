package gptimage.config;

import gptimage.UsageException;
import gptimage.client.AzureProvider;
import java.util.Locale;

/**
 * The Azure OpenAI settings, where the provider is Azure: chosen by {@code --provider azure} /
 * {@code OPENAI_IMAGE_PROVIDER=azure}, or seen in the base URL's host ({@link
 * AzureProvider#HOST_SUFFIXES}). The Azure SDKs' variables fill what the tool's own leave unset:
 * {@code AZURE_OPENAI_ENDPOINT} for the base URL, {@code AZURE_OPENAI_API_KEY} before {@code
 * OPENAI_API_KEY}.
 *
 * @param endpoint the resource endpoint, or a base URL ending in {@code /openai/v1}
 * @param endpointSource where the endpoint came from (a flag, a variable, a file)
 * @param deployment {@code --deployment} / {@code AZURE_OPENAI_DEPLOYMENT}, else the model
 * @param apiVersion {@code --api-version} / {@code OPENAI_API_VERSION}; default {@value
 *     AzureProvider#DEFAULT_API_VERSION}
 * @param apiKey {@code AZURE_OPENAI_API_KEY}, else {@code OPENAI_API_KEY}; or null
 * @param adToken {@code AZURE_OPENAI_AD_TOKEN}, an Entra ID token; or null
 */
public record AzureTarget(
    String endpoint,
    String endpointSource,
    String deployment,
    String apiVersion,
    String apiKey,
    String adToken) {

  /** The Azure settings, or null where the provider is OpenAI's. */
  public static AzureTarget of(Settings s) {
    String provider = s.get(Setting.PROVIDER);
    String p = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
    if (!p.isEmpty() && !p.equals("openai") && !p.equals("azure")) {
      throw new UsageException(
          Setting.PROVIDER.label() + " must be openai or azure, got '" + provider + "'.");
    }
    boolean baseIsDefault = "default".equals(s.source(Setting.BASE_URL));
    String azureEndpoint = s.get(Setting.AZURE_ENDPOINT);
    String base = s.get(Setting.BASE_URL);
    String source = s.source(Setting.BASE_URL);
    if (baseIsDefault && azureEndpoint != null && !p.equals("openai")) {
      base = azureEndpoint;
      source = s.source(Setting.AZURE_ENDPOINT);
    }
    boolean azure = p.equals("azure") || (p.isEmpty() && AzureProvider.isAzureHost(base));
    if (!azure) {
      return null;
    }
    String deployment = s.get(Setting.DEPLOYMENT);
    if (deployment == null) {
      deployment = s.get(Setting.MODEL);
    }
    if (deployment == null || deployment.isBlank() || deployment.matches(".*[/?#\\s].*")) {
      throw new UsageException(
          Setting.DEPLOYMENT.label()
              + " must be an Azure deployment's name (no slash, ?, # or spaces), got '"
              + deployment
              + "'.");
    }
    String version = s.get(Setting.API_VERSION);
    if (version == null || version.isBlank()) {
      version = AzureProvider.DEFAULT_API_VERSION;
    }
    String key = s.get(Setting.AZURE_API_KEY);
    if (key == null) {
      key = s.get(Setting.API_KEY);
    }
    String endpoint = base.trim().replaceAll("/+$", "").replaceAll("/openai$", "");
    return new AzureTarget(
        endpoint, source, deployment.trim(), version.trim(), key, s.get(Setting.AZURE_AD_TOKEN));
  }

  /** Whether the base URL is the v1 style ({@code .../openai/v1}). */
  public boolean v1() {
    return endpoint.endsWith("/openai/v1");
  }

  /** The key, else the token; with {@code required}, neither is an error naming both variables. */
  public String credential(boolean required) {
    if (apiKey != null) {
      return apiKey;
    }
    if (adToken == null && required) {
      throw new UsageException(
          "No Azure credential: set AZURE_OPENAI_API_KEY (the resource's key, sent as the api-key"
              + " header) or AZURE_OPENAI_AD_TOKEN (an Entra ID token, sent as Authorization:"
              + " Bearer), in the environment or a .env file.");
    }
    return adToken;
  }

  /**
   * Where the base URL is still the emulator's default address, the endpoint is missing: that is an
   * error unless the emulator is wanted.
   */
  public void requireEndpoint() {
    if ("default".equals(endpointSource)) {
      throw new UsageException(
          "Azure OpenAI needs its endpoint: set AZURE_OPENAI_ENDPOINT (such as"
              + " https://NAME.openai.azure.com) or --base-url / OPENAI_BASE_URL (the endpoint, or"
              + " https://NAME.openai.azure.com/openai/v1 for the v1 API).");
    }
  }

  /** The provider for requests to {@code endpoint} (this one, or the emulator's) with this key. */
  public AzureProvider provider(String at) {
    return new AzureProvider(at, deployment, apiVersion, apiKey, apiKey != null ? null : adToken);
  }

  /**
   * The provider for requests to {@code at} with {@code credential}: sent as {@code api-key} where
   * it is the key found, else as the Entra token.
   */
  public AzureProvider provider(String at, String credential) {
    boolean isToken = apiKey == null && credential != null && credential.equals(adToken);
    return new AzureProvider(
        at, deployment, apiVersion, isToken ? null : credential, isToken ? credential : null);
  }

  /** The provider for this endpoint. */
  public AzureProvider provider() {
    return provider(endpoint);
  }

  @Override
  public String toString() {
    return "AzureTarget[" + endpoint + ", " + deployment + ", " + apiVersion + "]"; // no secrets
  }
}
