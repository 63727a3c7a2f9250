package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.Latency;
import gptimage.json.Json;
import gptimage.output.FolderState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that need a real process: signals in the middle of work, and many processes saving into
 * one folder at once. The packaged launcher runs against an emulator in this JVM.
 */
class ProcessFaultsIT {
  static final Path LAUNCHER = Path.of("bin/gpt-image-2-api").toAbsolutePath();
  @TempDir Path dir;
  Emulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** Starts the emulator the launcher talks to (over https in the TLS twin). */
  Emulator startEmulator(EmulatorOptions options) throws IOException {
    return Emulator.start(options);
  }

  /** Variables the launcher gets besides the base URL and key (the TLS twin's CA file). */
  java.util.Map<String, String> moreEnvironment() {
    return java.util.Map.of();
  }

  private Process start(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().put("OPENAI_BASE_URL", emulator.baseUrl());
    pb.environment().put("OPENAI_API_KEY", "sk-process-test");
    pb.environment().putAll(moreEnvironment());
    pb.redirectOutput(out.resolveSibling(out.getFileName() + ".stdout").toFile());
    pb.redirectError(out.resolveSibling(out.getFileName() + ".stderr").toFile());
    return pb.start();
  }

  private static String stderrOf(Path out) throws IOException {
    return Files.readString(out.resolveSibling(out.getFileName() + ".stderr"));
  }

