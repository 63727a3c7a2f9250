package gptimage.output;

import gptimage.ImageToolException;

/**
 * A file could not be written or read back where images are saved: the disk is full, the folder
 * went away. The message names the path and the cause. Problems found before anything is sent are
 * the subclass {@link UnusableFolderException}.
 */
public class OutputException extends ImageToolException {
  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }

  OutputException(String message) {
    super(message);
  }
}
