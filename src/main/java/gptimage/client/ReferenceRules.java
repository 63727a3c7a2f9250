package gptimage.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of an {@link ImageRequest} that depend on its protocol and its input references: what a
 * reference may be (an {@code https://} or {@code http://} URL, a {@code data:image/...} URL, a
 * {@code file-...} id), and what a chat gateway cannot take.
 */
final class ReferenceRules {
  private ReferenceRules() {}

  static void check(Protocol protocol, List<String> imageRefs, String maskRef) {
    for (String ref : imageRefs) {
      checkRef("image", ref);
    }
    if (maskRef != null) {
      checkRef("mask", maskRef);
    }
    if (protocol == Protocol.OPENAI_CHAT
        && (maskRef != null || imageRefs.stream().anyMatch(ImageRequest::isFileId))) {
      throw new InvalidParameterException(
          "image",
          "<image> file ids and <mask> references are not supported with <protocol>"
              + " openai_chat; give a path or a URL.");
    }
  }

  /** The image options a chat completion cannot carry: each refused by name. */
  static void checkChat(
      String responseFormat,
      String outputFormat,
      String background,
      Integer partialImages,
      String inputFidelity,
      String style,
      boolean stream,
      boolean mask) {
    Map<String, Object> refused = new LinkedHashMap<>();
    refused.put("response_format", responseFormat);
    refused.put("output_format", outputFormat);
    refused.put("background", background);
    refused.put("partial_images", partialImages);
    refused.put("input_fidelity", inputFidelity);
    refused.put("style", style);
    refused.put("stream", stream ? Boolean.TRUE : null);
    refused.put("mask", mask ? "set" : null);
    for (Map.Entry<String, Object> e : refused.entrySet()) {
      if (e.getValue() != null) {
        throw new InvalidParameterException(
            e.getKey(),
            "<"
                + e.getKey()
                + "> is not supported with <protocol> openai_chat; remove it or use"
                + " <protocol> openai_images.");
      }
    }
  }

  private static void checkRef(String field, String ref) {
    String lower = ref.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("https://")
        || lower.startsWith("http://")
        || lower.startsWith("data:image/")
        || ref.matches("file-[A-Za-z0-9_-]+"))) {
      throw new InvalidParameterException(
          field,
          "<<"
              + field
              + ">> reference '"
              + (ref.length() > 60 ? ref.substring(0, 60) + "..." : ref)
              + "' is not an https:// or http:// URL, a data:image/... URL or a file id"
              + " (file-...).");
    }
  }
}
