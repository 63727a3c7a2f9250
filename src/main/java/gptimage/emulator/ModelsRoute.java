package gptimage.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models}: the image models, as the real list names them. */
final class ModelsRoute {
  static final List<String> MODELS =
      List.of(
          "gpt-image-2",
          "gpt-image-2-2026-04-21",
          "gpt-image-1.5",
          "gpt-image-1-mini",
          "chatgpt-image-latest",
          "dall-e-2",
          "dall-e-3");

  private ModelsRoute() {}

  static Answer list() {
    List<Object> data = new ArrayList<>();
    for (String id : MODELS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 1776729600L);
      m.put("owned_by", "system");
      data.add(m);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", data);
    return Answer.json(200, list);
  }
}
