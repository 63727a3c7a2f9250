package gptimage.client;

/**
 * What the Responses API's {@code image_generation} tool takes that the Images API differs on: no
 * {@code response_format} or {@code style}, output formats png, jpeg and webp only, and a mask only
 * as a file ({@code input_image_mask}).
 */
final class ResponsesRules {
  private ResponsesRules() {}

  static void check(String responseFormat, String style, String outputFormat, boolean autoMask) {
    if (responseFormat != null || style != null || autoMask) {
      String field = responseFormat != null ? "response_format" : style != null ? "style" : "mask";
      throw new InvalidParameterException(
          field,
          "<"
              + field
              + (autoMask && field.equals("mask") ? "> auto" : ">")
              + " is not supported with <protocol> openai_responses; remove it or use"
              + " <protocol> openai_images.");
    }
    if (outputFormat != null && !java.util.Set.of("png", "jpeg", "webp").contains(outputFormat)) {
      throw new InvalidParameterException(
          "output_format",
          "<<output_format>> must be png, jpeg or webp with <protocol> openai_responses, got '"
              + outputFormat
              + "'.");
    }
  }
}