  private static List<Path> filesIn(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      // The folder's state file (for --continue) is the tool's bookkeeping, not an image.
      return s.filter(p -> !p.getFileName().toString().equals(FolderState.FILE)).sorted().toList();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static boolean hasPart(Path folder) {
    try {
      return filesIn(folder).stream().anyMatch(p -> p.getFileName().toString().endsWith(".part"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void signal(Process p, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).start();
    assertEquals(0, kill.waitFor());
  }

  @Test
  void sigtermMidDownloadExits130AndLeavesNothing() throws Exception {
    emulator =
        startEmulator(
            EmulatorOptions.defaults()
                .slowBody(Duration.ofSeconds(30))
                .fault(Fault.SLOW_BODY, true));
    Path out = dir.resolve("out");
    Process p = start(out, "--prompt", "x", "--output", out.toString());
    await(() -> hasPart(out), "the download to begin");
    signal(p, "TERM");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(130, p.exitValue(), stderrOf(out));
    assertTrue(stderrOf(out).contains("interrupted"), stderrOf(out));
    assertEquals(List.of(), filesIn(out), "no temp file or partial image left");
  }

  @Test
  void ctrlCMidStreamKeepsTheFinishedImageAndListsIt() throws Exception {
    emulator =
        startEmulator(EmulatorOptions.defaults().latency(Latency.fixed(Duration.ofSeconds(4))));
    Path out = dir.resolve("out");
    Path first = out.resolve("set-1.png");
    Process p =
        start(
            out,
            "--prompt",
            "x",
            "--n",
            "2",
            "--stream",
            "--name",
            "set",
            "--output",
            out.toString());
    await(() -> Files.exists(first), "the first image to be saved");
    signal(p, "INT");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    String err = stderrOf(out);
    assertEquals(130, p.exitValue(), err);
    assertTrue(err.contains("kept") && err.contains(first.toString()), err);
    assertEquals(List.of(first), filesIn(out));
    assertEquals(1024, ImageIO.read(first.toFile()).getWidth());
  }

  @Test
  void twelveProcessesSavingIntoOneFolderAtOnceLoseAndOverwriteNothing() throws Exception {
    emulator = startEmulator(EmulatorOptions.defaults());
    Path shared = dir.resolve("shared");
    List<Process> processes = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Path out = dir.resolve("run" + i);
      outs.add(out);
      processes.add(
          start(
              out,
              "--prompt",
              "process " + i,
              "--n",
              "2",
              "--size",
              "1024x1024",
              "--name",
              "same",
              "--output",
              shared.toString()));
    }
    Set<String> listed = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, processes.get(i).exitValue(), stderrOf(outs.get(i)));
      String stdout = Files.readString(outs.get(i).resolveSibling("run" + i + ".stdout"));
      @SuppressWarnings("unchecked")
      List<String> files = (List<String>) Json.at(Json.parse(stdout), "files");
      assertEquals(2, files.size());
      for (String f : files) {
        assertTrue(listed.add(f), "two processes claim " + f);
      }
    }
    List<Path> saved = filesIn(shared);
    assertEquals(24, saved.size(), saved.toString());
    assertFalse(hasPart(shared));
    Set<String> contents = new HashSet<>();
    for (Path f : saved) {
      assertTrue(listed.contains(f.toString()), "unlisted file " + f);
      assertEquals(1024, ImageIO.read(f.toFile()).getWidth());
      contents.add(CommandTest.sha256(f));
    }
    assertEquals(24, contents.size(), "every image is its own: none was overwritten");
  }

  @Test
  void aBatchKilledHalfwayAndRerunDoesEveryJobExactlyOnce() throws Exception {
    emulator =
        startEmulator(EmulatorOptions.defaults().latency(Latency.fixed(Duration.ofMillis(300))));
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      lines.add("{\"prompt\": \"job " + i + "\", \"model\": \"dall-e-2\", \"size\": \"256x256\"}");
    }
    Path jobs = Files.write(dir.resolve("jobs.jsonl"), lines);
    Path out = dir.resolve("out");
    Path results = out.resolve("results.jsonl");
    Process first =
        start(
            dir.resolve("first"),
            "batch",
            jobs.toString(),
            "--concurrency",
            "4",
            "--output",
            out.toString());
    await(
        () -> {
          try {
            return Files.exists(results) && Files.readAllLines(results).size() >= 12;
          } catch (IOException e) {
            return false;
          }
        },
        "a dozen jobs to finish");
    signal(first, "TERM");
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    String err = stderrOf(dir.resolve("first"));
    assertEquals(130, first.exitValue(), err);
    assertTrue(err.contains("run the same command again"), err);
    int recorded = Files.readAllLines(results).size();
    assertTrue(recorded < 40, "stopped halfway: " + recorded);
    assertEquals(recorded, emulator.requests().size(), "every request sent was saved and recorded");
    assertFalse(hasPart(out));

    Process second =
        start(
            dir.resolve("second"),
            "batch",
            jobs.toString(),
            "--concurrency",
            "4",
            "--output",
            out.toString());
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue(), stderrOf(dir.resolve("second")));
    java.util.Map<Object, Long> perPrompt =
        emulator.requests().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> Json.at(r.json(), "prompt"), java.util.stream.Collectors.counting()));
    assertEquals(40, perPrompt.size());
    assertTrue(perPrompt.values().stream().allMatch(n -> n == 1), perPrompt.toString());
    long images =
        filesIn(out).stream().filter(p -> p.getFileName().toString().endsWith(".png")).count();
    assertEquals(40, images);
    assertEquals(40, Files.readAllLines(results).size());
  }

  @Test
  void aProviderBatchInterruptedWhilePollingIsPickedUpWithResume() throws Exception {
    emulator = startEmulator(EmulatorOptions.defaults().batchDuration(Duration.ofSeconds(3)));
    Path jobs = Files.write(dir.resolve("jobs.txt"), List.of("tiny one", "tiny two", "tiny three"));
    Path out = dir.resolve("out");
    Process first =
        start(
            dir.resolve("first"),
            "batch",
            jobs.toString(),
            "--via",
            "openai-batch",
            "--poll",
            "0.2",
            "--model",
            "dall-e-2",
            "--size",
            "256x256",
            "--output",
            out.toString());
    await(() -> Files.exists(out.resolve(".openai-batch.json")), "the batch to be submitted");
    Thread.sleep(300);
    signal(first, "INT");
    assertTrue(first.waitFor(20, TimeUnit.SECONDS));
    String err = stderrOf(dir.resolve("first"));
    assertEquals(130, first.exitValue(), err);
    assertTrue(err.contains("--resume " + out), err);
    assertEquals(0, filesIn(out).stream().filter(p -> p.toString().endsWith(".png")).count());

    Process second =
        start(dir.resolve("second"), "batch", "--resume", out.toString(), "--poll", "0.2");
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue(), stderrOf(dir.resolve("second")));
    assertEquals(3, filesIn(out).stream().filter(p -> p.toString().endsWith(".png")).count());
    assertEquals(
        1,
        emulator.requests().stream().filter(r -> r.path().equals("/v1/batches")).count(),
        "one batch, picked up, not submitted again");
  }
}
