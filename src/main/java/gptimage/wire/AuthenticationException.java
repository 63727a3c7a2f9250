package gptimage.wire;

import java.net.http.HttpHeaders;

/** HTTP 401: the API key is missing, wrong or revoked. */
public final class AuthenticationException extends ApiException {
  AuthenticationException(ApiError error, HttpHeaders headers, String message) {
    super(error, headers, message);
  }
}
