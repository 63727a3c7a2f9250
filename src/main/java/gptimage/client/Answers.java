package gptimage.client;

import gptimage.json.Json;
import gptimage.wire.AnswerReader;
import gptimage.wire.ApiError;
import gptimage.wire.ApiErrors;
import gptimage.wire.NetworkException;
import gptimage.wire.RefusalException;
import gptimage.wire.Transport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which shape an answer has (images or chat; one JSON body or a stream of events), and reading it
 * into the call's {@link CallSaving}: {@link ImagesJsonAnswer}, {@link ImagesStreamAnswer}, {@link
 * ChatJsonAnswer}, {@link ChatStreamAnswer}.
 */
final class Answers {
  private Answers() {}

  /**
   * Reads one attempt's answer; a retried attempt starts clean.
   *
   * @param timeoutName how messages name the time limit
   */
  static CallSaving read(
      Transport.Answer answer,
      Protocol protocol,
      CallSaving got,
      Consumer<String> log,
      String timeoutName)
      throws IOException {
    AnswerReader reader = new AnswerReader(got.store);
    got.restart(answer.requestId());
    if (log != null) {
      log.accept(
          "< HTTP "
              + answer.status()
              + " "
              + answer.contentType()
              + (answer.requestId() != null ? " x-request-id: " + answer.requestId() : ""));
    }
    try {
      if (answer.contentType().toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
        if (protocol == Protocol.OPENAI_CHAT) {
          ChatStreamAnswer.read(answer, reader, got);
        } else {
          ImagesStreamAnswer.read(answer, reader, got, timeoutName);
        }
        return got;
      }
      Object tree = reader.read(answer.body(), "answer");
      if (tree instanceof Map<?, ?> root && root.get("error") instanceof Map<?, ?> error) {
        throw ApiErrors.inAnswer(error, answer.status(), answer.headers(), got.requestId, false);
      }
      if (protocol == Protocol.OPENAI_CHAT) {
        ChatJsonAnswer.read(tree, got);
      } else {
        ImagesJsonAnswer.read(tree, got);
      }
      if (got.pending.isEmpty()) {
        RefusalException refused = refusal(tree, protocol, answer, got.requestId);
        if (refused != null) {
          throw refused;
        }
        throw new NetworkException(summarise(tree, protocol), false, null);
      }
      return got;
    } finally {
      got.own(reader.spooled());
    }
  }

  /**
   * One stream event's data, ready to read; null for an empty event, {@link #DONE} for {@code
   * [DONE]}.
   */
  static InputStream eventData(InputStream raw) throws IOException {
    InputStream data = new BufferedInputStream(raw, 16);
    data.mark(16);
    byte[] head = data.readNBytes(6);
    data.reset();
    if (new String(head, StandardCharsets.US_ASCII).startsWith("[DONE]")) {
      return DONE;
    }
    return head.length == 0 ? null : data;
  }

  /** Marks the {@code [DONE]} event. */
  static final InputStream DONE = InputStream.nullInputStream();

  /** Why an answer with no image is a failure, with what it said instead. */
  static String summarise(Object tree, Protocol protocol) {
    if (protocol == Protocol.OPENAI_CHAT) {
      Object content = Json.at(tree, "choices", 0, "message", "content");
      String text = content instanceof String s ? s : content == null ? "" : Json.toJson(content);
      return noImageInChat(text);
    }
    return "Image API response returned no image for "
        + protocol.wireName()
        + ". Upstream response: "
        + cut(Json.toJson(tree), 500);
  }

  /**
   * The refusal a success without an image means: {@code data: []}, a chat answer with text and no
   * image, or one its content filter stopped ({@code finish_reason: content_filter}); null for an
   * answer that is only malformed.
   */
  static RefusalException refusal(
      Object tree, Protocol protocol, Transport.Answer answer, String requestId) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (protocol == Protocol.OPENAI_CHAT) {
      Object content = Json.at(tree, "choices", 0, "message", "content");
      Object refusal = Json.at(tree, "choices", 0, "message", "refusal");
      String text = content instanceof String s ? s : content == null ? "" : Json.toJson(content);
      String said = refusal instanceof String r && !r.isBlank() ? r : text;
      boolean filtered = "content_filter".equals(Json.at(tree, "choices", 0, "finish_reason"));
      if (said.isBlank() && !filtered) {
        return null;
      }
      return chatRefusal(said, filtered ? "content_filter" : "no_image", answer, requestId);
    }
    if (!(Json.at(tree, "data") instanceof List<?> data) || !data.isEmpty()) {
      return null;
    }
    d.put("reason", "it returned no image (data: []) and gave no reason.");
    d.put("code", "no_image");
    return RefusalException.of(
        "The provider refused to make this image: ",
        new ApiError(answer.status(), null, "no_image", null, requestId),
        answer.headers(),
        d);
  }

  /** A chat answer without an image, quoting what the assistant said instead. */
  static RefusalException chatRefusal(
      String said, String code, Transport.Answer answer, String requestId) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", noImageInChat(said));
    d.put("code", code);
    return RefusalException.of(
        "The provider refused to make this image: ",
        new ApiError(answer.status(), null, code, null, requestId),
        answer.headers(),
        d);
  }

  static String noImageInChat(String said) {
    return "The chat answer has no image. The assistant said: " + cut(said, 1000);
  }

  static String requestIdNote(String requestId) {
    return requestId != null ? " [request id " + requestId + "]" : "";
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> usageOf(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
