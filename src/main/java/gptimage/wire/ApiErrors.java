package gptimage.wire;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns an error answer into an {@link ApiException} whose message a person can read. */
final class ApiErrors {
  private static final int SUMMARY_LIMIT = 300;

  private ApiErrors() {}

  static ApiException of(int status, HttpHeaders headers, byte[] body, String requestId) {
    Map<String, Object> json = Transport.parseObject(body);
    String code = null;
    String param = null;
    String detail;
    if (json != null && json.get("error") instanceof Map<?, ?> error) {
      Object message = error.get("message");
      code = error.get("code") == null ? null : String.valueOf(error.get("code"));
      param = error.get("param") == null ? null : String.valueOf(error.get("param"));
      detail = message == null ? summary(body) : String.valueOf(message);
      if (code != null) {
        detail += " (code: " + code + (param != null ? ", param: " + param : "") + ")";
      } else if (param != null) {
        detail += " (param: " + param + ")";
      }
    } else {
      detail = summary(body);
    }
    String message =
        "Image API failed with HTTP "
            + status
            + ": "
            + detail
            + (requestId != null ? " [request id " + requestId + "]" : "");
    return new ApiException(status, code, param, requestId, message);
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
