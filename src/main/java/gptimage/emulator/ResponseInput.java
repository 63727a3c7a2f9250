package gptimage.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code /v1/responses} request's {@code input}, read for the image tool: the user's text (the
 * prompt) and the images it brings, in order: {@code input_image} parts ({@code image_url} or
 * {@code file_id}) and {@code image_generation_call} items naming an earlier image by id.
 *
 * @param prompt the user's text, its parts joined by newlines
 * @param images the input images' bytes, in the order given
 */
record ResponseInput(String prompt, List<byte[]> images) {
  /** Input images one request may bring, at most, as for an edit. */
  static final int MAX_IMAGES = 16;

  static ResponseInput read(Object input, InputImages resolver, ResponseStore store) {
    if (input instanceof String s) {
      return new ResponseInput(s, List.of());
    }
    if (!(input instanceof List<?> items)) {
      throw ApiError.invalid(
          "input",
          input == null ? "missing_required_parameter" : "invalid_type",
          input == null
              ? "Missing required parameter: 'input'."
              : "Invalid 'input': expected a string or an array of input items.");
    }
    StringBuilder text = new StringBuilder();
    List<Object> refs = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m)) {
        throw ApiError.invalid("input", "invalid_type", "Invalid 'input': items must be objects.");
      }
      Object type = m.get("type");
      if ("image_generation_call".equals(type)) {
        calls.add(String.valueOf(m.get("id")));
        refs.add(null);
        continue;
      }
      if (type != null && !"message".equals(type)) {
        continue; // other items (reasoning, tool outputs) carry no prompt or image here
      }
      if (!"user".equals(m.get("role")) && !"developer".equals(m.get("role"))) {
        continue;
      }
      Object content = m.get("content");
      if (content instanceof String s) {
        append(text, s);
      } else if (content instanceof List<?> parts) {
        for (Object part : parts) {
          Map<?, ?> p = part instanceof Map<?, ?> pm ? pm : Map.of();
          if ("input_text".equals(p.get("type"))) {
            append(text, String.valueOf(p.get("text")));
          } else if ("input_image".equals(p.get("type"))) {
            refs.add(part);
          }
        }
      }
    }
    if (refs.size() > MAX_IMAGES) {
      throw ApiError.invalid(
          "input",
          "invalid_value",
          "Too many input images: at most "
              + MAX_IMAGES
              + " may be given to the image generation tool, got "
              + refs.size()
              + ".");
    }
    List<byte[]> images = new ArrayList<>();
    int call = 0;
    for (Object ref : refs) {
      if (ref == null) {
        images.add(store.callImage(calls.get(call++)));
      } else {
        Map<?, ?> p = (Map<?, ?>) ref;
        Object file = p.get("file_id");
        Object url = p.get("image_url");
        if ((file == null) == (url == null)) {
          throw ApiError.invalid(
              "input",
              "invalid_value",
              "Each input_image needs exactly one of image_url or file_id.");
        }
        images.add(resolver.reference(file != null ? Map.of("file_id", file) : url, "input"));
      }
    }
    return new ResponseInput(text.toString(), images);
  }

  private static void append(StringBuilder text, String s) {
    if (!s.isBlank()) {
      text.append(text.length() == 0 ? "" : "\n").append(s);
    }
  }
}
