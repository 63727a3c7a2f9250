package gptimage.client;

import gptimage.ImageToolException;
import gptimage.json.Json;
import gptimage.wire.ApiException;
import gptimage.wire.Body;
import gptimage.wire.Request;
import java.nio.charset.StandardCharsets;

/**
 * Asks a route whether it is there, with a request that costs nothing: a GET, or a POST of an empty
 * JSON object that the API rejects before any work (400 for the missing prompt). Through the
 * client's provider, key and proxies; the answer is returned, never thrown. Build the client with
 * no retries.
 */
public final class RouteProbe {
  /**
   * What the route answered.
   *
   * @param status the HTTP status; 0 where no answer came (the message says why)
   * @param code the API's error code, or null
   * @param message the answer's error message, or a summary of a success
   * @param body the JSON of a successful answer, or null
   */
  public record Answer(int status, String code, String message, Object body) {
    /** Whether the route exists and let the key in: a success, or a 400/422 about the body. */
    public boolean routeWorks() {
      return (status >= 200 && status < 300) || status == 400 || status == 422;
    }
  }

  private RouteProbe() {}

  /** GETs OpenAI's {@code path} (such as {@code /models}). */
  public static Answer get(ImageClient client, String path) {
    return send(client, () -> client.authorized(Request.get(client.uri(path))));
  }

  /** POSTs an empty JSON object to OpenAI's {@code path}: every image route rejects it unpaid. */
  public static Answer postEmpty(ImageClient client, String path) {
    return send(
        client,
        () ->
            client.authorized(
                Request.post(client.uri(path), new Body("application/json").text("{}"))));
  }

  /** The URL a path goes to, as the provider makes it. */
  public static String url(ImageClient client, String path) {
    return client.uri(path).toString();
  }

  private static Answer send(ImageClient client, java.util.function.Supplier<Request> request) {
    try {
      return client.transport.send(
          request,
          answer -> {
            byte[] bytes = answer.body().readNBytes(1 << 20);
            Object json;
            try {
              json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
              json = null;
            }
            return new Answer(answer.status(), null, "HTTP " + answer.status(), json);
          },
          client.timeoutName);
    } catch (ApiException e) {
      return new Answer(e.status(), e.code(), e.getMessage(), null);
    } catch (ImageToolException e) {
      return new Answer(0, null, e.getMessage(), null);
    }
  }
}
