package gptimage.wire;

import java.net.http.HttpHeaders;

/** An error status that has no class of its own (such as 402, 408 or 409 after the retries). */
public final class UnexpectedStatusException extends ApiException {
  UnexpectedStatusException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
