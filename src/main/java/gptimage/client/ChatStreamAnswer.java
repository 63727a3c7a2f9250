package gptimage.client;

import gptimage.json.Json;
import gptimage.wire.AnswerReader;
import gptimage.wire.ApiErrors;
import gptimage.wire.NetworkException;
import gptimage.wire.SseReader;
import gptimage.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A streamed chat completion ({@code chat.completion.chunk} events): the text deltas are joined and
 * read for Markdown image links at the end; images sent whole in a delta ({@code delta.images}, as
 * OpenRouter does) are taken as they come. Nothing is saved until the stream has ended: a chat
 * answer has no per-image completion event, so a broken stream is a failed attempt.
 */
final class ChatStreamAnswer {
  private ChatStreamAnswer() {}

  static void read(Transport.Answer answer, AnswerReader reader, CallSaving got)
      throws IOException {
    SseReader sse = new SseReader(answer.body());
    StringBuilder text = new StringBuilder();
    try {
      SseReader.Event event;
      while ((event = sse.next()) != null) {
        InputStream data = Answers.eventData(event.data());
        if (data == Answers.DONE) {
          break;
        }
        if (data == null) {
          continue;
        }
        Object tree = reader.read(data, "stream event");
        if (Json.at(tree, "error") != null) {
          throw ApiErrors.inAnswer(Json.at(tree, "error"), 200, null, got.requestId, true);
        }
        Object delta = Json.at(tree, "choices", 0, "delta");
        Object content = Json.at(delta, "content");
        if (content instanceof String s) {
          text.append(s);
        } else if (content instanceof List<?> parts) {
          for (Object part : parts) {
            if (part instanceof Map<?, ?> p && p.get("text") instanceof String s) {
              text.append(s);
            } else {
              FoundImage.find(part, got.pending, null);
            }
          }
        }
        FoundImage.findEach(Json.at(delta, "images"), got.pending);
        Map<String, Object> usage = Answers.usageOf(Json.at(tree, "usage"));
        if (usage != null) {
          got.usage = usage;
        }
      }
    } catch (IOException e) {
      throw new NetworkException(
          "The chat stream broke off"
              + Answers.requestIdNote(got.requestId)
              + ": "
              + e.getMessage(),
          true,
          e);
    }
    FoundImage.findMarkdown(text.toString(), got.pending);
    if (got.pending.isEmpty()) {
      throw Answers.chatRefusal(text.toString(), "no_image", answer, got.requestId);
    }
  }
}
