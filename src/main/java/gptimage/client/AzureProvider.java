package gptimage.client;

import gptimage.wire.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Azure OpenAI, in either of its URL styles:
 *
 * <ul>
 *   <li>deployments: {@code endpoint} is the resource ({@code https://NAME.openai.azure.com});
 *       images and chat go to {@code {endpoint}/openai/deployments/{deployment}/images/generations
 *       ?api-version=V}, the Files and Batch APIs to {@code {endpoint}/openai/files?api-version=V};
 *   <li>v1: {@code endpoint} ends in {@code /openai/v1}; OpenAI's paths follow it, the body's
 *       {@code model} names the deployment, and {@code ?api-version=} is sent only where it is
 *       {@code preview} or {@code latest} (the v1 API takes no dated version).
 * </ul>
 *
 * <p>A key goes in the {@code api-key} header, never in {@code Authorization}; an Entra ID token
 * goes as {@code Authorization: Bearer}. Exactly one of the two is sent.
 *
 * @param endpoint the resource endpoint or the {@code /openai/v1} base URL, no trailing slash
 * @param deployment the deployment's name (deployment style)
 * @param apiVersion such as {@value #DEFAULT_API_VERSION}
 * @param apiKey the resource key, or null
 * @param adToken an Entra ID access token, used where {@code apiKey} is null
 */
public record AzureProvider(
    String endpoint, String deployment, String apiVersion, String apiKey, String adToken)
    implements Provider {
  /** The api-version sent unless set otherwise: it has gpt-image edits and streaming. */
  public static final String DEFAULT_API_VERSION = "2025-04-01-preview";

  /** Host name endings that mean Azure OpenAI. */
  public static final Set<String> HOST_SUFFIXES =
      Set.of(".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com");

  private static final Set<String> DEPLOYMENT_PATHS =
      Set.of("/images/generations", "/images/edits", "/chat/completions", "/responses");

  public AzureProvider {
    endpoint = endpoint.replaceAll("/+$", "");
  }

  /** Whether {@code baseUrl}'s host is one of Azure OpenAI's ({@link #HOST_SUFFIXES}). */
  public static boolean isAzureHost(String baseUrl) {
    String host;
    try {
      host = URI.create(baseUrl.trim()).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return HOST_SUFFIXES.stream().anyMatch(h::endsWith);
  }

  /** Whether the endpoint is the v1 style ({@code .../openai/v1}). */
  public boolean v1() {
    return endpoint.endsWith("/openai/v1");
  }

  @Override
  public URI uri(String path) {
    if (v1()) {
      boolean send = "preview".equals(apiVersion) || "latest".equals(apiVersion);
      return URI.create(endpoint + path + (send ? query(path) : ""));
    }
    String prefix =
        DEPLOYMENT_PATHS.contains(path)
            ? "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
            : "/openai";
    return URI.create(endpoint + prefix + path + query(path));
  }

  private String query(String path) {
    return (path.contains("?") ? "&" : "?")
        + "api-version="
        + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
  }

  @Override
  public Request authorize(Request r) {
    Request withKey =
        apiKey != null
            ? r.header("api-key", apiKey)
            : r.header("Authorization", "Bearer " + adToken);
    return withKey.header("User-Agent", "gpt-image-2-api/" + Version.VERSION);
  }

  @Override
  public Map<String, String> maskedCredential() {
    return apiKey != null
        ? Map.of("api-key", Secrets.mask(apiKey))
        : Map.of("Authorization", "Bearer " + Secrets.mask(adToken));
  }

  @Override
  public String noBatchApi() {
    return "Azure OpenAI's Batch API takes chat completions, responses and embeddings, not image"
        + " requests: run this batch with --via local (the default) instead of --via openai-batch.";
  }

  @Override
  public String toString() {
    return "AzureProvider[" + endpoint + ", deployment " + deployment + ", " + apiVersion + "]";
  }
}
