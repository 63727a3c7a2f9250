package gptimage;

/** Bad usage, configuration or input, found before anything was sent. */
public class UsageException extends ImageToolException {
  public UsageException(String message) {
    super(message);
  }
}
