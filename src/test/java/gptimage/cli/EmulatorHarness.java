package gptimage.cli;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import gptimage.output.FolderState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real command in-process through {@code Main.run} against an emulator on loopback. */
abstract class EmulatorHarness {
  @TempDir Path dir;
  Emulator emulator;
  Map<String, String> env = new HashMap<>();
  String stdin = "";

  record Run(int exit, String out, String err) {
    Object json() {
      return Json.parse(out);
    }

    List<String> files() {
      @SuppressWarnings("unchecked")
      List<String> files = (List<String>) Json.at(json(), "files");
      return files;
    }
  }

  @BeforeEach
  void start() throws IOException {
    serve(EmulatorOptions.defaults());
  }

  void serve(EmulatorOptions options) throws IOException {
    if (emulator != null) {
      emulator.close();
    }
    emulator = Emulator.start(options);
    env.put("OPENAI_BASE_URL", emulator.baseUrl());
    env.put("OPENAI_API_KEY", "sk-test-secret-key-abcd");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  Run run(String... args) {
    return runIn(dir, null, args);
  }

  Run runIn(Path cwd, Path install, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new Environment(
                Map.copyOf(env),
                cwd,
                install,
                false,
                new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path png(Path file, int w, int h, int argb) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, argb);
      }
    }
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  List<Path> filesIn(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      // The folder's state file (for --continue) is the tool's bookkeeping, not an image.
      return s.filter(p -> !p.getFileName().toString().equals(FolderState.FILE)).sorted().toList();
    }
  }
}
