package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 404: no such endpoint, model, file or batch at the base URL. */
public final class NotFoundException extends ApiException {
  NotFoundException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
