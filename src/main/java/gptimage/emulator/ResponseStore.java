package gptimage.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The responses {@code /v1/responses} has made, by id, so that {@code previous_response_id} can
 * continue from them: each keeps its answer and the last image it made (the one an edit in the next
 * turn starts from). The oldest are forgotten past {@value #LIMIT}, as the real API forgets them
 * after a while; a forgotten id answers as an unknown one.
 */
final class ResponseStore {
  static final int LIMIT = 512;

  /**
   * One stored response.
   *
   * @param json the response object as answered
   * @param image the last image it made, or null where it made none
   * @param callId the id of the {@code image_generation_call} that made {@code image}
   */
  record Stored(String id, Map<String, Object> json, byte[] image, String callId) {}

  private final Map<String, Stored> byId =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
          return size() > LIMIT;
        }
      };

  private final Map<String, byte[]> byCall =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > LIMIT;
        }
      };

  synchronized void put(Stored s) {
    byId.put(s.id(), s);
    if (s.image() != null) {
      byCall.put(s.callId(), s.image());
    }
  }

  /** The image an {@code image_generation_call} made, for an input item naming it; or a 400. */
  synchronized byte[] callImage(String callId) {
    byte[] image = byCall.get(callId);
    if (image == null) {
      throw ApiError.invalid(
          "input", "invalid_value", "Image generation call with id '" + callId + "' not found.");
    }
    return image;
  }

  /** The stored response, or the 404 the API gives for an unknown {@code previous_response_id}. */
  synchronized Stored previous(String id) {
    Stored s = byId.get(id);
    if (s == null) {
      throw new ApiError(
          404,
          "invalid_request_error",
          "previous_response_id",
          "previous_response_not_found",
          "Previous response with id '" + id + "' not found.");
    }
    return s;
  }

  /** The stored response, or the 404 of {@code GET /v1/responses/{id}}. */
  synchronized Stored get(String id) {
    Stored s = byId.get(id);
    if (s == null) {
      throw new ApiError(
          404,
          "invalid_request_error",
          null,
          "not_found",
          "Response with id '" + id + "' not found.");
    }
    return s;
  }
}
