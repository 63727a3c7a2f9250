package gptimage.emulator;

import com.sun.net.httpserver.HttpExchange;
import gptimage.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the emulator read it: the JDK exchange to answer on, and the body already parsed
 * as JSON or multipart (whichever its content type says), once, for the log and the route alike.
 */
final class Exchange {
  final HttpExchange ex;
  final String path;
  final String method;
  final byte[] body;

  /** The parsed JSON body, a {@link Json.JsonFormatException} when it did not parse, or null. */
  final Object json;

  /** Multipart parts; empty when the body is not multipart, null when it could not be read. */
  final List<Multipart.Part> parts;

  /** Where the {@link RequestLog} holds this request, to note its status when it is answered. */
  long slot = -1;

  Exchange(HttpExchange ex, byte[] body) {
    this.ex = ex;
    this.path = ex.getRequestURI().getPath();
    this.method = ex.getRequestMethod();
    this.body = body;
    String type = ex.getRequestHeaders().getFirst("content-type");
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    Object parsed = null;
    List<Multipart.Part> ps = List.of();
    if (lower.startsWith("multipart/form-data")) {
      String boundary = Multipart.boundary(type);
      try {
        ps = boundary == null ? List.of() : Multipart.parse(body, boundary);
      } catch (ApiError e) {
        ps = null;
      }
    } else if (body.length > 0 && (lower.contains("json") || lower.isEmpty())) {
      try {
        parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
      } catch (Json.JsonFormatException e) {
        parsed = e;
      }
    }
    this.json = parsed;
    this.parts = ps;
  }

  /** A request header's first value, or null. */
  String header(String name) {
    return ex.getRequestHeaders().getFirst(name);
  }

  /** Path segment {@code i}, counting from 0 after the leading slash ({@code v1} is 0). */
  String segment(int i) {
    return path.substring(1).split("/")[i];
  }

  /** The body as a JSON object, or the 400 the API gives for anything else. */
  Map<String, Object> jsonObject() {
    if (json instanceof Json.JsonFormatException e) {
      throw ApiError.invalid(
          null,
          "invalid_json",
          "We could not parse the JSON body of your request. (" + e.getMessage() + ")");
    }
    if (!(json instanceof Map<?, ?>)) {
      throw ApiError.invalid(null, "invalid_json", "The request body must be a JSON object.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) json;
    return map;
  }
}
