package gptimage.client;

import gptimage.wire.Request;
import java.net.URI;
import java.util.Map;

/**
 * Where a request goes and how it carries its credential: OpenAI's shape ({@link #openAi(String,
 * String)}) or Azure OpenAI's ({@link AzureProvider}). Protocols name OpenAI's paths ({@code
 * /images/generations}, {@code /chat/completions}, {@code /files}); the provider turns them into
 * URLs.
 */
public interface Provider {
  /** The URL for OpenAI's {@code path} (the part after {@code /v1}, starting with a slash). */
  URI uri(String path);

  /** The request with the credential header added, and the User-Agent. */
  Request authorize(Request r);

  /** The credential header as a dry run shows it: name and masked value. */
  Map<String, String> maskedCredential();

  /**
   * Fields this provider wants in every chat-completions request, before {@code extra}: OpenRouter
   * answers with images only when asked for {@code "modalities": ["image", "text"]}. Default none.
   */
  default Map<String, Object> chatFields() {
    return Map.of();
  }

  /**
   * Null where this provider has a Batch API for images; else the message saying why not and what
   * to do instead.
   */
  default String noBatchApi() {
    return null;
  }

  /**
   * OpenAI's shape: {@code baseUrl + path}, the key as {@code Authorization: Bearer}.
   *
   * @param baseUrl such as {@code https://api.openai.com/v1}; trailing slashes go
   * @param apiKey the bearer key; null sends none
   */
  static Provider openAi(String baseUrl, String apiKey) {
    return new OpenAiProvider(baseUrl.replaceAll("/+$", ""), apiKey);
  }

  /** OpenAI's shape, as {@link Provider#openAi} makes it. */
  record OpenAiProvider(String baseUrl, String apiKey) implements Provider {
    @Override
    public URI uri(String path) {
      return URI.create(baseUrl + path);
    }

    @Override
    public Request authorize(Request r) {
      return r.header("Authorization", "Bearer " + apiKey)
          .header("User-Agent", "gpt-image-2-api/" + Version.VERSION);
    }

    @Override
    public Map<String, String> maskedCredential() {
      return Map.of("Authorization", "Bearer " + Secrets.mask(apiKey));
    }

    @Override
    public Map<String, Object> chatFields() {
      String host = URI.create(baseUrl).getHost();
      return host != null && (host.equals("openrouter.ai") || host.endsWith(".openrouter.ai"))
          ? Map.of("modalities", java.util.List.of("image", "text"))
          : Map.of();
    }

    @Override
    public String toString() {
      return "OpenAiProvider[" + baseUrl + "]"; // never the key
    }
  }
}
