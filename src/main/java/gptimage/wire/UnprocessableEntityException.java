package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 422: the request was well formed but could not be processed. */
public final class UnprocessableEntityException extends ApiException {
  UnprocessableEntityException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
