package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 400: the request was malformed or a field's value is not allowed; see {@link #param()}. */
public final class BadRequestException extends ApiException {
  BadRequestException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
