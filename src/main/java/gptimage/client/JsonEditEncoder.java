package gptimage.client;

import static gptimage.client.RequestEncoder.mapOf;

import gptimage.json.Json;
import gptimage.wire.Body;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An edit as a JSON {@code POST /images/edits}: the Images API's form for images given by reference
 * ({@code images: [{"image_url": ...} | {"file_id": ...}]}, {@code mask} likewise). Local files in
 * the same edit go as base64 data URLs streamed from disk; references go as given, never
 * downloaded.
 */
final class JsonEditEncoder {
  private JsonEditEncoder() {}

  /** Whether the edit has references, and so must go as JSON rather than multipart. */
  static boolean applies(ImageRequest r) {
    return r.isEdit() && (!r.imageRefs().isEmpty() || r.maskRef() != null);
  }

  static RequestEncoder.Encoded encode(ImageRequest r, Map<String, Object> fields) {
    String marker = RequestEncoder.newMarker();
    List<Path> files = new ArrayList<>();
    putReferences(r, fields, marker, files);
    Body body = RequestEncoder.splice(Json.toJson(fields), marker, files, "application/json", "");
    return new RequestEncoder.Encoded(
        "/images/edits", body, ResponsesEncoder.described(fields, marker, files));
  }

  /**
   * Puts {@code images} and {@code mask} into an edit's JSON fields: local files as data URL
   * markers (added to {@code files}), references as {@code image_url} or {@code file_id}.
   */
  static void putReferences(
      ImageRequest r, Map<String, Object> fields, String marker, List<Path> files) {
    List<Object> images = new ArrayList<>();
    for (Path image : r.images()) {
      images.add(mapOf("image_url", dataUrl(image, marker, files)));
    }
    r.imageRefs().forEach(ref -> images.add(reference(ref)));
    fields.put("images", images);
    if (r.autoMask()) {
      fields.put("mask", "auto");
    } else if (r.mask() != null) {
      fields.put("mask", mapOf("image_url", dataUrl(r.mask(), marker, files)));
    } else if (r.maskRef() != null) {
      fields.put("mask", reference(r.maskRef()));
    }
  }

  /** {@code {"file_id": ...}} for an id, {@code {"image_url": ...}} for a URL. */
  static Map<String, Object> reference(String ref) {
    return ImageRequest.isFileId(ref) ? mapOf("file_id", ref) : mapOf("image_url", ref);
  }

  static String dataUrl(Path file, String marker, List<Path> files) {
    files.add(file);
    return "data:" + RequestEncoder.mimeOf(file) + ";base64," + marker + (files.size() - 1) + "@@";
  }
}
