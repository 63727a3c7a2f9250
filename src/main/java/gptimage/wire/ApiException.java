package gptimage.wire;

import gptimage.ImageToolException;

/**
 * The API answered with an error (after any retries): exit 1. Carries what the server said: status,
 * OpenAI error code, type, param, and the request id to quote to support.
 */
public final class ApiException extends ImageToolException {
  private final int status;
  private final String code;
  private final String param;
  private final String requestId;

  public ApiException(int status, String code, String param, String requestId, String message) {
    super(1, message);
    this.status = status;
    this.code = code;
    this.param = param;
    this.requestId = requestId;
  }

  /** HTTP status; 200 for an error reported inside a successful answer or stream. */
  public int status() {
    return status;
  }

  /** The OpenAI error code, such as {@code rate_limit_exceeded}; null where none was given. */
  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  public String requestId() {
    return requestId;
  }
}
