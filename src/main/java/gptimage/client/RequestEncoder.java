package gptimage.client;

import gptimage.json.Json;
import gptimage.output.ImageType;
import gptimage.wire.Body;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an {@link ImageRequest} into what goes on the wire, in the field order of the command
 * contract, and into a description of it for {@code --dry-run}.
 */
final class RequestEncoder {
  /** The path, the body to send, and the body described for people (files summarised). */
  record Encoded(String path, Body body, Object described) {}

  private RequestEncoder() {}

  static Encoded encode(ImageRequest r) {
    return encode(r, (String) null);
  }

  /** As {@link #encode(ImageRequest)}, with the fields this provider wants in a chat request. */
  static Encoded encode(ImageRequest r, Provider provider) {
    if (r.protocol() == Protocol.OPENAI_CHAT) {
      return chat(r, provider.chatFields());
    }
    return encode(r);
  }

  /**
   * As {@link #encode(ImageRequest)}, with the multipart boundary given (for exact-bytes tests), or
   * null for a new random one where the body is multipart: a JSON request makes none (its UUID's
   * first random generator costs a short command 1 ms).
   */
  static Encoded encode(ImageRequest r, String boundary) {
    if (r.protocol() == Protocol.OPENAI_CHAT) {
      return chat(r, Map.of());
    }
    if (r.protocol() == Protocol.OPENAI_RESPONSES) {
      return ResponsesEncoder.encode(r, true);
    }
    if (JsonEditEncoder.applies(r)) {
      return JsonEditEncoder.encode(r, jsonFields(r, true));
    }
    return r.isEdit() ? edit(r, boundary != null ? boundary : newBoundary()) : generation(r);
  }

  static String newBoundary() {
    return "----gpt-image-2-api-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A {@code POST /files} body: multipart, its {@code purpose}, then the file streamed. */
  static Body fileUpload(Path file, String purpose, String contentType, String boundary) {
    return new Body("multipart/form-data; boundary=" + boundary)
        .text(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + purpose
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + quote(file.getFileName().toString())
                + "\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
        .file(file, size(file))
        .text("\r\n--" + boundary + "--\r\n");
  }

  private static Encoded generation(ImageRequest r) {
    Map<String, Object> body = jsonFields(r, true);
    String json = Json.toJson(body);
    return new Encoded("/images/generations", new Body("application/json").text(json), body);
  }

  private static Encoded edit(ImageRequest r, String boundary) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    field(fields, "model", r.model());
    field(fields, "prompt", r.prompt());
    field(fields, "size", r.size());
    field(fields, "quality", r.quality());
    field(fields, "n", r.n());
    field(fields, "response_format", r.responseFormat());
    field(fields, "output_format", r.outputFormat());
    field(fields, "input_fidelity", r.inputFidelity());
    field(fields, "background", r.background());
    field(fields, "moderation", r.moderation());
    field(fields, "output_compression", r.outputCompression());
    field(fields, "partial_images", r.partialImages());
    field(fields, "user", r.user());
    field(fields, "stream", r.stream());
    for (Map.Entry<String, Object> e : r.extra().entrySet()) {
      Object v = e.getValue();
      if (v instanceof List<?> list) {
        fields.remove(e.getKey());
        List<String> values = new ArrayList<>();
        for (Object item : list) {
          values.add(
              item instanceof Map || item instanceof List
                  ? Json.toJson(item)
                  : String.valueOf(item));
        }
        fields.put(e.getKey() + "[]", values);
      } else if (v instanceof Map<?, ?>) {
        fields.put(e.getKey(), List.of(Json.toJson(v)));
      } else {
        fields.put(e.getKey(), List.of(String.valueOf(v)));
      }
    }
    Body body = new Body("multipart/form-data; boundary=" + boundary);
    Map<String, Object> described = new LinkedHashMap<>();
    Map<String, Object> describedFields = new LinkedHashMap<>();
    List<Object> describedFiles = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : fields.entrySet()) {
      for (String value : e.getValue()) {
        body.text(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + quote(e.getKey())
                + "\"\r\n\r\n"
                + value
                + "\r\n");
      }
      describedFields.put(
          e.getKey(), e.getValue().size() == 1 ? e.getValue().get(0) : e.getValue());
    }
    String imageField = r.images().size() == 1 ? "image" : "image[]";
    for (Path image : r.images()) {
      describedFiles.add(filePart(body, boundary, imageField, image));
    }
    if (r.autoMask()) {
      body.text(
          "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mask\"\r\n\r\nauto\r\n");
      describedFields.put("mask", "auto");
    } else if (r.mask() != null) {
      describedFiles.add(filePart(body, boundary, "mask", r.mask()));
    }
    body.text("--" + boundary + "--\r\n");
    described.put("fields", describedFields);
    described.put("files", describedFiles);
    return new Encoded("/images/edits", body, described);
  }

