package gptimage.wire;

/**
 * The fields of an error answer, as OpenAI's {@code {"error": {...}}} object names them.
 *
 * @param status the HTTP status; 200 for an error event inside a successful answer
 * @param type such as {@code invalid_request_error}, or null
 * @param code such as {@code moderation_blocked}, or null
 * @param param the request field at fault, such as {@code size}, or null
 * @param requestId the answer's {@code x-request-id}, or null
 */
public record ApiError(int status, String type, String code, String param, String requestId) {}
