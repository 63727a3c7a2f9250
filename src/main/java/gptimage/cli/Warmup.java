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
 * (a generation, a stream, an edit, a dry run; over https, a generation and a stream trusting the
 * emulator's certificate made at start with {@code --ca-file}, and a generation trusting it through
 * a default trust store). The archive then holds the classes a real call needs and no more: the JVM
 * loads every archived class at start, so the emulator's own classes would only slow each start
 * down. Writes only under a temporary folder, which it removes.
 */
public final class Warmup {
  private Warmup() {}

  public static void main(String[] args) throws Exception {
    // main's shutdown hook, as main installs it; done already, so it does nothing at this exit
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(new Main.OnSignal(new java.util.concurrent.atomic.AtomicBoolean(true))));
    // A base URL names a host (api.openai.com): its lookup loads the JDK's resolver through a
    // lambda and a service look-up, which the calls below (to 127.0.0.1) never do.
    try {
      java.net.InetAddress.getByName("localhost");
    } catch (java.net.UnknownHostException e) {
      // a machine without a name for itself: nothing to learn from it
    }
    Path dir = Files.createTempDirectory("gpt-image-2-api-warmup");
    PrintStream nowhere =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Process server = serve();
    Process tlsServer = serve("--tls");
    try {
      String baseUrl = baseUrl(server)[0];
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
      String[] tls = baseUrl(tlsServer);
      Environment https =
          new Environment(
              Map.of("OPENAI_API_KEY", "warmup", "OPENAI_BASE_URL", tls[0]),
              dir,
              null,
              false,
              System.in);
      for (List<String> call :
          List.of(
              List.of("--model", "dall-e-2", "--size", "256x256", "--prompt", "https"),
              List.of("--quality", "low", "--stream", "--prompt", "a stream"))) {
        List<String> trusting = new java.util.ArrayList<>(call);
        trusting.addAll(List.of("--ca-file", tls[1]));
        run(trusting, ExitCode.OK.code(), nowhere, https);
      }
      // The way most https calls are trusted: by the JDK's default store, read lazily by issuer.
      String before = System.getProperty("javax.net.ssl.trustStore");
      System.setProperty("javax.net.ssl.trustStore", storeTrusting(tls[1], dir).toString());
      try {
        run(
            List.of("--model", "dall-e-2", "--size", "256x256", "--prompt", "store"),
            ExitCode.OK.code(),
            nowhere,
            https);
      } finally {
        if (before == null) {
          System.clearProperty("javax.net.ssl.trustStore");
        } else {
          System.setProperty("javax.net.ssl.trustStore", before);
        }
      }
    } finally {
      server.destroy();
      tlsServer.destroy();
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

  /** A JKS trust store (the format of Debian's {@code cacerts}) holding the PEM's certificate. */
  private static Path storeTrusting(String pem, Path dir) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("JKS");
    store.load(null, null);
    try (java.io.InputStream in = Files.newInputStream(Path.of(pem))) {
      store.setCertificateEntry(
          "emulator",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path file = dir.resolve("trust.jks");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "changeit".toCharArray());
    }
    return file;
  }

  /** {@code serve} on a free port, as a separate process. */
  private static Process serve(String... more) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0"));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /**
   * The emulator's base URL, from the line it prints when it is ready, and (serving TLS) the PEM
   * file of its certificate.
   */
  private static String[] baseUrl(Process server) throws IOException {
    java.io.BufferedReader lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    String marker = "Emulator of the OpenAI image API at ";
    String pemMarker = "TLS certificate (PEM) to trust: ";
    String base = null;
    for (String line; (line = lines.readLine()) != null; ) {
      int at = line.indexOf(marker);
      if (at >= 0) {
        base = line.substring(at + marker.length()).split(" ")[0];
        if (!base.startsWith("https:")) {
          return new String[] {base, null};
        }
      }
      at = line.indexOf(pemMarker);
      if (at >= 0 && base != null) {
        return new String[] {base, line.substring(at + pemMarker.length()).trim()};
      }
    }
    throw new IOException("the emulator did not start");
  }
}
