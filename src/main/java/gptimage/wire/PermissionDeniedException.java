package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 403: the key may not use this model, endpoint or organisation. */
public final class PermissionDeniedException extends ApiException {
  PermissionDeniedException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
