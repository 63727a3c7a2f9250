package gptimage.cli;

import gptimage.client.ImageClient;
import gptimage.config.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * What every command that calls the API runs with: its standard output (results), its standard
 * error (progress and messages), the environment it was started in, and the redaction that keeps
 * the key out of everything printed.
 */
abstract class ApiCommand {
  final PrintStream out;
  final PrintStream err;
  final Environment env;
  final Redaction redaction;

  ApiCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.redaction = redaction;
  }

  /**
   * {@link ApiConnection#open} with this command's environment, redaction and error stream.
   *
   * @param tune what the command adds to the client's builder (nothing: {@code b -> {}})
   */
  ApiConnection connect(
      Configuration config,
      boolean verbose,
      ApiConnection.Use use,
      Consumer<ImageClient.Builder> tune)
      throws IOException {
    return ApiConnection.open(config, env, redaction, err, verbose, use, tune);
  }
}
