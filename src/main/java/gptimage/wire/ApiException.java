package gptimage.wire;

import gptimage.ImageToolException;
import java.net.http.HttpHeaders;
import java.util.Map;

/**
 * The API answered with an error (after any retries). Carries what the server said, as the official
 * SDKs do: the HTTP status, OpenAI's error {@code type}, {@code code} and {@code param} (the
 * request field at fault, such as {@code size}), the request id to quote to support, and the
 * answer's headers. The subclass says which status it was: {@link BadRequestException} (400),
 * {@link AuthenticationException} (401), {@link PermissionDeniedException} (403), {@link
 * NotFoundException} (404), {@link UnprocessableEntityException} (422), {@link RateLimitException}
 * (429), {@link InternalServerException} (5xx), {@link UnexpectedStatusException} (any other),
 * {@link StreamErrorException} (an error event inside a successful answer), and {@link
 * RefusalException} for a request the API refused to draw ({@code moderation_blocked}, {@code
 * content_policy_violation}), whatever its status.
 */
public abstract class ApiException extends ImageToolException {
  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final String requestId;
  private final HttpHeaders headers;

  /**
   * @param error the fields of the answer's {@code error} object (any may be null)
   * @param headers the answer's headers; null for none
   */
  protected ApiException(ApiError error, HttpHeaders headers, String message) {
    super(message);
    this.status = error.status();
    this.type = error.type();
    this.code = error.code();
    this.param = error.param();
    this.requestId = error.requestId();
    this.headers = headers == null ? NO_HEADERS : headers;
  }

  /** HTTP status; 200 for an error reported inside a successful answer or stream. */
  public int status() {
    return status;
  }

  /** OpenAI's error type, such as {@code invalid_request_error}; null where none was given. */
  public String type() {
    return type;
  }

  /** The OpenAI error code, such as {@code rate_limit_exceeded}; null where none was given. */
  public String code() {
    return code;
  }

  /** The request field at fault, such as {@code size}; null where none was named. */
  public String param() {
    return param;
  }

  /** The {@code x-request-id} header, or null. */
  public String requestId() {
    return requestId;
  }

  /** The error answer's headers (empty for an error inside a stream). */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * The exception for this error: a {@link RefusalException} where the API refused the content,
   * otherwise the one for its status.
   */
  public static ApiException of(ApiError error, HttpHeaders headers, String message) {
    if (RefusalException.isRefusal(error.code()) || RefusalException.isRefusal(error.type())) {
      return new RefusalException(error, headers, message);
    }
    int status = error.status();
    if (status == 200) {
      return new StreamErrorException(error, message);
    }
    if (status >= 500) {
      return new InternalServerException(error, headers, message);
    }
    return switch (status) {
      case 400 -> new BadRequestException(error, headers, message);
      case 401 -> new AuthenticationException(error, headers, message);
      case 403 -> new PermissionDeniedException(error, headers, message);
      case 404 -> new NotFoundException(error, headers, message);
      case 422 -> new UnprocessableEntityException(error, headers, message);
      case 429 -> new RateLimitException(error, headers, message);
      default -> new UnexpectedStatusException(error, headers, message);
    };
  }
}
