package gptimage.client;

import gptimage.json.Json;
import gptimage.wire.ApiErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Responses API's answers: a response whose {@code output[]} holds {@code
 * image_generation_call} items (each {@code result} already decoded to a file by the answer
 * reader), or the event stream, where {@code response.image_generation_call.partial_image} brings
 * partial images, {@code response.output_item.done} each finished call, and {@code
 * response.completed} the usage. The response id and the call ids are kept for the result.
 */
final class ResponsesAnswer {
  private ResponsesAnswer() {}

  /** A whole response: its finished image calls are pending, to be saved. */
  static void read(Object tree, CallSaving got) {
    failed(tree, got);
    got.responseId = Answers.str(Json.at(tree, "id"));
    if (Json.at(tree, "output") instanceof List<?> items) {
      for (Object item : items) {
        call(item, got, got.pending);
      }
    }
    got.usage = Answers.usageOf(Json.at(tree, "usage"));
  }

  /** The stream's events, one at a time. */
  static final ImagesStreamAnswer.EventHandler EVENTS =
      (tree, got) -> {
        String type = String.valueOf(Json.at(tree, "type"));
        switch (type) {
          case "error" -> throw ApiErrors.inAnswer(tree, 200, null, got.requestId, true);
          case "response.created", "response.in_progress" ->
              got.responseId = Answers.str(Json.at(tree, "response", "id"));
          case "response.image_generation_call.partial_image" -> {
            List<FoundImage> found = new ArrayList<>();
            FoundImage.find(Json.at(tree, "partial_image_b64"), found, null);
            found.forEach(got::partial);
            return found.size();
          }
          case "response.output_item.done" -> {
            List<FoundImage> found = new ArrayList<>();
            call(Json.at(tree, "item"), got, found);
            found.forEach(got::keepImage);
          }
          case "response.completed", "response.failed", "response.incomplete" -> {
            Object response = Json.at(tree, "response");
            failed(response, got);
            got.responseId = Answers.str(Json.at(response, "id"));
            got.usage = Answers.usageOf(Json.at(response, "usage"));
          }
          default -> {
            // in_progress, generating, completed markers and other items: nothing to keep
          }
        }
        return 0;
      };

  /** An output item: where it is a finished image call, its image and id. */
  private static void call(Object item, CallSaving got, List<FoundImage> into) {
    if (!(item instanceof Map<?, ?> m) || !"image_generation_call".equals(m.get("type"))) {
      return;
    }
    int before = into.size();
    FoundImage.find(m.get("result"), into, Answers.str(m.get("revised_prompt")));
    if (into.size() > before && m.get("id") != null) {
      got.callIds.add(String.valueOf(m.get("id")));
    }
  }

  /** A response that failed carries its error: thrown as the API's error. */
  private static void failed(Object response, CallSaving got) {
    Object error = Json.at(response, "error");
    if (error instanceof Map<?, ?> && "failed".equals(Json.at(response, "status"))) {
      throw ApiErrors.inAnswer(error, 200, null, got.requestId, false);
    }
  }

  /** Why a response with no image is a failure: what the model said instead. */
  static String summarise(Object tree) {
    StringBuilder said = new StringBuilder();
    if (Json.at(tree, "output") instanceof List<?> items) {
      for (Object item : items) {
        if (Json.at(item, "content") instanceof List<?> parts) {
          for (Object part : parts) {
            if (Json.at(part, "text") instanceof String text) {
              said.append(said.length() == 0 ? "" : " ").append(text);
            }
          }
        }
      }
    }
    return "The response has no image (status "
        + Json.at(tree, "status")
        + "). "
        + (said.length() > 0
            ? "The model said: " + Answers.cut(said.toString(), 1000)
            : "Upstream response: " + Answers.cut(Json.toJson(tree), 500));
  }
}
