package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch job lines on the Responses protocol: run locally, and through the provider's Batch API. */
class ResponsesBatchTest extends EmulatorHarness {
  private Path jobs() throws Exception {
    png(dir.resolve("photo.png"), 64, 48, 0xFF3366CC);
    return Files.write(
        dir.resolve("jobs.jsonl"),
        List.of(
            "{\"prompt\": \"a red fox\", \"quality\": \"low\"}",
            "{\"prompt\": \"add a hat\", \"image\": \"photo.png\", \"action\": \"edit\"}",
            "{\"prompt\": \"an owl\", \"protocol\": \"images\", \"quality\": \"low\"}"),
        StandardCharsets.UTF_8);
  }

  @Test
  void localJobsUseTheResponsesProtocolWhereAsked() throws Exception {
    Run r =
        run("batch", jobs().toString(), "--protocol", "responses", "--quiet", "--output", "shots");
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, ((Number) Json.at(r.json(), "succeeded")).intValue());
    assertEquals(
        2, emulator.requests().stream().filter(q -> q.path().equals("/v1/responses")).count());
    assertEquals(
        1,
        emulator.requests().stream()
            .filter(q -> q.path().equals("/v1/images/generations"))
            .count());
  }

  @Test
  void theProviderBatchApiTakesResponsesLines() throws Exception {
    serve(EmulatorOptions.defaults().batchDuration(Duration.ofMillis(400)));
    Path file =
        Files.write(
            dir.resolve("r.jsonl"),
            List.of(
                "{\"prompt\": \"a red fox\", \"quality\": \"low\"}",
                "{\"prompt\": \"a blue owl\", \"quality\": \"low\"}"),
            StandardCharsets.UTF_8);
    Run r =
        run(
            "batch",
            file.toString(),
            "--protocol",
            "responses",
            "--via",
            "openai-batch",
            "--quiet",
            "--output",
            "shots");
    assertEquals(0, r.exit(), r.err() + r.out());
    assertEquals(2, ((Number) Json.at(r.json(), "succeeded")).intValue());
    Object batch =
        emulator.requests().stream()
            .filter(q -> q.method().equals("POST") && q.path().equals("/v1/batches"))
            .findFirst()
            .orElseThrow()
            .json();
    assertEquals("/v1/responses", Json.at(batch, "endpoint"));
    for (Object f : (List<?>) Json.at(r.json(), "files")) {
      assertTrue(Files.size(Path.of((String) f)) > 1000);
    }
  }
}
