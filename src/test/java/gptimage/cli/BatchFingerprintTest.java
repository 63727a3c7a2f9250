package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What makes a batch job "already done" on a rerun: its fingerprint, from what goes on the wire and
 * the bytes of its inputs (design rule 13). Each test counts the requests the emulator received.
 */
class BatchFingerprintTest extends EmulatorHarness {
  private static final String KEY = "sk-test-secret-key-abcd";

  private Path project(Path folder, String extra) throws Exception {
    Files.createDirectories(folder.resolve("in"));
    png(folder.resolve("in/cat.png"), 64, 64, 0xff3366cc);
    png(folder.resolve("in/mask.png"), 64, 64, 0x00000000);
    return Files.write(
        folder.resolve("jobs.jsonl"),
        List.of(
            "{\"prompt\": \"a red fox\", \"model\": \"dall-e-2\", \"size\": \"256x256\""
                + extra
                + "}",
            "{\"prompt\": \"edit the cat\", \"image\": \"in/cat.png\", \"mask\": \"in/mask.png\","
                + " \"model\": \"dall-e-2\", \"size\": \"256x256\""
                + extra
                + "}"),
        StandardCharsets.UTF_8);
  }

  private List<String> posts() {
    List<String> prompts = new ArrayList<>();
    for (RecordedRequest r : emulator.requests()) {
      if (r.method().equals("POST")) {
        prompts.add(r.path());
      }
    }
    return prompts;
  }

  private Run batch(Path cwd, String... more) {
    return batchOf(cwd, "jobs.jsonl", more);
  }

  private Run batchOf(Path cwd, String jobs, String... more) {
    List<String> args = new ArrayList<>(List.of("batch", jobs, "--output", "out"));
    args.addAll(List.of(more));
    return runIn(cwd, null, args.toArray(String[]::new));
  }

  @Test
  void aRerunAfterMovingTheFolderSendsNothing() throws Exception {
    Path before = dir.resolve("project");
    project(before, "");
    Run first = batch(before, "--quiet");
    assertEquals(0, first.exit(), first.err());
    assertEquals(2, posts().size());
    List<Path> files = filesIn(before.resolve("out"));

    Path after = dir.resolve("elsewhere/project-moved");
    Files.createDirectories(after.getParent());
    Files.move(before, after);
    emulator.clearRequests();
    Run again = batch(after, "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(List.of(), posts());
    assertEquals(2, ((Number) Json.at(again.json(), "already_done")).intValue());
    // No duplicate such as 002-edit-the-cat-1-2.png.
    assertEquals(
        files.stream().map(Path::getFileName).toList(),
        filesIn(after.resolve("out")).stream().map(Path::getFileName).toList());
  }

  @Test
  void optionsGivenAtTheirDefaultsMakeNoJobNew() throws Exception {
    Path p = dir.resolve("project");
    project(p, "");
    assertEquals(0, batch(p, "--quiet").exit());
    emulator.clearRequests();
    // The same jobs, now stating n, stream and partial_images at the API's defaults.
    project(p, ", \"n\": 1, \"stream\": false, \"partial_images\": 0");
    Run again = batch(p, "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(List.of(), posts());
  }

  @Test
  void anInputImageWhoseBytesChangedIsSentAgain() throws Exception {
    Path p = dir.resolve("project");
    project(p, "");
    assertEquals(0, batch(p, "--quiet").exit());
    emulator.clearRequests();
    png(p.resolve("in/cat.png"), 64, 64, 0xffcc6633); // same name, same size, other bytes
    Run again = batch(p, "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(List.of("/v1/images/edits"), posts());
    assertEquals(1, ((Number) Json.at(again.json(), "already_done")).intValue());
    assertEquals(1, ((Number) Json.at(again.json(), "succeeded")).intValue());
  }

  @Test
  void jobsDoneStayDoneAndUnsentWhenTheFileGrowsPastNineHundredNinetyNineLines() throws Exception {
    Path p = Files.createDirectories(dir.resolve("project"));
    Path file = p.resolve("jobs.txt");
    Files.write(file, List.of("first prompt", "second prompt"));
    Run first = batchOf(p, "jobs.txt", "--model", "dall-e-2", "--size", "256x256", "--quiet");
    assertEquals(0, first.exit(), first.err());
    assertTrue(Files.exists(p.resolve("out/001-first-prompt-1.png")));
    List<String> grown = new ArrayList<>(List.of("first prompt", "second prompt"));
    while (grown.size() < 999) {
      grown.add("# a note");
    }
    grown.add("third prompt"); // line 1000: stems are now padded to four digits
    Files.write(file, grown);
    emulator.clearRequests();
    Run again = batchOf(p, "jobs.txt", "--model", "dall-e-2", "--size", "256x256", "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(List.of("/v1/images/generations"), posts());
    assertEquals("third prompt", Json.at(emulator.requests().get(0).json(), "prompt"));
    assertTrue(Files.exists(p.resolve("out/1000-third-prompt-1.png")));
    assertFalse(Files.exists(p.resolve("out/0001-first-prompt-1.png")));
  }

  @Test
  void aKeyEchoedInAnErrorNeverReachesResultsOrStderr() throws Exception {
    Path p = Files.createDirectories(dir.resolve("project"));
    // A gateway that echoes a bad value echoes whatever was sent: here the key itself.
    Files.write(
        p.resolve("jobs.jsonl"),
        List.of("{\"prompt\": \"a fox\", \"model\": \"dall-e-2\", \"size\": \"" + KEY + "\"}"));
    for (String via : List.of("local", "openai-batch")) {
      Path out = p.resolve("out-" + via);
      Run r =
          runIn(
              p,
              null,
              "batch",
              "jobs.jsonl",
              "--output",
              out.toString(),
              "--via",
              via,
              "--poll",
              "0.05");
      String results = Files.readString(out.resolve("results.jsonl"));
      assertTrue(results.contains("Invalid size"), via + ": " + results);
      assertTrue(results.contains("****abcd"), via + ": " + results);
      assertFalse(results.contains(KEY), via + ": " + results);
      assertFalse(r.err().contains(KEY), via + ": " + r.err());
      assertFalse(r.out().contains(KEY), via + ": " + r.out());
      for (Path f : filesIn(out)) {
        if (Files.isRegularFile(f)) {
          assertFalse(
              new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY),
              via + ": " + f);
        }
      }
    }
  }
}
