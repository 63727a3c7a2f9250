package gptimage;

/**
 * The one root of every error this tool reports. Its message is written for the person at the
 * terminal; {@link #exitCode()} is what the command exits with: 1 the API or the network failed, 2
 * bad usage or input (nothing was sent), 3 partly done, 130 interrupted.
 */
public class ImageToolException extends RuntimeException {
  private final int exitCode;

  public ImageToolException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public ImageToolException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
