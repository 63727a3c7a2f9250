package gptimage.wire;

import java.net.http.HttpHeaders;

/**
 * The API refused to draw the request ({@code moderation_blocked}, {@code
 * content_policy_violation}): sending it again will not help; change the prompt or the images.
 */
public final class RefusalException extends ApiException {
  RefusalException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }

  /** Whether an error code or type is one of the refusals. */
  static boolean isRefusal(String codeOrType) {
    return "moderation_blocked".equals(codeOrType) || "content_policy_violation".equals(codeOrType);
  }
}
