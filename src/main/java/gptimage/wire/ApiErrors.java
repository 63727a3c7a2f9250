package gptimage.wire;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an error answer into the {@link ApiException} for its status, with a message a person can
 * read: OpenAI's {@code {"error": {...}}} body, a gateway's plain text, an HTML error page.
 */
public final class ApiErrors {
  private static final int SUMMARY_LIMIT = 300;

  private ApiErrors() {}

  /** The exception for an answer with an error status; {@code body} is its first bytes. */
  public static ApiException of(int status, HttpHeaders headers, byte[] body, String requestId) {
    Map<String, Object> json = Transport.parseObject(body);
    String type = null;
    String code = null;
    String param = null;
    String detail;
    if (json != null && json.get("error") instanceof Map<?, ?> error) {
      Map<String, Object> refusal = RefusalReading.details(error);
      if (refusal != null) {
        return RefusalException.of(
            "Image API failed with HTTP " + status + ": ",
            new ApiError(
                status,
                text(error.get("type")),
                text(error.get("code")),
                text(error.get("param")),
                requestId),
            headers,
            refusal);
      }
      Object message = error.get("message");
      type = text(error.get("type"));
      code = text(error.get("code"));
      param = text(error.get("param"));
      detail = message == null ? summary(body) : String.valueOf(message);
      if (code != null) {
        detail += " (code: " + code + (param != null ? ", param: " + param : "") + ")";
      } else if (param != null) {
        detail += " (param: " + param + ")";
      }
    } else if (json != null && said(json) != null) {
      detail =
          said(json); // a gateway's own shape: {"error": "..."}, {"message": ...}, {"detail": ...}
    } else {
      detail = summary(body);
    }
    String message = "Image API failed with HTTP " + status + ": " + detail + quoted(requestId);
    return ApiException.of(new ApiError(status, type, code, param, requestId), headers, message);
  }

  /**
   * The exception for an {@code error} found inside an answer whose status was a success: a JSON
   * body with an {@code error} object, or a stream's error event ({@code status} is then 200).
   *
   * @param error the {@code error} value (an object, or a bare message)
   * @param inStream whether it came as a stream event
   */
  public static ApiException inAnswer(
      Object error, int status, HttpHeaders headers, String requestId, boolean inStream) {
    Map<?, ?> m = error instanceof Map<?, ?> map ? map : Map.of();
    Map<String, Object> refusal = RefusalReading.details(m);
    if (refusal != null) {
      return RefusalException.of(
          inStream ? "Image API stream failed: " : "Image API failed with HTTP " + status + ": ",
          new ApiError(
              status, text(m.get("type")), text(m.get("code")), text(m.get("param")), requestId),
          headers,
          refusal);
    }
    String said =
        error instanceof Map<?, ?> ? String.valueOf(m.get("message")) : String.valueOf(error);
    ApiError fields =
        new ApiError(
            status, text(m.get("type")), text(m.get("code")), text(m.get("param")), requestId);
    String message =
        (inStream ? "Image API stream failed: " : "Image API failed with HTTP " + status + ": ")
            + said
            + quoted(requestId);
    return ApiException.of(fields, headers, message);
  }

  /**
   * What a gateway's JSON error says where it is not OpenAI's shape; null where it says nothing.
   */
  private static String said(Map<String, Object> json) {
    for (String key : new String[] {"error", "message", "detail"}) {
      if (json.get(key) instanceof String s && !s.isBlank()) {
        return s.strip();
      }
    }
    return null;
  }

  private static String quoted(String requestId) {
    return requestId != null ? " [request id " + requestId + "]" : "";
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /** The body as one readable line: HTML tags and scripts removed, cut to a few hundred chars. */
  static String summary(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("<")) {
      text =
          text.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
              .replaceAll("(?s)<[^>]*>", " ")
              .replace("&nbsp;", " ")
              .replace("&amp;", "&");
    }
    text = text.replaceAll("\\s+", " ").trim();
    if (text.isEmpty()) {
      return "(empty body)";
    }
    return text.length() > SUMMARY_LIMIT ? text.substring(0, SUMMARY_LIMIT) + "..." : text;
  }
}
