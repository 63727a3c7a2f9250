package gptimage;

/** Bad usage, configuration or input, found before anything was sent: exit 2. */
public final class UsageException extends ImageToolException {
  public UsageException(String message) {
    super(2, message);
  }
}
