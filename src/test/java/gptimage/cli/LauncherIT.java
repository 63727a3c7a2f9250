package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command as a user runs it: the repository launcher and the skill folder. */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath();
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  Result exec(Path cwd, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(env);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void launcherMakesARealImageOfflineFromAnyFolder() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Result r =
        exec(
            elsewhere,
            Map.of(),
            ROOT.resolve("bin/gpt-image-2-api").toString(),
            "--emulator",
            "--prompt",
            "a lighthouse at dusk",
            "--output",
            "out");
    assertEquals(0, r.exit(), r.err());
    @SuppressWarnings("unchecked")
    List<String> files = (List<String>) Json.at(Json.parse(r.out()), "files");
    Path image = Path.of(files.get(0));
    assertEquals(elsewhere.resolve("out"), image.getParent());
    assertEquals(1024, ImageIO.read(image.toFile()).getWidth());
  }

  @Test
  void launcherPassesArgumentsThroughAndExits2OnBadInput() throws Exception {
    Result r =
        exec(
            dir,
            Map.of("OPENAI_API_KEY", "k"),
            ROOT.resolve("bin/gpt-image-2-api").toString(),
            "--prompt",
            "x",
            "--n",
            "0");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--n"), r.err());
  }

  @Test
  void installedSkillReadsDotEnvFromItsOwnFolder() throws Exception {
    Path skills = Files.createDirectories(dir.resolve("skills"));
    Path skill = skills.resolve("gpt-image-2-api");
    copyTree(ROOT.resolve("target/skill/gpt-image-2-api"), skill);
    assertTrue(Files.exists(skill.resolve("SKILL.md")));
    assertTrue(Files.exists(skill.resolve(".env.example")));
    assertTrue(Files.exists(ROOT.resolve("target/gpt-image-2-api-skill.zip")));
    try (Emulator emulator =
        Emulator.start(EmulatorOptions.defaults().apiKey("sk-skill-env-key"))) {
      Files.writeString(
          skill.resolve(".env"),
          "OPENAI_API_KEY=sk-skill-env-key\nOPENAI_BASE_URL=" + emulator.baseUrl() + "\n");
      Path work = Files.createDirectories(dir.resolve("work"));
      Result r =
          exec(
              work,
              Map.of(),
              skill.resolve("scripts/gpt-image-2-api").toString(),
              "--prompt",
              "an icon",
              "--output-format",
              "jpeg");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().contains(".jpg"), r.out());
      assertEquals(1, emulator.requests().size());
    }
  }

  // ---- the JDK and the class-data archive ----

  static final Path SKILL = ROOT.resolve("target/skill/gpt-image-2-api");

  private Path copySkill() throws IOException {
    Path skill = dir.resolve("copy/gpt-image-2-api");
    copyTree(SKILL, skill);
    return skill;
  }

  private static List<Path> archives(Path scripts) throws IOException {
    try (Stream<Path> s = Files.list(scripts)) {
      return s.filter(p -> p.toString().endsWith(".aot") || p.toString().endsWith(".jsa"))
          .sorted()
          .toList();
    }
  }

  /** Which of the command's own classes came from the archive, by the JVM's class-load log. */
  private Result generateLoggingClassLoads(Path launcher, Map<String, String> env, Path log)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
    return exec(
        dir,
        all,
        launcher.toString(),
        "--emulator",
        "--model",
        "dall-e-2",
        "--size",
        "256x256",
        "x");
  }

  private static boolean mainCameFromTheArchive(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .anyMatch(l -> l.contains(" gptimage.cli.Main source: shared objects file"));
  }

  @Test
  void packagingTrainsAnArchiveThatRunsLoadTheCommandFrom() throws Exception {
    assertEquals(1, archives(SKILL.resolve("scripts")).size(), "one archive, made by mvn package");
    Path log = dir.resolve("classes.log");
    Result r = generateLoggingClassLoads(SKILL.resolve("scripts/gpt-image-2-api"), Map.of(), log);
    assertEquals(0, r.exit(), r.err());
    assertTrue(mainCameFromTheArchive(log), "the command's classes came from the archive");
    assertFalse(r.err().contains("[error]") || r.err().contains("warning"), r.err());
  }

  @Test
  void aMovedSkillTrainsItsOwnArchiveInTheBackgroundAndAgainWhenTheJarIsNewer() throws Exception {
    Path skill = copySkill();
    Path scripts = skill.resolve("scripts");
    Path launcher = scripts.resolve("gpt-image-2-api");
    assertFalse(madeFor(scripts).contains(launcher.getParent().toString()), "copied as it was");
    Result r = exec(dir, Map.of(), launcher.toString(), "--version");
    assertEquals(0, r.exit(), r.err());
    // Not a stopwatch (a busy machine is slow either way): the caller is back before the training,
    // which takes far longer than --version, has written its archive.
    assertFalse(
        madeFor(scripts).contains(scripts.resolve("gpt-image-2-api.jar").toString()),
        "the caller did not wait for the training");
    for (int i = 0; i < 240 && !madeFor(scripts).contains(scripts.toString()); i++) {
      Thread.sleep(250);
    }
    assertTrue(madeFor(scripts).contains(scripts.resolve("gpt-image-2-api.jar").toString()));
    for (int i = 0; i < 40 && hasLeftovers(scripts); i++) {
      Thread.sleep(250);
    }
    assertFalse(hasLeftovers(scripts), "no lock or partial file left");
    assertEquals(1, archives(scripts).size(), "one archive: " + archives(scripts));
    Path log = dir.resolve("moved.log");
    generateLoggingClassLoads(launcher, Map.of(), log);
    assertTrue(mainCameFromTheArchive(log));

    // The same folder goes on to the next case, rather than training a second copy from scratch
    // (a training is most of this class's time): an archive older than the jar is made again.
    Path archive = archives(scripts).get(0);
    java.nio.file.attribute.FileTime jar =
        Files.getLastModifiedTime(scripts.resolve("gpt-image-2-api.jar"));
    Files.setLastModifiedTime(
        archive, java.nio.file.attribute.FileTime.fromMillis(jar.toMillis() - 60_000));
    Result again =
        exec(dir, Map.of("GPT_IMAGE_2_API_ARCHIVE", "sync"), launcher.toString(), "--version");
    assertEquals(0, again.exit(), again.err());
    assertTrue(Files.getLastModifiedTime(archive).compareTo(jar) > 0, "made again");
    Path stale = dir.resolve("stale.log");
    generateLoggingClassLoads(launcher, Map.of(), stale);
    assertTrue(mainCameFromTheArchive(stale));
  }

  /** What the archives in the folder say they were made for. */
  private static String madeFor(Path scripts) throws IOException {
    StringBuilder s = new StringBuilder();
    try (Stream<Path> files = Files.list(scripts)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".for")).toList()) {
        s.append(Files.readString(p));
      }
    }
    return s.toString();
  }

  private static boolean hasLeftovers(Path scripts) throws IOException {
    try (Stream<Path> s = Files.list(scripts)) {
      return s.anyMatch(p -> p.toString().endsWith(".lock") || p.toString().endsWith(".tmp"));
    }
  }

  @Test
  void anOlderJdkGetsACdsArchiveOfItsOwn() throws Exception {
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 at " + jdk17);
    Path skill = copySkill();
    Map<String, String> env =
        Map.of("GPT_IMAGE_2_API_JAVA_HOME", jdk17.toString(), "GPT_IMAGE_2_API_ARCHIVE", "sync");
    Path log = dir.resolve("jdk17.log");
    Result r = generateLoggingClassLoads(skill.resolve("scripts/gpt-image-2-api"), env, log);
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        archives(skill.resolve("scripts")).stream().anyMatch(p -> p.toString().endsWith(".jsa")));
    assertTrue(mainCameFromTheArchive(log));
  }

  @Test
  void saysWhatIsMissingWhenThereIsNoJavaOrNoJar() throws Exception {
    Result noJava =
        exec(
            dir,
            Map.of("GPT_IMAGE_2_API_JAVA_HOME", dir.resolve("no-jdk").toString()),
            SKILL.resolve("scripts/gpt-image-2-api").toString(),
            "--version");
    assertEquals(2, noJava.exit());
    assertTrue(noJava.err().contains("needs Java 17 or newer"), noJava.err());
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Files.copy(SKILL.resolve("scripts/gpt-image-2-api"), alone.resolve("gpt-image-2-api"));
    Result noJar = exec(dir, Map.of(), alone.resolve("gpt-image-2-api").toString(), "--version");
    assertEquals(2, noJar.exit());
    assertTrue(noJar.err().contains("gpt-image-2-api.jar is missing"), noJar.err());
  }

  static void copyTree(Path from, Path to) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(from)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
