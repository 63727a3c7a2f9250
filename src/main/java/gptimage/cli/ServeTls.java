package gptimage.cli;

import gptimage.emulator.Emulator;
import gptimage.emulator.TlsIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code serve}'s TLS options: {@code --tls} makes a certificate for the loopback names at start,
 * {@code --tls-cert}/{@code --tls-key} read one; either way the certificate a client must trust is
 * printed with the {@code --ca-file} line that trusts it.
 */
final class ServeTls {
  static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.flag(
              "--tls",
              "Serve https with a certificate made at start for localhost, 127.0.0.1 and ::1;"
                  + " its PEM is written to a file named on stderr (trust it with --ca-file)."),
          OptionSpec.value("--tls-cert", "FILE", "Serve https with this PEM certificate chain."),
          OptionSpec.value("--tls-key", "FILE", "The PEM (PKCS#8 or RSA) key of --tls-cert."));

  private ServeTls() {}

  /**
   * The identity the options ask for, or null for plain http.
   *
   * @throws IllegalArgumentException naming the option that is missing or unusable
   */
  static TlsIdentity identity(CommandSpec.Parsed args, Path cwd) {
    String cert = args.value("--tls-cert");
    String key = args.value("--tls-key");
    if (cert == null && key == null) {
      return args.has("--tls") ? TlsIdentity.selfSigned(TlsIdentity.LOOPBACK) : null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException(
          (cert == null ? "--tls-key" : "--tls-cert")
              + " needs "
              + (cert == null ? "--tls-cert" : "--tls-key")
              + " too: give the certificate chain and its private key, or --tls alone for a"
              + " certificate made at start.");
    }
    return TlsIdentity.fromPem(cwd.resolve(cert), cwd.resolve(key));
  }

  /**
   * Writes the certificate to trust (for a made one, into the temp folder, named by the port) and
   * says how to use it.
   *
   * @param given the {@code --tls-cert} file, or null for a made certificate
   */
  static void announce(Emulator emulator, TlsIdentity tls, String given, PrintStream err)
      throws IOException {
    Path pem;
    if (given != null) {
      pem = Path.of(given).toAbsolutePath();
    } else {
      pem =
          Path.of(System.getProperty("java.io.tmpdir"))
              .resolve("gpt-image-2-api-serve-" + emulator.port() + "-cert.pem")
              .toAbsolutePath();
      Files.deleteIfExists(pem);
      tls.writeAnchorPem(pem);
      pem.toFile().deleteOnExit(); // it names a key that ends with this process
    }
    err.println("TLS certificate (PEM) to trust: " + pem);
    err.println(
        "Try: OPENAI_BASE_URL="
            + emulator.baseUrl()
            + " OPENAI_API_KEY=any gpt-image-2-api --ca-file "
            + pem
            + " --prompt \"a lighthouse at dusk\"");
  }
}
