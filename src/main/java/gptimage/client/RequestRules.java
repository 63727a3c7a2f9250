package gptimage.client;

import java.util.Set;

/**
 * What an {@link ImageRequest} may hold, field by field and together (a transparent background
 * needs PNG or WebP, a mask needs an image, at most {@link ImageRequest#MAX_IMAGES} images, the
 * Responses-only fields need that protocol); references and the protocols' own limits are checked
 * by {@link ReferenceRules} and {@link ResponsesRules}. Checked in {@link
 * ImageRequest.Builder#build}, before anything is sent.
 */
final class RequestRules {
  private RequestRules() {}

  /**
   * @throws InvalidParameterException naming the API field, the value and what is allowed; the
   *     first broken rule in this order
   */
  static void check(ImageRequest r) {
    if (r.prompt().isEmpty()) {
      throw new InvalidParameterException(
          "prompt", "The prompt is empty: give <prompt> \"...\" or the prompt as plain words.");
    }
    ImageRequest.N.check("n", r.n());
    oneOf("background", r.background(), "transparent", "opaque", "auto");
    oneOf("response_format", r.responseFormat(), "url", "b64_json");
    oneOf("output_format", r.outputFormat(), "png", "jpeg", "webp", "gif", "svg");
    oneOf("input_fidelity", r.inputFidelity(), "high", "low");
    oneOf("style", r.style(), "vivid", "natural");
    ImageRequest.PARTIAL_IMAGES.check("partial_images", r.partialImages());
    ImageRequest.OUTPUT_COMPRESSION.check("output_compression", r.outputCompression());
    if ("transparent".equals(r.background())
        && r.outputFormat() != null
        && !r.outputFormat().equals("png")
        && !r.outputFormat().equals("webp")) {
      throw new InvalidParameterException(
          "background",
          "<background> transparent needs <output_format> png or webp, not "
              + r.outputFormat()
              + ".");
    }
    ReferenceRules.check(r.protocol(), r.imageRefs(), r.maskRef());
    if ((r.mask() != null || r.autoMask() || r.maskRef() != null)
        && r.images().isEmpty()
        && r.imageRefs().isEmpty()) {
      throw new InvalidParameterException("mask", "<mask> needs at least one <image> to edit.");
    }
    if (r.mask() != null && !r.images().isEmpty()) {
      MaskCheck.check(r.images().get(0), r.mask());
    }
    if (r.images().size() + r.imageRefs().size() > ImageRequest.MAX_IMAGES) {
      throw new InvalidParameterException(
          "image",
          "<image> may be given at most "
              + ImageRequest.MAX_IMAGES
              + " times, got "
              + (r.images().size() + r.imageRefs().size())
              + ".");
    }
    oneOf("action", r.action(), "generate", "edit", "auto");
    if (r.protocol() == Protocol.OPENAI_RESPONSES) {
      ResponsesRules.check(r.responseFormat(), r.style(), r.outputFormat(), r.autoMask());
    } else if (r.action() != null || r.previousResponseId() != null) {
      throw new InvalidParameterException(
          r.action() != null ? "action" : "previous_response_id",
          "<"
              + (r.action() != null ? "action" : "previous_response_id")
              + "> needs <protocol> openai_responses.");
    }
    if (r.protocol() == Protocol.OPENAI_CHAT) {
      ReferenceRules.checkChat(
          r.responseFormat(),
          r.outputFormat(),
          r.background(),
          r.partialImages(),
          r.inputFidelity(),
          r.style(),
          Boolean.TRUE.equals(r.stream()),
          r.mask() != null || r.autoMask());
    }
  }

  private static void oneOf(String field, String value, String... allowed) {
    if (value != null && !Set.of(allowed).contains(value)) {
      throw new InvalidParameterException(
          field,
          "<<"
              + field
              + ">> must be one of "
              + String.join(", ", allowed)
              + ", got '"
              + value
              + "'.");
    }
  }
}
