package gptimage.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request puts on the wire, taken from {@link RequestEncoder} itself: the endpoint path, the
 * fields by their API names with the values sent, and the files sent (by field name, with their
 * paths so that a caller can read their bytes). The same request gives the same form whatever class
 * built it; it exists so that work already paid for (a batch job's fingerprint) is recognised by
 * what was sent, never by a class's {@code toString} or a folder.
 *
 * @param endpoint the path under the base URL, e.g. {@code /images/edits}
 * @param fields every field sent, in the encoder's order; values as sent (multipart values are
 *     text, JSON values keep their JSON type); the prompt included, no file contents
 * @param files the files sent, in the order sent
 */
public record WireForm(String endpoint, Map<String, Object> fields, List<FilePart> files) {
  /**
   * One file sent.
   *
   * @param field the form field or JSON field that carries it ({@code image}, {@code image[]},
   *     {@code mask}, {@code image_url})
   * @param path where its bytes are read from
   */
  public record FilePart(String field, Path path) {}

  /** The wire form of a checked request. */
  public static WireForm of(ImageRequest r) {
    RequestEncoder.Encoded e = RequestEncoder.encode(r);
    Map<String, Object> fields = new LinkedHashMap<>();
    List<FilePart> files = new ArrayList<>();
    if (r.protocol() == Protocol.OPENAI_CHAT) {
      if (e.described() instanceof Map<?, ?> body) {
        body.forEach((k, v) -> fields.put(String.valueOf(k), v));
      }
      // The messages carry the prompt and the images' bytes; the prompt is kept as text.
      fields.remove("messages");
      fields.put("prompt", r.prompt());
      r.images().forEach(p -> files.add(new FilePart("image_url", p)));
    } else if (r.isEdit()) {
      if (e.described() instanceof Map<?, ?> d && d.get("fields") instanceof Map<?, ?> f) {
        f.forEach((k, v) -> fields.put(String.valueOf(k), v));
      }
      String imageField = r.images().size() == 1 ? "image" : "image[]";
      r.images().forEach(p -> files.add(new FilePart(imageField, p)));
      if (r.mask() != null && !r.autoMask()) {
        files.add(new FilePart("mask", r.mask()));
      }
    } else if (e.described() instanceof Map<?, ?> body) {
      body.forEach((k, v) -> fields.put(String.valueOf(k), v));
    }
    return new WireForm(e.path(), fields, List.copyOf(files));
  }
}
