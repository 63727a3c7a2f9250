package gptimage.wire;

/** An error event inside an answer that began with HTTP 200 (a stream's {@code error} event). */
public final class StreamErrorException extends ApiException {
  StreamErrorException(ApiError error, String message) {
    super(error, null, message);
  }
}
