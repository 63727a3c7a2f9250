package gptimage.wire;

import gptimage.ImageToolException;

/** The network failed, the server stopped answering, or its answer was unreadable. */
public final class NetworkException extends ImageToolException {
  private final boolean retryable;

  public NetworkException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether a new attempt may heal it (a reset, a cut answer), unlike a malformed answer. */
  public boolean retryable() {
    return retryable;
  }
}
