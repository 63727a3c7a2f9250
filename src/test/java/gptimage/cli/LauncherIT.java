package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
