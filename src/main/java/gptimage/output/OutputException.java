package gptimage.output;

import gptimage.ImageToolException;

/**
 * An output folder or file that cannot be used; the message names the path and the cause. Exit 2
 * where found before sending, 1 where a save failed after the images were paid for.
 */
public final class OutputException extends ImageToolException {
  public OutputException(String message) {
    super(2, message);
  }

  public OutputException(String message, Throwable cause) {
    super(1, message, cause);
  }
}
