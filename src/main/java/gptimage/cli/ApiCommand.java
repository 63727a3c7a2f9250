package gptimage.cli;

import java.io.PrintStream;

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
}
