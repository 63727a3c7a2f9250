package gptimage.client;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ImageRequest} as a JSON object and back, for sidecars and replays. Keys are the wire's
 * names ({@code output_format}, {@code partial_images}...) plus {@code protocol}, {@code images}
 * (absolute paths), {@code mask} (a path or {@code auto}), and with the Responses protocol {@code
 * responses_model} and {@code action}; {@code previous_response_id}, {@code image_refs} and {@code
 * mask_ref} where set; unset values are left out. The size is the one sent (a ratio or preset
 * already solved), so a replay sends the same size.
 */
public final class RequestFields {
  private RequestFields() {}

  /** Every field of the request that was set. */
  public static Map<String, Object> toJson(ImageRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prompt", r.prompt());
    m.put("model", r.model());
    m.put("protocol", r.protocol().wireName());
    put(m, "size", r.size());
    put(m, "quality", r.quality());
    m.put("n", r.n());
    put(m, "output_format", r.outputFormat());
    put(m, "response_format", r.responseFormat());
    put(m, "background", r.background());
    put(m, "moderation", r.moderation());
    put(m, "output_compression", r.outputCompression());
    put(m, "partial_images", r.partialImages());
    put(m, "input_fidelity", r.inputFidelity());
    put(m, "style", r.style());
    put(m, "stream", r.stream());
    put(m, "user", r.user());
    if (!r.extra().isEmpty()) {
      m.put("extra", r.extra());
    }
    if (r.isEdit()) {
      m.put("images", r.images().stream().map(p -> p.toAbsolutePath().toString()).toList());
    }
    if (r.autoMask()) {
      m.put("mask", "auto");
    } else if (r.mask() != null) {
      m.put("mask", r.mask().toAbsolutePath().toString());
    }
    if (r.protocol() == Protocol.OPENAI_RESPONSES) {
      put(m, "responses_model", r.responsesModel());
      put(m, "action", r.action());
    }
    put(m, "previous_response_id", r.previousResponseId());
    if (!r.imageRefs().isEmpty()) {
      m.put("image_refs", r.imageRefs());
    }
    put(m, "mask_ref", r.maskRef());
    return m;
  }

  /**
   * The request a {@link #toJson} object describes, checked as {@link ImageRequest.Builder#build}
   * checks every request.
   */
  @SuppressWarnings("unchecked")
  public static ImageRequest fromJson(Map<String, Object> m) {
    ImageRequest.Builder b = ImageRequest.builder(text(m, "prompt"));
    if (m.get("model") != null) {
      b.model(text(m, "model"));
    }
    if (m.get("protocol") != null) {
      b.protocol(Protocol.parse(text(m, "protocol")));
    }
    b.size(text(m, "size"));
    b.quality(text(m, "quality"));
    b.n(m.get("n") instanceof Number n ? n.intValue() : 1);
    b.outputFormat(text(m, "output_format"));
    b.responseFormat(text(m, "response_format"));
    b.background(text(m, "background"));
    b.moderation(text(m, "moderation"));
    b.outputCompression(integer(m, "output_compression"));
    b.partialImages(integer(m, "partial_images"));
    b.inputFidelity(text(m, "input_fidelity"));
    b.style(text(m, "style"));
    b.stream(m.get("stream") instanceof Boolean s ? s : null);
    b.user(text(m, "user"));
    if (m.get("extra") instanceof Map<?, ?> extra) {
      b.extra((Map<String, Object>) extra);
    }
    if (m.get("images") instanceof List<?> images) {
      b.images(images.stream().map(i -> Path.of(String.valueOf(i))).toList());
    }
    if ("auto".equals(m.get("mask"))) {
      b.autoMask();
    } else if (m.get("mask") != null) {
      b.mask(Path.of(text(m, "mask")));
    }
    if (m.get("responses_model") != null) {
      b.responsesModel(text(m, "responses_model"));
    }
    b.action(text(m, "action"));
    b.previousResponseId(text(m, "previous_response_id"));
    if (m.get("image_refs") instanceof List<?> refs) {
      b.imageRefs(refs.stream().map(String::valueOf).toList());
    }
    b.maskRef(text(m, "mask_ref"));
    return b.build();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static Integer integer(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.intValue() : null;
  }
}
