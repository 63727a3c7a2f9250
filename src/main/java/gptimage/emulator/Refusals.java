package gptimage.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answers of a provider that will not draw the prompt: OpenAI's and Azure's words. */
final class Refusals {
  private Refusals() {}

  /** The error for {@link Fault#MODERATION_BLOCKED} or {@link Fault#CONTENT_FILTER}. */
  static ApiError of(Fault fault) {
    if (fault == Fault.CONTENT_FILTER) {
      return azureContentFilter();
    }
    return new ApiError(
        400,
        "image_generation_user_error",
        null,
        "moderation_blocked",
        "Your request was rejected by the safety system. If you believe this is an error, contact"
            + " us at help.openai.com.");
  }

  /** Azure's answer when its content filter stops a prompt (violence, here). */
  static ApiError azureContentFilter() {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("hate", category(false, "safe"));
    results.put("jailbreak", Map.of("detected", false, "filtered", false));
    results.put("self_harm", category(false, "safe"));
    results.put("sexual", category(false, "safe"));
    results.put("violence", category(true, "medium"));
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", "ResponsibleAIPolicyViolation");
    inner.put("content_filter_results", results);
    inner.put("revised_prompt", null);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "content_policy_violation");
    error.put("inner_error", inner);
    error.put(
        "message",
        "Your request was rejected as a result of our safety system. Your prompt may contain text"
            + " that is not allowed by our safety system.");
    error.put("type", "invalid_request_error");
    return ApiError.shaped(400, error);
  }

  private static Map<String, Object> category(boolean filtered, String severity) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("filtered", filtered);
    m.put("severity", severity);
    return m;
  }
}
