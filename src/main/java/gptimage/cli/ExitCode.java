package gptimage.cli;

/** What the command exits with; {@link Main#exitCodeOf} maps the library's errors to these. */
public enum ExitCode {
  /** Every image saved (or help, version, a dry run printed). */
  OK(0),
  /** The API or the network failed (after retries), or a save failed after images were paid. */
  FAILED(1),
  /** Bad usage, configuration or input: nothing was sent. */
  USAGE(2),
  /** Partly done: some images or batch jobs failed. */
  PARTLY(3),
  /** Interrupted (Ctrl-C or SIGTERM); nothing half-written is left. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
