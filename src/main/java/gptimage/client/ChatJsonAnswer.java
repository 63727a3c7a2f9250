package gptimage.client;

import gptimage.json.Json;
import java.util.List;
import java.util.Map;

/**
 * A chat completion that carries images: in Markdown links in the message text, in content parts,
 * or in the message's {@code images} list (as OpenRouter sends them).
 */
final class ChatJsonAnswer {
  private ChatJsonAnswer() {}

  static void read(Object tree, CallSaving got) {
    Object message = Json.at(tree, "choices", 0, "message");
    Object content = Json.at(message, "content");
    if (content instanceof String text) {
      FoundImage.findMarkdown(text, got.pending);
    } else if (content instanceof List<?> parts) {
      for (Object part : parts) {
        if (part instanceof Map<?, ?> p && p.get("text") instanceof String text) {
          FoundImage.findMarkdown(text, got.pending);
        } else {
          FoundImage.find(part, got.pending, null);
        }
      }
    }
    FoundImage.findEach(Json.at(message, "images"), got.pending);
    got.usage = Answers.usageOf(Json.at(tree, "usage"));
  }
}
