package gptimage.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the command reads from its surroundings, injected so that tests run it in-process.
 *
 * @param variables the process environment
 * @param workingDirectory where relative paths and the first {@code .env} are found
 * @param installFolder the folder holding the tool (the skill's folder), whose {@code .env} is read
 *     after the working directory's; null where unknown
 * @param interactive whether stderr is a terminal (progress lines only then)
 * @param stdin standard input, for {@code batch -}
 */
public record Environment(
    Map<String, String> variables,
    Path workingDirectory,
    Path installFolder,
    boolean interactive,
    java.io.InputStream stdin) {

  public Environment(
      Map<String, String> variables,
      Path workingDirectory,
      Path installFolder,
      boolean interactive) {
    this(variables, workingDirectory, installFolder, interactive, System.in);
  }

  public static Environment system() {
    String home = System.getProperty("gptimage.home");
    // The launcher says whether stderr is a terminal (a shell test, no cost); without it, the
    // console is asked, which looks up a console provider through the service loader.
    String tty = System.getProperty("gptimage.stderr.tty");
    return new Environment(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath(),
        tty != null ? tty.equals("true") : System.console() != null);
  }
}
