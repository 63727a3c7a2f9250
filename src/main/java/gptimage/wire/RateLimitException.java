package gptimage.wire;

import java.net.http.HttpHeaders;

/**
 * HTTP 429 after the retries: too many requests, or the quota is used up ({@link #code()} {@code
 * insufficient_quota}).
 */
public final class RateLimitException extends ApiException {
  RateLimitException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
