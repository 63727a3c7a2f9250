package gptimage.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a refusal out of an error object: OpenAI's codes, Azure's content filter (its {@code
 * inner_error} and {@code content_filter_results}), and {@code moderation_details} where given.
 */
final class RefusalReading {
  private RefusalReading() {}

  /** The refusal's details ({@link RefusalException#refused()}), or null where it is none. */
  static Map<String, Object> details(Map<?, ?> error) {
    Map<?, ?> inner = error.get("inner_error") instanceof Map<?, ?> m ? m : Map.of();
    Object results =
        error.get("content_filter_results") != null
            ? error.get("content_filter_results")
            : inner.get("content_filter_results");
    String code = text(error.get("code"));
    boolean refusal =
        RefusalException.isRefusal(code)
            || RefusalException.isRefusal(text(error.get("type")))
            || RefusalException.isRefusal(text(inner.get("code")))
            || results != null;
    if (!refusal) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    Object message = error.get("message");
    d.put("reason", message == null ? "(no reason given)" : String.valueOf(message).strip());
    d.put("code", code != null ? code : text(inner.get("code")));
    if (results instanceof Map<?, ?> r) {
      List<String> filtered = new ArrayList<>();
      r.forEach(
          (category, v) -> {
            if (v instanceof Map<?, ?> c && Boolean.TRUE.equals(c.get("filtered"))) {
              filtered.add(
                  category + (c.get("severity") != null ? " (" + c.get("severity") + ")" : ""));
            }
          });
      if (!filtered.isEmpty()) {
        d.put("filtered", String.join(", ", filtered));
      }
      d.put("content_filter_results", r);
    }
    Object details =
        error.get("moderation_details") != null
            ? error.get("moderation_details")
            : inner.get("moderation_details");
    if (details != null) {
      d.put("moderation_details", details);
    }
    return d;
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
