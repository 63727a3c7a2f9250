package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two Maven artifacts as a user gets them: the plain jar (the library, with jackson-core as a
 * normal dependency) and the self-contained "all" jar (the command and the skill, Jackson relocated
 * inside it).
 */
class ArtifactsIT {
  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final String VERSION = System.getProperty("gptimage.version", "0.1.0");
  static final Path PLAIN = TARGET.resolve("gpt-image-2-api.jar");
  static final Path ALL = TARGET.resolve("gpt-image-2-api-" + VERSION + "-all.jar");
  static final Path SKILL_JAR = TARGET.resolve("skill/gpt-image-2-api/scripts/gpt-image-2-api.jar");
  @TempDir Path dir;

  static List<String> names(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return Collections.list(j.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  static Manifest manifest(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getManifest();
    }
  }

  @Test
  void plainJarHasTheLibraryAndNoJacksonClasses() throws IOException {
    List<String> names = names(PLAIN);
    assertTrue(names.contains("gptimage/client/ImageClient.class"), "the library");
    assertTrue(names.contains("gptimage/junit/EmulatorExtension.class"), "the JUnit extension");
    assertEquals(
        List.of(),
        names.stream()
            .filter(n -> n.startsWith("com/fasterxml/") || n.startsWith("gptimage/shaded/"))
            .toList(),
        "Jackson comes as a dependency, not inside the jar");
    Manifest m = manifest(PLAIN);
    assertNull(m.getMainAttributes().getValue("Main-Class"), "the command runs from the all jar");
    assertEquals(VERSION, m.getMainAttributes().getValue("Implementation-Version"));
  }

  @Test
  void plainJarEntriesCarryOneFixedTime() throws IOException {
    Set<Long> times = new HashSet<>();
    try (JarFile j = new JarFile(PLAIN.toFile())) {
      Collections.list(j.entries()).forEach(e -> times.add(e.getTime()));
    }
    assertEquals(1, times.size(), "project.build.outputTimestamp on every entry: " + times);
  }

  @Test
  void allJarRelocatesJacksonAndLeavesOutTheJUnitExtension() throws IOException {
    List<String> names = names(ALL);
    assertTrue(names.contains("gptimage/shaded/jackson/core/JsonFactory.class"), "Jackson inside");
    assertEquals(
        List.of(),
        names.stream()
            .filter(
                n ->
                    n.contains("com/fasterxml/") && n.endsWith(".class")
                        || n.startsWith("gptimage/junit/")
                        || n.startsWith("org/junit/"))
            .toList());
    assertEquals("gptimage.cli.Main", manifest(ALL).getMainAttributes().getValue("Main-Class"));
    assertEquals(
        Files.mismatch(ALL, SKILL_JAR), -1L, "the skill carries the all jar under its plain name");
  }

  @Test
  void allJarRunsVersion() throws Exception {
    String out = run(List.of(java(), "-jar", ALL.toString(), "--version"));
    assertTrue(out.startsWith("gpt-image-2-api " + VERSION + " "), out);
  }

  @Test
  void plainJarRunsBesideJacksonCoreAsALibraryUserHasIt() throws Exception {
    Path jackson =
        Path.of(JsonFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String out =
        run(
            List.of(
                java(),
                "-cp",
                PLAIN + File.pathSeparator + jackson,
                "gptimage.cli.Main",
                "--dry-run",
                "--prompt",
                "a fox"));
    assertTrue(out.contains("\"prompt\": \"a fox\""), out);
    assertFalse(out.contains("Exception"), out);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private String run(List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().put("OPENAI_API_KEY", "sk-test");
    Path out = dir.resolve("out.txt");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command finished");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
