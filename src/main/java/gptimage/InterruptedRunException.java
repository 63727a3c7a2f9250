package gptimage;

/** The run was interrupted (a signal, or the thread interrupted) before it could finish. */
public class InterruptedRunException extends ImageToolException {
  public InterruptedRunException(String message) {
    super(message);
  }
}
