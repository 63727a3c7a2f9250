package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 5xx after the retries: the server (or a gateway in front of it) failed. */
public final class InternalServerException extends ApiException {
  InternalServerException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
