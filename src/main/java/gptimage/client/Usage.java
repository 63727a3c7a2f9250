package gptimage.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** Token usage objects as the API sends them. */
public final class Usage {
  private Usage() {}

  /**
   * The image tool's own usage in a Responses API usage object ({@code tool_usage.image_gen}), or
   * null where it has none.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> imageTool(Map<String, Object> usage) {
    if (usage != null
        && usage.get("tool_usage") instanceof Map<?, ?> tools
        && tools.get("image_gen") instanceof Map<?, ?> gen) {
      return (Map<String, Object>) gen;
    }
    return null;
  }

  /** Adds two usage objects key by key, nested objects too. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> sum(Map<String, Object> a, Map<String, Object> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Map<String, Object> out = new LinkedHashMap<>(a);
    for (Map.Entry<String, Object> e : b.entrySet()) {
      Object x = out.get(e.getKey());
      Object y = e.getValue();
      if (x instanceof Number nx && y instanceof Number ny) {
        out.put(e.getKey(), nx.longValue() + ny.longValue());
      } else if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
        out.put(e.getKey(), sum((Map<String, Object>) mx, (Map<String, Object>) my));
      } else if (x == null) {
        out.put(e.getKey(), y);
      }
    }
    return out;
  }
}
