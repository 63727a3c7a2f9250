package gptimage.output;

import gptimage.client.InvalidParameterException;
import java.util.function.UnaryOperator;

/**
 * The output folder cannot be used (a file in its place, not creatable, not writable), found before
 * anything was sent. The message names the library's parameter ({@code folder}, as in {@link
 * gptimage.client.ImageClient.SaveOptions#folder()}); a program that knows it under another name
 * (the command's {@code --output}) renders the message with {@link #render}, as for {@link
 * InvalidParameterException}.
 */
public final class UnusableFolderException extends OutputException {
  private final String template;

  /**
   * @param template the message, with the parameter written {@code <<folder>>} (see {@link
   *     InvalidParameterException#render(String, UnaryOperator, UnaryOperator)})
   */
  public UnusableFolderException(String template) {
    super(InvalidParameterException.plain(template));
    this.template = template;
  }

  /** The parameter at fault: {@code folder}. */
  public String param() {
    return "folder";
  }

  /** The message with each parameter named as the caller knows it. */
  public String render(UnaryOperator<String> subject, UnaryOperator<String> mention) {
    return InvalidParameterException.render(template, subject, mention);
  }
}
