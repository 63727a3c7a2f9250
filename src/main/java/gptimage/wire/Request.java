package gptimage.wire;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as {@link Transport} sends it: method, URL, headers and an optional {@link
 * Body}. Suppliers build one for each attempt, so bodies are streamed from disk again each time.
 */
public final class Request {
  private final String method;
  private final URI uri;
  private final Body body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Request(String method, URI uri, Body body) {
    this.method = method;
    this.uri = uri;
    this.body = body;
  }

  public static Request get(URI uri) {
    return new Request("GET", uri, null);
  }

  /** A POST of {@code body}, with its content type as the Content-Type header. */
  public static Request post(URI uri, Body body) {
    return new Request("POST", uri, body).header("Content-Type", body.contentType());
  }

  /** Sets a header (replacing one of the same name as given). */
  public Request header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /** The body, or null for none. */
  public Body body() {
    return body;
  }

  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }

  /** The same request sent to {@code next}; the key headers are dropped unless {@code keepKeys}. */
  Request redirectedTo(URI next, boolean keepKeys) {
    Request r = new Request(method, next, body);
    headers.forEach(
        (name, value) -> {
          if (keepKeys || !isKeyHeader(name)) {
            r.header(name, value);
          }
        });
    return r;
  }

  static boolean isKeyHeader(String name) {
    return name.equalsIgnoreCase("authorization")
        || name.equalsIgnoreCase("api-key")
        || name.equalsIgnoreCase("proxy-authorization");
  }
}
