package gptimage.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** Token usage objects as the API sends them. */
public final class Usage {
  private Usage() {}

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
