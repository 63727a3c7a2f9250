package gptimage.cli;

import gptimage.UsageException;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.wire.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The https trust a command uses: the JDK's default, plus the CA certificates of {@code --ca-file}
 * / {@code OPENAI_IMAGE_CA_FILE} and of {@code SSL_CERT_FILE} where set. A relative path in a
 * {@code .env} file is read from that file's folder, else from the working directory.
 */
final class TrustOption {
  private TrustOption() {}

  /**
   * @throws UsageException naming the setting whose file cannot be read or holds no certificate
   */
  static Trust of(Configuration config, Environment env) {
    List<Path> files = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    String caFile = config.settings().get(Setting.CA_FILE);
    if (caFile != null && !caFile.isBlank()) {
      Path base = env.workingDirectory();
      String source = config.settings().source(Setting.CA_FILE);
      if (!source.startsWith("flag")
          && !source.equals("environment")
          && Files.isRegularFile(Path.of(source))) {
        Path parent = Path.of(source).toAbsolutePath().getParent();
        base = parent == null ? base : parent;
      }
      files.add(base.resolve(caFile.trim()));
      labels.add(Setting.CA_FILE.label());
    }
    String sslCertFile = env.variables().get("SSL_CERT_FILE");
    if (sslCertFile != null && !sslCertFile.isBlank()) {
      files.add(env.workingDirectory().resolve(sslCertFile.trim()));
      labels.add("SSL_CERT_FILE");
    }
    if (files.isEmpty()) {
      return Trust.defaults();
    }
    try {
      return Trust.withExtra(files, labels);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
