package gptimage.client;

import java.util.Locale;

/** Which API shape carries the request. */
public enum Protocol {
  /** {@code /images/generations} and {@code /images/edits}: the OpenAI image API. */
  OPENAI_IMAGES("openai_images"),
  /** {@code /chat/completions}, for gateways that make images only through chat. */
  OPENAI_CHAT("openai_chat");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Reads {@code openai_images} or {@code openai_chat}, or an alias ({@code image}, {@code images},
   * {@code chat}, {@code chat_completions}), in any case, with {@code -} for {@code _}.
   */
  public static Protocol parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (t) {
      case "openai_images", "image", "images" -> OPENAI_IMAGES;
      case "openai_chat", "chat", "chat_completions" -> OPENAI_CHAT;
      default ->
          throw new InvalidParameterException(
              "protocol", "<<protocol>> must be openai_images or openai_chat, got '" + text + "'.");
    };
  }
}
