package gptimage.client;

import java.util.Locale;

/** Which API shape carries the request. */
public enum Protocol {
  /** {@code /images/generations} and {@code /images/edits}: the OpenAI image API. */
  OPENAI_IMAGES("openai_images"),
  /** {@code /chat/completions}, for gateways that make images only through chat. */
  OPENAI_CHAT("openai_chat"),
  /**
   * {@code /responses} with the {@code image_generation} tool: a mainline model calls the image
   * model, and a conversation continues with {@code previous_response_id}.
   */
  OPENAI_RESPONSES("openai_responses");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Reads {@code openai_images}, {@code openai_chat} or {@code openai_responses}, or an alias
   * ({@code image}, {@code images}, {@code chat}, {@code chat_completions}, {@code responses}), in
   * any case, with {@code -} for {@code _}.
   */
  public static Protocol parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (t) {
      case "openai_images", "image", "images" -> OPENAI_IMAGES;
      case "openai_chat", "chat", "chat_completions" -> OPENAI_CHAT;
      case "openai_responses", "responses", "response" -> OPENAI_RESPONSES;
      default ->
          throw new InvalidParameterException(
              "protocol",
              "<<protocol>> must be openai_images, openai_chat or openai_responses, got '"
                  + text
                  + "'.");
    };
  }
}