  private static Map<String, Object> filePart(Body body, String boundary, String name, Path file) {
    long size = size(file);
    String type = mimeOf(file);
    String filename = file.getFileName().toString();
    body.text(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + quote(filename)
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n");
    body.file(file, size);
    body.text("\r\n");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("filename", filename);
    d.put("content_type", type);
    d.put("bytes", size);
    d.put("path", file.toString());
    return d;
  }

  private static Encoded chat(ImageRequest r, Map<String, Object> providerFields) {
    List<Object> content = new ArrayList<>();
    content.add(mapOf("type", "text", "text", r.prompt()));
    String marker = newMarker();
    List<Object> describedContent = new ArrayList<>(content);
    for (int i = 0; i < r.images().size(); i++) {
      Path image = r.images().get(i);
      String prefix = "data:" + mimeOf(image) + ";base64,";
      content.add(
          mapOf("type", "image_url", "image_url", mapOf("url", prefix + marker + i + "@@")));
      describedContent.add(
          mapOf(
              "type",
              "image_url",
              "image_url",
              mapOf("url", prefix + "<" + size(image) + " bytes of " + image + ">")));
    }
    for (String url : r.imageRefs()) {
      content.add(mapOf("type", "image_url", "image_url", mapOf("url", url)));
      describedContent.add(mapOf("type", "image_url", "image_url", mapOf("url", url)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", r.model());
    body.put("messages", List.of(mapOf("role", "user", "content", content)));
    putIfSet(body, "moderation", r.moderation());
    putIfSet(body, "output_compression", r.outputCompression());
    putIfSet(body, "user", r.user());
    if (r.n() != 1) {
      body.put("n", r.n());
    }
    body.putAll(providerFields);
    body.putAll(r.extra());
    Map<String, Object> described = new LinkedHashMap<>(body);
    described.put("messages", List.of(mapOf("role", "user", "content", describedContent)));
    Body out = splice(Json.toJson(body), marker, r.images(), "application/json", "");
    return new Encoded("/chat/completions", out, described);
  }

  /**
   * One line of a Batch API input file: {@code custom_id}, {@code method}, {@code url} and the
   * request's JSON {@code body}. Edits take the JSON form, their images and mask as base64 data
   * URLs streamed from disk. Streaming fields are left out: a batch answers whole.
   */
  static Body batchLine(ImageRequest r, String customId) {
    if (r.protocol() == Protocol.OPENAI_RESPONSES) {
      return ResponsesEncoder.batchLine(r, customId);
    }
    Map<String, Object> body = jsonFields(r, false);
    String marker = newMarker();
    List<Path> files = new ArrayList<>();
    if (r.isEdit()) {
      JsonEditEncoder.putReferences(r, body, marker, files);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", batchEndpoint(r));
    line.put("body", body);
    return splice(Json.toJson(line), marker, files, "application/jsonl", "\n");
  }

  /**
   * A body of {@code json} where each {@code marker + i + "@@"} is replaced by file {@code i}'s
   * base64, streamed from disk when sent, then {@code suffix}.
   */
  static Body splice(String json, String marker, List<Path> files, String type, String suffix) {
    Body out = new Body(type);
    int at = 0;
    for (int i = 0; i < files.size(); i++) {
      String token = marker + i + "@@";
      int found = json.indexOf(token, at);
      out.text(json.substring(at, found));
      out.fileAsBase64(files.get(i), size(files.get(i)));
      at = found + token.length();
    }
    out.text(json.substring(at) + suffix);
    return out;
  }

  /** A marker for {@link #splice}, unique to one body. */
  static String newMarker() {
    return "@@gpt-image-2-api:" + UUID.randomUUID() + ":";
  }

  /**
   * The JSON fields of an Images API request, in the contract's order; {@code streaming} adds
   * {@code partial_images} and {@code stream}, which a Batch API line cannot take.
   */
  private static Map<String, Object> jsonFields(ImageRequest r, boolean streaming) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", r.model());
    body.put("prompt", r.prompt());
    body.put("n", r.n());
    putIfSet(body, "size", r.size());
    putIfSet(body, "quality", r.quality());
    putIfSet(body, "response_format", r.responseFormat());
    putIfSet(body, "output_format", r.outputFormat());
    putIfSet(body, "background", r.background());
    putIfSet(body, "moderation", r.moderation());
    putIfSet(body, "output_compression", r.outputCompression());
    if (streaming) {
      putIfSet(body, "partial_images", r.partialImages());
    }
    putIfSet(
        body, r.isEdit() ? "input_fidelity" : "style", r.isEdit() ? r.inputFidelity() : r.style());
    putIfSet(body, "user", r.user());
    if (streaming) {
      putIfSet(body, "stream", r.stream());
    }
    body.putAll(r.extra());
    return body;
  }

  static String batchEndpoint(ImageRequest r) {
    if (r.protocol() == Protocol.OPENAI_RESPONSES) {
      return "/v1/responses";
    }
    return r.isEdit() ? "/v1/images/edits" : "/v1/images/generations";
  }

  static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static void putIfSet(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  private static void field(Map<String, List<String>> fields, String key, Object value) {
    if (value != null) {
      fields.put(key, List.of(String.valueOf(value)));
    }
  }

  private static String quote(String s) {
    return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The content type from the file's bytes, never its name. */
  static String mimeOf(Path file) {
    try {
      ImageType type = ImageType.of(file);
      return type.mime();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
