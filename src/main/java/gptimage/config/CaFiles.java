package gptimage.config;

import gptimage.UsageException;
import gptimage.wire.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The https trust that the settings ask for: the JDK's default, plus the CA certificates of {@code
 * --ca-file} / {@code OPENAI_IMAGE_CA_FILE} and of {@code SSL_CERT_FILE} where set. A relative
 * {@code OPENAI_IMAGE_CA_FILE} in a {@code .env} file is read from that file's folder; every other
 * relative path from the working directory.
 */
public final class CaFiles {
  private CaFiles() {}

  /**
   * @param env the process environment, for {@code SSL_CERT_FILE}
   * @param cwd the working directory
   * @throws UsageException naming the setting whose file cannot be read or holds no certificate
   */
  public static Trust trust(Configuration config, Map<String, String> env, Path cwd) {
    List<Path> files = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    String caFile = config.settings().get(Setting.CA_FILE);
    if (caFile != null && !caFile.isBlank()) {
      Path base = cwd;
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
    String sslCertFile = env.get("SSL_CERT_FILE");
    if (sslCertFile != null && !sslCertFile.isBlank()) {
      files.add(cwd.resolve(sslCertFile.trim()));
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
