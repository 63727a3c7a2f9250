package gptimage;

/**
 * The one root of every error this library reports. Its message is written for the person at the
 * terminal: what failed, the value, what is allowed, what to do. The kind of failure is the
 * subclass, never a number inside: {@link UsageException} (bad input, nothing sent), {@code
 * gptimage.wire.ApiException} and its subclasses (the API answered with an error), {@code
 * gptimage.wire.NetworkException} (the network or the answer failed), {@code
 * gptimage.output.OutputException} (a file could not be saved). The command maps these types to its
 * exit codes in one place.
 */
public class ImageToolException extends RuntimeException {
  public ImageToolException(String message) {
    super(message);
  }

  public ImageToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
