package gptimage.batch;

/** How a batch run ended; the command turns it into its exit code. */
public enum Outcome {
  /** Every job is done (or, with {@code --no-wait}, every batch was submitted). */
  ALL_DONE,
  /** Some jobs are done, some failed or were not started. */
  PARTLY,
  /** No job succeeded. */
  NONE
}
