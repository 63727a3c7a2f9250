package gptimage.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat-completions answers in OpenAI's shapes ({@code chat.completion}, and {@code
 * chat.completion.chunk} events when streaming), with the images where a gateway of the chosen
 * {@link EmulatorOptions.ChatShape} puts them.
 *
 * @param id {@code chatcmpl-...}, the same in every chunk
 * @param created seconds since the epoch, the same in every chunk
 * @param model the model asked for
 * @param shape where the images go
 * @param words the assistant's text
 * @param images the images made (none is a refusal or a question)
 * @param usage {@link #usage} of the answer
 */
record ChatAnswers(
    String id,
    long created,
    String model,
    EmulatorOptions.ChatShape shape,
    String words,
    List<Pictures.Encoded> images,
    Map<String, Object> usage) {

  /** The backend's fingerprint, {@code fp_} and ten hex digits, fixed for a model. */
  static String fingerprint(String model) {
    return "fp_" + RequestLog.sha256(model.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
  }

  /** {@code CompletionUsage}: image tokens counted as the images API counts them. */
  static Map<String, Object> usage(ImageSpec spec, int images, long inputImageTokens) {
    Map<String, Object> u = spec.usage(images, inputImageTokens, 0);
    long text = (Long) ((Map<?, ?>) u.get("input_tokens_details")).get("text_tokens");
    Map<String, Object> prompt = new LinkedHashMap<>();
    prompt.put("cached_tokens", 0);
    prompt.put("text_tokens", text);
    prompt.put("image_tokens", inputImageTokens);
    Map<String, Object> completion = new LinkedHashMap<>();
    completion.put("reasoning_tokens", 0);
    completion.put("text_tokens", 0);
    completion.put("image_tokens", u.get("output_tokens"));
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", u.get("input_tokens"));
    usage.put("completion_tokens", u.get("output_tokens"));
    usage.put("total_tokens", u.get("total_tokens"));
    usage.put("prompt_tokens_details", prompt);
    usage.put("completion_tokens_details", completion);
    return usage;
  }

  /** The whole {@code chat.completion} object. */
  Map<String, Object> completion() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    switch (shape) {
      case MARKDOWN -> {
        StringBuilder text = new StringBuilder(words);
        for (Pictures.Encoded image : images) {
          text.append(markdown(image));
        }
        message.put("content", text.toString());
      }
      case PARTS -> {
        List<Object> parts = new ArrayList<>();
        parts.add(delta("type", "text", "text", words));
        for (Pictures.Encoded image : images) {
          parts.add(imageUrlPart(image));
        }
        message.put("content", parts);
      }
      case IMAGES -> {
        message.put("content", words);
        message.put("images", images.stream().map(ChatAnswers::imageUrlPart).toList());
      }
    }
    message.put("refusal", null);
    message.put("annotations", List.of());
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", "stop");
    Map<String, Object> answer = head("chat.completion");
    answer.put("choices", List.of(choice));
    answer.put("usage", usage);
    answer.put("service_tier", "default");
    answer.put("system_fingerprint", fingerprint(model));
    return answer;
  }

  /**
   * The answer as {@code chat.completion.chunk} events: the role, the words, one chunk per image,
   * the finish reason; then, when {@code includeUsage}, a chunk with no choices and the usage (the
   * others carry {@code "usage": null}), then {@code data: [DONE]}. With {@code cut}, the stream
   * stops in the middle of the first image's chunk and the connection drops.
   */
  void stream(OutputStream out, boolean includeUsage, boolean cut) throws IOException {
    AnswerWriter.data(out, chunk(delta("role", "assistant", "content", ""), null, includeUsage));
    AnswerWriter.data(out, chunk(delta("content", words), null, includeUsage));
    for (Pictures.Encoded image : images) {
      Map<String, Object> delta =
          switch (shape) {
            case MARKDOWN -> delta("content", markdown(image));
            case PARTS -> delta("content", List.of(imageUrlPart(image)));
            case IMAGES -> delta("images", List.of(imageUrlPart(image)));
          };
      if (cut) {
        out.write(
            ("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"cho")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        throw new DropConnection();
      }
      AnswerWriter.data(out, chunk(delta, null, includeUsage));
    }
    AnswerWriter.data(out, chunk(Map.of(), "stop", includeUsage));
    if (includeUsage) {
      Map<String, Object> last = head("chat.completion.chunk");
      last.put("system_fingerprint", fingerprint(model));
      last.put("choices", List.of());
      last.put("usage", usage);
      AnswerWriter.data(out, last);
    }
    AnswerWriter.done(out);
  }

  private Map<String, Object> chunk(
      Map<String, Object> delta, String finishReason, boolean includeUsage) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    Map<String, Object> chunk = head("chat.completion.chunk");
    chunk.put("system_fingerprint", fingerprint(model));
    chunk.put("choices", List.of(choice));
    if (includeUsage) {
      chunk.put("usage", null);
    }
    return chunk;
  }

  private Map<String, Object> head(String object) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", object);
    m.put("created", created);
    m.put("model", model);
    return m;
  }

  private static Map<String, Object> delta(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String markdown(Pictures.Encoded image) {
    return "\n\n![image](data:" + image.mime() + ";base64," + image.base64() + ")";
  }

  private static Map<String, Object> imageUrlPart(Pictures.Encoded image) {
    Map<String, Object> url = new LinkedHashMap<>();
    url.put("url", "data:" + image.mime() + ";base64," + image.base64());
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("type", "image_url");
    part.put("image_url", url);
    return part;
  }
}
