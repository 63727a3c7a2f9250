package gptimage.emulator;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One {@code /v1/responses} turn with the image tool, decided and ready to answer: its ids, the
 * request it echoes, the image's settings and how to draw it.
 *
 * @param draw the final image for {@code -1}, partial image {@code k} for {@code k >= 0}
 * @param fault the fault the plan put on this request, or null
 */
record Turn(
    String id,
    String callId,
    Map<String, Object> request,
    ImageSpec spec,
    String action,
    String revisedPrompt,
    long createdAt,
    String prompt,
    long inputImageTokens,
    IntFunction<Pictures.Encoded> draw,
    Fault fault) {

  /** The response while the image is being made: no output, no usage. */
  Map<String, Object> inProgress() {
    return ResponseJson.response(id, request, "in_progress", createdAt, null, List.of(), null);
  }

  /** The call item while the image is being made. */
  Map<String, Object> callInProgress() {
    return ResponseJson.call(callId, "in_progress", action, spec, null, null);
  }

  /** The finished call item carrying {@code image} (as the fault spoils it). */
  Map<String, Object> callDone(Pictures.Encoded image) {
    return ResponseJson.call(
        callId, "completed", action, spec, ImageAnswers.base64(image, fault), revisedPrompt);
  }

  /** The finished response: the call item (none under {@link Fault#NO_IMAGE}) and usage. */
  Map<String, Object> completed(Pictures.Encoded image, long completedAt) {
    return completed(fault == Fault.NO_IMAGE ? null : callDone(image), completedAt, 0);
  }

  /** The finished response around an item already made, {@code partials} of them streamed. */
  Map<String, Object> completed(Map<String, Object> item, long completedAt, int partials) {
    Map<String, Object> imageGen = spec.usage(item == null ? 0 : 1, inputImageTokens, partials);
    return ResponseJson.response(
        id,
        request,
        "completed",
        createdAt,
        completedAt,
        item == null ? List.of() : List.of(item),
        ResponseJson.usage(prompt, imageGen));
  }
}
