package gptimage.cli;

/** What the command exits with; {@link Main#exitCodeOf} maps the library's errors to these. */
public enum ExitCode {
  /** Every image saved (or help, version, a dry run printed). */
  OK(0, "every image saved"),
  /** The API or the network failed (after retries), or a save failed after images were paid. */
  FAILED(1, "the API or the network failed (after retries)"),
  /** Bad usage, configuration or input: nothing was sent. */
  USAGE(2, "bad usage, configuration or input; nothing was sent"),
  /** Partly done: some images or batch jobs failed. */
  PARTLY(3, "partly done: some images failed"),
  /** Interrupted (Ctrl-C or SIGTERM); nothing half-written is left. */
  INTERRUPTED(130, "interrupted (Ctrl-C or SIGTERM); nothing half-written is left");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The lines {@code --help} lists them in: {@code " 2 bad usage, ..."}. */
  static java.util.List<String> helpLines() {
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (ExitCode c : values()) {
      // padded by hand: String.format's first use costs every run a few ms of start-up
      String code = String.valueOf(c.code);
      lines.add("  " + code + " ".repeat(Math.max(1, 5 - code.length())) + c.meaning);
    }
    return java.util.List.copyOf(lines);
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
