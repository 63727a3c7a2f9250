package gptimage.emulator;

/** An error the emulator answers with, in the API's shape: {@code {"error": {...}}}. */
final class ApiError extends RuntimeException {
  final int status;
  final String type;
  final String param;
  final String code;

  /**
   * The whole {@code error} object to send instead of the four fields (Azure's shapes), or null.
   */
  final java.util.Map<String, Object> shape;

  ApiError(int status, String type, String param, String code, String message) {
    this(status, type, param, code, message, null);
  }

  private ApiError(
      int status,
      String type,
      String param,
      String code,
      String message,
      java.util.Map<String, Object> shape) {
    super(message);
    this.shape = shape;
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** An error sent as {@code {"error": shape}}, as Azure words its own. */
  static ApiError shaped(int status, java.util.Map<String, Object> shape) {
    Object code = shape.get("code");
    return new ApiError(
        status,
        null,
        null,
        code == null ? null : String.valueOf(code),
        String.valueOf(shape.get("message")),
        shape);
  }

  static ApiError invalid(String param, String code, String message) {
    return new ApiError(400, "invalid_request_error", param, code, message);
  }
}
