package gptimage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The work the launcher trains its class-data archive on (the JDK 25 AOT cache, or a CDS archive on
 * older JDKs): the help pages, a usage error, and calls to the emulator run as a separate process
 * (a generation, a stream, an edit, a dry run). The archive then holds the classes a real call
 * needs and no more: the JVM loads every archived class at start, so the emulator's own classes
 * would only slow each start down. Writes only under a temporary folder, which it removes.
 */
public final class Warmup {
  private Warmup() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("gpt-image-2-api-warmup");
    PrintStream nowhere =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process server =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String baseUrl = baseUrl(server);
      Environment env =
          new Environment(
              Map.of("OPENAI_API_KEY", "warmup", "OPENAI_BASE_URL", baseUrl),
              dir,
              null,
              false,
              System.in);
      List<List<String>> calls =
          List.of(
              List.of("--help"),
              List.of("--version"),
              List.of("serve", "--help"),
              List.of("batch", "--help"),
              List.of("--no-such-option"),
              List.of("--model", "dall-e-2", "--size", "256x256", "a", "lighthouse"),
              List.of("--quality", "low", "--output-format", "jpeg", "--prompt", "a fox"),
              List.of("--quality", "low", "--stream", "--prompt", "a stream"),
              List.of("--prompt", "dry", "--dry-run"));
      for (List<String> call : calls) {
        run(
            call,
            call.get(0).equals("--no-such-option") ? ExitCode.USAGE.code() : ExitCode.OK.code(),
            nowhere,
            env);
      }
      Path made;
      try (Stream<Path> files = Files.list(dir)) {
        made = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
      }
      run(
          List.of("--prompt", "scarf", "--image", made.toString(), "--quality", "low"),
          ExitCode.OK.code(),
          nowhere,
          env);
    } finally {
      server.destroy();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Runs one call; a call that ends otherwise than expected fails the training. */
  private static void run(List<String> call, int expected, PrintStream nowhere, Environment env) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            call.toArray(String[]::new),
            nowhere,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    if (exit != expected) {
      throw new IllegalStateException(
          "warm-up call " + call + " exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
    }
  }

  /** The emulator's base URL, from the line it prints when it is ready. */
  private static String baseUrl(Process server) throws IOException {
    java.io.BufferedReader lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    String marker = "Emulator of the OpenAI image API at ";
    for (String line; (line = lines.readLine()) != null; ) {
      int at = line.indexOf(marker);
      if (at >= 0) {
        return line.substring(at + marker.length()).split(" ")[0];
      }
    }
    throw new IOException("the emulator did not start");
  }
}
