package gptimage.emulator;

import gptimage.client.ImageTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of the Responses API as the real one answers them ({@code Response} and {@code
 * ImageGenToolCall} in OpenAI's OpenAPI description): the response with every field the description
 * requires, an image generation call item, and the usage with the image tool's own block under
 * {@code tool_usage.image_gen}.
 */
final class ResponseJson {
  /** Mainline tokens the tool call costs besides the prompt: its arguments, as a model writes. */
  static final long CALL_TOKENS = 24;

  private ResponseJson() {}

  /**
   * A response object.
   *
   * @param request the request body, whose settings the response echoes
   * @param status {@code in_progress} or {@code completed}
   * @param output the output items so far
   * @param usage null while in progress
   */
  static Map<String, Object> response(
      String id,
      Map<String, Object> request,
      String status,
      long createdAt,
      Long completedAt,
      List<Object> output,
      Map<String, Object> usage) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("object", "response");
    r.put("created_at", createdAt);
    r.put("status", status);
    r.put("background", false);
    r.put("completed_at", completedAt);
    r.put("error", null);
    r.put("incomplete_details", null);
    r.put("instructions", request.get("instructions"));
    r.put("max_output_tokens", request.get("max_output_tokens"));
    r.put("model", request.get("model"));
    r.put("output", new ArrayList<>(output));
    r.put("parallel_tool_calls", request.getOrDefault("parallel_tool_calls", true));
    r.put("previous_response_id", request.get("previous_response_id"));
    r.put("reasoning", mapOf("effort", null, "summary", null));
    r.put("store", request.getOrDefault("store", true));
    r.put("temperature", request.getOrDefault("temperature", 1.0));
    r.put("text", mapOf("format", mapOf("type", "text")));
    r.put("tool_choice", request.getOrDefault("tool_choice", "auto"));
    r.put("tools", request.getOrDefault("tools", List.of()));
    r.put("top_p", request.getOrDefault("top_p", 1.0));
    r.put("truncation", request.getOrDefault("truncation", "disabled"));
    r.put("usage", usage);
    r.put("user", request.get("user"));
    r.put("metadata", request.getOrDefault("metadata", Map.of()));
    return r;
  }

  /**
   * An {@code image_generation_call} item.
   *
   * @param result the image's base64, or null while in progress
   */
  static Map<String, Object> call(
      String id, String status, String action, ImageSpec spec, String result, String revised) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("type", "image_generation_call");
    item.put("status", status);
    if (result != null) {
      item.put("action", action);
      item.put("background", spec.transparent() ? "transparent" : "opaque");
      item.put("output_format", spec.format());
      item.put("quality", ImageAnswers.quality(spec));
      item.put("size", spec.size());
    }
    item.put("result", result);
    if (result != null) {
      item.put("revised_prompt", revised);
    }
    return item;
  }

  /**
   * A response's usage: the mainline model's tokens, and the image tool's in {@code
   * tool_usage.image_gen} (the {@code ImageGenUsage} shape).
   */
  static Map<String, Object> usage(String prompt, Map<String, Object> imageGen) {
    long in = ImageTokens.text(prompt) + CALL_TOKENS;
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("input_tokens", in);
    u.put("input_tokens_details", mapOf("cached_tokens", 0, "cache_write_tokens", 0));
    u.put("output_tokens", CALL_TOKENS);
    u.put("output_tokens_details", mapOf("reasoning_tokens", 0));
    u.put("total_tokens", in + CALL_TOKENS);
    if (imageGen != null) {
      u.put("tool_usage", mapOf("image_gen", imageGen));
    }
    return u;
  }

  /** A message item with the assistant's text, for a request that gave no image tool. */
  static Map<String, Object> message(String id, String text) {
    Map<String, Object> part = mapOf("type", "output_text", "text", text);
    part.put("annotations", List.of());
    Map<String, Object> m = mapOf("id", id, "type", "message", "status", "completed");
    m.put("role", "assistant");
    m.put("content", List.of(part));
    return m;
  }

  static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
