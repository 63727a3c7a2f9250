package gptimage.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A JDK of at least a given feature version on this machine, for tests of what only newer JDKs do
 * (the tests' own JVM is often 17): this JVM's if new enough, else the newest under {@code
 * /usr/lib/jvm}, as the launcher looks (by each JDK's {@code release} file).
 */
public final class NewerJdk {
  private NewerJdk() {}

  /** The {@code java} executable of a JDK of {@code feature} or later, if there is one. */
  public static Optional<Path> java(int feature) throws IOException {
    if (Runtime.version().feature() >= feature) {
      return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
    }
    List<Path> homes = new ArrayList<>();
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.forEach(homes::add);
      }
    }
    Path best = null;
    int bestFeature = 0;
    for (Path home : homes) {
      int f = feature(home);
      if (f >= feature && f > bestFeature && Files.isExecutable(home.resolve("bin/java"))) {
        best = home.resolve("bin/java");
        bestFeature = f;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int feature(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    for (String line : Files.readAllLines(release)) {
      if (line.startsWith("JAVA_VERSION=")) {
        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        String digits = v.split("[.+-]")[0];
        try {
          return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
