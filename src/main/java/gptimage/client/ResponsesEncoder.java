package gptimage.client;

import static gptimage.client.RequestEncoder.mapOf;
import static gptimage.client.RequestEncoder.putIfSet;

import gptimage.json.Json;
import gptimage.wire.Body;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ImageRequest} as a {@code POST /responses} body: the mainline model, the prompt and the
 * input images as {@code input_text} and {@code input_image} parts of one user message, the {@code
 * image_generation} tool carrying the image model and every image option, and {@code tool_choice}
 * forcing that tool. Input images and the mask go as base64 data URLs streamed from disk.
 */
final class ResponsesEncoder {
  private ResponsesEncoder() {}

  /**
   * The request to send; {@code streaming} keeps {@code stream} (a Batch API line cannot take it).
   */
  static RequestEncoder.Encoded encode(ImageRequest r, boolean streaming) {
    String marker = RequestEncoder.newMarker();
    List<Path> files = new ArrayList<>();
    Map<String, Object> body = body(r, streaming, marker, files);
    Body out = RequestEncoder.splice(Json.toJson(body), marker, files, "application/json", "");
    return new RequestEncoder.Encoded("/responses", out, described(body, marker, files));
  }

  /** One Batch API line for {@code /v1/responses}. */
  static Body batchLine(ImageRequest r, String customId) {
    String marker = RequestEncoder.newMarker();
    List<Path> files = new ArrayList<>();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", "/v1/responses");
    line.put("body", body(r, false, marker, files));
    return RequestEncoder.splice(Json.toJson(line), marker, files, "application/jsonl", "\n");
  }

  private static Map<String, Object> body(
      ImageRequest r, boolean streaming, String marker, List<Path> files) {
    List<Object> content = new ArrayList<>();
    content.add(mapOf("type", "input_text", "text", r.prompt()));
    for (Path image : r.images()) {
      content.add(
          mapOf(
              "type", "input_image", "image_url", dataUrl(image, marker, files), "detail", "auto"));
    }
    for (String ref : r.imageRefs()) {
      Map<String, Object> part = mapOf("type", "input_image");
      part.putAll(JsonEditEncoder.reference(ref));
      part.put("detail", "auto"); // the API's default, but the description requires it
      content.add(part);
    }
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("type", "image_generation");
    tool.put("model", r.model());
    putIfSet(tool, "size", r.size());
    putIfSet(tool, "quality", r.quality());
    putIfSet(tool, "output_format", r.outputFormat());
    putIfSet(tool, "output_compression", r.outputCompression());
    putIfSet(tool, "background", r.background());
    putIfSet(tool, "moderation", r.moderation());
    putIfSet(tool, "partial_images", r.partialImages());
    putIfSet(tool, "input_fidelity", r.inputFidelity());
    if (r.mask() != null) {
      tool.put("input_image_mask", mapOf("image_url", dataUrl(r.mask(), marker, files)));
    } else if (r.maskRef() != null) {
      tool.put("input_image_mask", JsonEditEncoder.reference(r.maskRef()));
    }
    putIfSet(tool, "action", r.action());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", r.responsesModel());
    body.put("input", List.of(mapOf("role", "user", "content", content)));
    body.put("tools", List.of(tool));
    body.put("tool_choice", mapOf("type", "image_generation"));
    putIfSet(body, "previous_response_id", r.previousResponseId());
    putIfSet(body, "user", r.user());
    if (streaming) {
      putIfSet(body, "stream", r.stream());
    }
    body.putAll(r.extra());
    return body;
  }

  /**
   * The fields of the {@link WireForm}: the body as described, without the input (the prompt is
   * kept as text, the images are files) and without the mask's description (a path).
   */
  static void wireForm(ImageRequest r, Object described, Map<String, Object> fields) {
    if (described instanceof Map<?, ?> body) {
      body.forEach((k, v) -> fields.put(String.valueOf(k), v));
    }
    fields.remove("input");
    fields.put("prompt", r.prompt());
    if (fields.get("tools") instanceof List<?> tools
        && !tools.isEmpty()
        && tools.get(0) instanceof Map<?, ?> tool) {
      Map<String, Object> copy = new LinkedHashMap<>();
      tool.forEach((k, v) -> copy.put(String.valueOf(k), v));
      copy.remove("input_image_mask");
      fields.put("tools", List.of(copy));
    }
  }

  private static String dataUrl(Path file, String marker, List<Path> files) {
    return JsonEditEncoder.dataUrl(file, marker, files);
  }

  /** The body for {@code --dry-run}: each file's base64 described by its size and path. */
  static Object described(Map<String, Object> body, String marker, List<Path> files) {
    String json = Json.toJson(body);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      json =
          json.replace(
              marker + i + "@@", "<" + RequestEncoder.size(f) + " bytes of " + jsonText(f) + ">");
    }
    return Json.parse(json);
  }

  private static String jsonText(Path f) {
    String quoted = Json.toJson(f.toString());
    return quoted.substring(1, quoted.length() - 1);
  }
}
