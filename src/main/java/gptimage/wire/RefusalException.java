package gptimage.wire;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provider refused to draw the request: OpenAI's {@code moderation_blocked} or {@code
 * content_policy_violation}, Azure's content filter ({@code contentFilter}, {@code
 * content_filter_results}), or a success that carries no image ({@code data: []}, a chat answer
 * with text only). Sending it again will not help: change the prompt or the images. Never retried.
 */
public final class RefusalException extends ApiException {
  private final Map<String, Object> refused;

  RefusalException(ApiError error, HttpHeaders headers, String message) {
    this(error, headers, message, Map.of("code", String.valueOf(error.code())));
  }

  private RefusalException(
      ApiError error, HttpHeaders headers, String message, Map<String, Object> refused) {
    super(error, headers, message);
    this.refused = refused;
  }

  /**
   * A refusal in the provider's words.
   *
   * @param lead how the message begins, such as {@code Image API failed with HTTP 400: }
   * @param details what the provider said: {@code reason} (its message), {@code code}, and where
   *     given {@code filtered} (Azure's categories) and {@code moderation_details}
   */
  public static RefusalException of(
      String lead, ApiError error, HttpHeaders headers, Map<String, Object> details) {
    StringBuilder m = new StringBuilder(lead);
    m.append(details.get("reason"));
    if (details.get("code") != null) {
      m.append(" (code: ").append(details.get("code")).append(')');
    }
    if (details.get("filtered") != null) {
      m.append(" Filtered: ").append(details.get("filtered")).append('.');
    }
    if (details.get("moderation_details") != null) {
      m.append(" Moderation details: ")
          .append(gptimage.json.Json.toJson(details.get("moderation_details")))
          .append('.');
    }
    m.append(" Rephrase the prompt or change the images; the same request would be refused again.");
    if (error.requestId() != null) {
      m.append(" [request id ").append(error.requestId()).append(']');
    }
    Map<String, Object> refused = new LinkedHashMap<>(details);
    if (error.requestId() != null) {
      refused.put("request_id", error.requestId());
    }
    return new RefusalException(error, headers, m.toString(), refused);
  }

  /**
   * What the provider said, for an agent to act on: {@code reason}, {@code code}, and where given
   * {@code filtered}, {@code moderation_details}, {@code request_id}.
   */
  public Map<String, Object> refused() {
    return refused;
  }

  /** Whether an error code or type is one of the refusals. */
  static boolean isRefusal(String codeOrType) {
    return codeOrType != null
        && switch (codeOrType) {
          case "moderation_blocked",
              "content_policy_violation",
              "contentFilter",
              "content_filter",
              "ResponsibleAIPolicyViolation" ->
              true;
          default -> false;
        };
  }
}
