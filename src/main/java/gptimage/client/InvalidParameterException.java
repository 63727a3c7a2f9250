package gptimage.client;

import gptimage.UsageException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request field whose value is not allowed, found by {@link ImageRequest.Builder#build()} before
 * anything was sent. {@link #param()} names the API field ({@code output_compression}), as the
 * API's own errors do; the message names fields the same way. A program that knows the field under
 * another name (the command's {@code --output-compression} flag) renders the message with {@link
 * #render}.
 */
public final class InvalidParameterException extends UsageException {
  /** {@code <<field>>}: where a field is the subject; {@code <field>}: where it is only named. */
  private static final Pattern FIELD = Pattern.compile("<<([a-z_]+)>>|<([a-z_]+)>");

  private final String param;
  private final String template;

  /**
   * @param param the API field at fault
   * @param template the message, with fields written {@code <<field>>} (the subject) or {@code
   *     <field>} (named in passing)
   */
  public InvalidParameterException(String param, String template) {
    super(plain(template));
    this.param = param;
    this.template = template;
  }

  /** The API field at fault, such as {@code output_compression} or {@code n}. */
  public String param() {
    return param;
  }

  /**
   * The message with each field named as the caller knows it.
   *
   * @param subject the name for a field the message is about (such as {@code --n / OPENAI_IMAGE_N})
   * @param mention the name for a field named in passing (such as {@code --output-format})
   */
  public String render(UnaryOperator<String> subject, UnaryOperator<String> mention) {
    return render(template, subject, mention);
  }

  /** The template with each field under its own name, as a Java user reads it. */
  public static String plain(String template) {
    return render(template, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /**
   * A template with fields written {@code <<field>>} or {@code <field>}, each named as the caller
   * knows it; shared by every library error that names a parameter.
   */
  public static String render(
      String template, UnaryOperator<String> subject, UnaryOperator<String> mention) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? subject.apply(m.group(1)) : mention.apply(m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(name));
    }
    m.appendTail(out);
    return out.toString();
  }
}
