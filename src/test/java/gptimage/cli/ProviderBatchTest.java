package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.batch.ProviderBatch;
import gptimage.client.ImageClient;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code batch --via openai-batch} against the emulator's /v1/files and /v1/batches. */
class ProviderBatchTest extends EmulatorHarness {
  @BeforeEach
  void quickBatches() throws Exception {
    serve(EmulatorOptions.defaults().batchDuration(Duration.ofMillis(400)));
  }

  private Path jobFile() throws Exception {
    png(dir.resolve("photo.png"), 64, 48, 0xFF3366CC);
    return Files.write(
        dir.resolve("jobs.jsonl"),
        List.of(
            "{\"prompt\": \"a red fox\", \"n\": 2}",
            "{\"prompt\": \"a lighthouse\", \"output_format\": \"jpeg\", \"name\": \"light\"}",
            "{\"prompt\": \"bad size\", \"size\": \"1000x1000\"}",
            "{\"prompt\": \"add a hat\", \"image\": \"photo.png\"}",
            "{\"prompt\": \"a webp\", \"output_format\": \"webp\", \"quality\": \"low\"}"),
        StandardCharsets.UTF_8);
  }

  /** File name to SHA-256 of every image in a folder. */
  private Map<String, String> images(Path folder) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.matches(".*\\.(png|jpg|webp)$")) {
          out.put(name, sha256(p));
        }
      }
    }
    return out;
  }

  private Map<String, String> statuses(Path folder) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(folder.resolve("results.jsonl"))) {
      Object r = Json.parse(line);
      out.put(String.valueOf(Json.at(r, "id")), String.valueOf(Json.at(r, "status")));
    }
    return out;
  }

  private long batchesCreated() {
    return emulator.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals("/v1/batches"))
        .count();
  }

  private List<RecordedRequest> linesRun() {
    return emulator.requests().stream().filter(r -> r.header("x-emulator-batch") != null).toList();
  }

  @Test
  void generationsAndEditsRoundTripToTheSameImagesAsTheLocalPath() throws Exception {
    Path file = jobFile();
    Run local = run("batch", file.toString(), "--output", "local", "--quiet");
    assertEquals(3, local.exit(), local.err());
    emulator.clearRequests();

    Run viaBatch =
        run("batch", file.toString(), "--via", "openai-batch", "--poll", "0.1", "--output", "b");
    assertEquals(3, viaBatch.exit(), viaBatch.err());
    assertEquals(images(dir.resolve("local")), images(dir.resolve("b")), "same names, same bytes");
    assertEquals(statuses(dir.resolve("local")), statuses(dir.resolve("b")));
    assertEquals(2, batchesCreated(), "one batch for generations, one for edits");
    assertEquals(5, linesRun().size());
    RecordedRequest edit =
        linesRun().stream().filter(r -> r.path().equals("/v1/images/edits")).findFirst().get();
    assertTrue(
        String.valueOf(Json.at(edit.json(), "images", 0, "image_url"))
            .startsWith("data:image/png;base64,iVBOR"),
        "the edit's image went inline");
    String failed =
        Files.readAllLines(dir.resolve("b/results.jsonl")).stream()
            .filter(l -> l.contains("\"failed\""))
            .findFirst()
            .orElseThrow();
    assertTrue(failed.contains("Invalid size") && failed.contains("openai-batch"), failed);
    Object summary = viaBatch.json();
    assertEquals(4, ((Number) Json.at(summary, "succeeded")).intValue());
    assertEquals(5, ((List<?>) Json.at(summary, "files")).size());
    String gallery = Files.readString(dir.resolve("b/index.html"));
    assertTrue(gallery.contains("light-1.jpg") && gallery.contains("Invalid size"));
    double localCost = ((Number) Json.at(local.json(), "cost_usd")).doubleValue();
    double batchCost = ((Number) Json.at(summary, "cost_usd")).doubleValue();
    assertEquals(localCost / 2, batchCost, 0.0001, "the Batch API is half the price");

    // A plain rerun retries just the failed line, in a new batch.
    emulator.clearRequests();
    Run again =
        run("batch", file.toString(), "--via", "openai-batch", "--poll", "0.1", "--output", "b");
    assertEquals(3, again.exit(), again.err());
    assertEquals(1, batchesCreated());
    assertEquals(
        List.of("bad size"), linesRun().stream().map(r -> Json.at(r.json(), "prompt")).toList());
  }

  @Test
  void aLargeFileIsSplitIntoSeveralBatchesTrackedTogether() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      lines.add("{\"prompt\": \"tiny " + i + "\", \"model\": \"dall-e-2\", \"size\": \"256x256\"}");
    }
    Path file = Files.write(dir.resolve("many.jsonl"), lines);
    Run r =
        run(
            "batch",
            file.toString(),
            "--via",
            "openai-batch",
            "--batch-size",
            "3",
            "--poll",
            "0.1",
            "--output",
            "many",
            "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, batchesCreated(), "7 requests at most 3 a batch");
    assertEquals(7, images(dir.resolve("many")).size());
    Object state = Json.parse(Files.readString(dir.resolve("many/.openai-batch.json")));
    assertEquals(3, ((List<?>) Json.at(state, "batches")).size());
  }

  @Test
  void noWaitReturnsAtOnceAndResumePicksTheBatchUp() throws Exception {
    Path file = jobFile();
    Run submitted =
        run("batch", file.toString(), "--via", "openai-batch", "--no-wait", "--output", "b");
    assertEquals(0, submitted.exit(), submitted.err());
    assertEquals(2, ((List<?>) Json.at(submitted.json(), "batches")).size());
    assertEquals(Map.of(), images(dir.resolve("b")));

    Run resumed = run("batch", "--resume", "b", "--poll", "0.1", "--quiet");
    assertEquals(3, resumed.exit(), resumed.err());
    assertEquals(5, images(dir.resolve("b")).size());
    assertFalse(
        Files.readString(dir.resolve("b/.openai-batch.json")).contains("\"collected\": false"));
    Run nothingLeft = run("batch", "--cancel", "b");
    assertEquals(2, nothingLeft.exit());
    assertTrue(nothingLeft.err().contains("no open Batch API run"), nothingLeft.err());
  }

  @Test
  void pollingWaitsThroughTheInjectedSleeperAndTimesTheRunByTheInjectedClock() throws Exception {
    Path file = Files.write(dir.resolve("jobs.txt"), List.of("tiny one", "tiny two"));
    Run submitted =
        run("batch", file.toString(), "--via", "openai-batch", "--no-wait", "--output", "s");
    assertEquals(0, submitted.exit(), submitted.err());
    Path folder = dir.resolve("s");
    Instant at =
        Instant.parse(
            (String)
                Json.at(
                    Json.parse(Files.readString(folder.resolve(".openai-batch.json"))),
                    "submitted_at"));
    List<Duration> waits = new ArrayList<>();
    ProviderBatch provider =
        new ProviderBatch(
            ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("sk-test").build(),
            folder,
            ProviderBatch.Limits.openAi(Duration.ofMinutes(5)),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            true,
            s -> s,
            d -> {
              waits.add(d);
              Thread.sleep(5); // the emulator's batch runs on real time; five minutes do not pass
            },
            Clock.fixed(at.plus(Duration.ofMinutes(90)), ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(gptimage.batch.Outcome.ALL_DONE, provider.follow(out));
    assertFalse(waits.isEmpty(), "it waited between status checks");
    assertTrue(waits.stream().allMatch(Duration.ofMinutes(5)::equals), waits.toString());
    Object summary = Json.parse(out.toString(StandardCharsets.UTF_8));
    assertEquals(2, ((Number) Json.at(summary, "succeeded")).intValue());
    long elapsed = ((Number) Json.at(summary, "elapsed_ms")).longValue();
    assertTrue(elapsed >= 90 * 60_000L && elapsed < 91 * 60_000L, elapsed + " ms by the clock");
    assertEquals(2, images(folder).size());
  }

  @Test
  void aCancelledBatchSavesWhatCompletedAndListsTheRest() throws Exception {
    serve(EmulatorOptions.defaults().batchDuration(Duration.ofSeconds(4)));
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      lines.add("{\"prompt\": \"tiny " + i + "\", \"model\": \"dall-e-2\", \"size\": \"256x256\"}");
    }
    Path file = Files.write(dir.resolve("jobs.jsonl"), lines);
    Run submitted =
        run("batch", file.toString(), "--via", "openai-batch", "--no-wait", "--output", "c");
    assertEquals(0, submitted.exit(), submitted.err());
    long end = System.nanoTime() + 10_000_000_000L;
    while (linesRun().size() < 3) {
      assertTrue(System.nanoTime() < end, "the batch got going");
      Thread.sleep(20);
    }
    Run cancelled = run("batch", "--cancel", "c", "--poll", "0.1");
    assertEquals(3, cancelled.exit(), cancelled.err());
    assertTrue(cancelled.err().contains("cancelling"), cancelled.err());
    int saved = images(dir.resolve("c")).size();
    assertTrue(saved >= 3 && saved < 20, saved + " saved");
    List<String> results = Files.readAllLines(dir.resolve("c/results.jsonl"));
    assertEquals(20, results.size());
    assertEquals(20 - saved, results.stream().filter(l -> l.contains("ended cancelled")).count());
  }

  @Test
  void anExpiredBatchKeepsWhatItDid() throws Exception {
    serve(EmulatorOptions.defaults().batchDuration(Duration.ofMillis(400)).batchExpireAfter(2));
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      lines.add("tiny picture " + i);
    }
    Path file = Files.write(dir.resolve("jobs.txt"), lines);
    Run r =
        run(
            "batch",
            file.toString(),
            "--via",
            "openai-batch",
            "--poll",
            "0.1",
            "--output",
            "e",
            "--model",
            "dall-e-2",
            "--size",
            "256x256",
            "--quiet");
    assertEquals(3, r.exit(), r.err());
    assertEquals(2, images(dir.resolve("e")).size());
    long expired =
        Files.readAllLines(dir.resolve("e/results.jsonl")).stream()
            .filter(l -> l.contains("batch_expired"))
            .count();
    assertEquals(3, expired);
  }

  @Test
  void theEmulatorsFilesAndBatchesAnswerWithTheRealShapes() throws Exception {
    Path input =
        Files.writeString(
            dir.resolve("in.jsonl"),
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/images/generations\","
                + "\"body\":{\"prompt\":\"x\",\"model\":\"dall-e-2\",\"size\":\"256x256\"}}\n"
                + "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/images/generations\","
                + "\"body\":{\"prompt\":\"y\"}}\n");
    try (gptimage.client.ImageClient client =
        gptimage.client.ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("k").build()) {
      Map<String, Object> file = client.batches().uploadFile(input, "batch", "application/jsonl");
      assertEquals("file", file.get("object"));
      assertEquals("batch", file.get("purpose"));
      Map<String, Object> batch =
          client
              .batches()
              .postJson(
                  "/batches",
                  Map.of(
                      "input_file_id", file.get("id"),
                      "endpoint", "/v1/images/generations",
                      "completion_window", "24h"));
      assertEquals("batch", batch.get("object"));
      assertEquals("validating", batch.get("status"));
      assertNotNull(batch.get("expires_at"));
      Map<String, Object> now;
      long end = System.nanoTime() + 10_000_000_000L;
      do {
        Thread.sleep(50);
        now = client.batches().getJson("/batches/" + batch.get("id"));
        assertTrue(System.nanoTime() < end);
      } while (!now.get("status").equals("failed"));
      assertEquals("duplicate_custom_id", Json.at(now, "errors", "data", 0, "code"));
      assertEquals(2, ((Number) Json.at(now, "errors", "data", 0, "line")).intValue());
      gptimage.ImageToolException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              gptimage.ImageToolException.class,
              () -> client.batches().postJson("/batches/" + batch.get("id") + "/cancel", Map.of()));
      assertTrue(e.getMessage().contains("Cannot cancel a batch with status 'failed'"));
      org.junit.jupiter.api.Assertions.assertThrows(
          gptimage.ImageToolException.class,
          () ->
              client
                  .batches()
                  .postJson(
                      "/batches",
                      Map.of(
                          "input_file_id", file.get("id"),
                          "endpoint", "/v1/images/generations",
                          "completion_window", "1h")));
    }
  }
}
