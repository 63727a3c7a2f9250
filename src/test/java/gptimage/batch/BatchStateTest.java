package gptimage.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import gptimage.output.OutputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Batch API run's state files: typed, and byte for byte the shape 0.1.0 wrote and resumes. */
class BatchStateTest {
  @TempDir Path dir;

  /** The state as 0.1.0 wrote it: a map of these keys, pretty-printed. */
  private static String state010(boolean collected) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", "batch_1");
    b.put("endpoint", "/v1/images/edits");
    b.put("input_file_id", "file-9");
    b.put("chunk", ".batch-input-00-123.jsonl");
    b.put("requests", 2);
    b.put("status", "validating");
    b.put("collected", collected);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("job_file", "/somewhere/jobs.jsonl");
    s.put("jobs", 3);
    s.put("already_done", 1);
    s.put("submitted_at", "2026-11-26T01:00:00Z");
    s.put("results_offset", 1234);
    s.put("batches", List.of(b));
    return Json.toPrettyJson(s);
  }

  @Test
  void aStateWrittenBy010IsReadTypedAndWrittenBackByteForByte() throws Exception {
    String old = state010(false);
    Files.writeString(dir.resolve(BatchState.FILE), old);
    BatchState s = BatchState.read(dir);
    assertEquals(
        new BatchState(
            "/somewhere/jobs.jsonl",
            3,
            1,
            "2026-11-26T01:00:00Z",
            1234,
            List.of(
                new BatchState.Submitted(
                    "batch_1",
                    "/v1/images/edits",
                    "file-9",
                    ".batch-input-00-123.jsonl",
                    2,
                    "validating",
                    false))),
        s);
    assertTrue(s.open());
    s.write(dir);
    assertEquals(old, Files.readString(dir.resolve(BatchState.FILE)));

    BatchState done = s.with(0, s.batches().get(0).withStatus("completed").asCollected());
    assertFalse(done.open());
    done.write(dir);
    assertEquals(
        state010(true).replace("\"validating\"", "\"completed\""),
        Files.readString(dir.resolve(BatchState.FILE)));
    assertFalse(Files.exists(dir.resolve(BatchState.FILE + ".part")));
  }

  @Test
  void noStateIsNullAndABrokenOneIsAnOutputError() throws Exception {
    assertNull(BatchState.read(dir));
    Files.writeString(dir.resolve(BatchState.FILE), "[1, 2]");
    OutputException e = assertThrows(OutputException.class, () -> BatchState.read(dir));
    assertEquals(
        "Cannot read " + dir.resolve(BatchState.FILE) + ": not a JSON object.", e.getMessage());
  }

  @Test
  void submittedJobsRoundTripAndAreFoundByTheirInputFile() throws Exception {
    SubmittedJob a =
        new SubmittedJob(
            "fox",
            2,
            "fox",
            "a fox",
            Map.of("model", "gpt-image-1"),
            "v2:ab",
            "/v1/images/edits",
            "c1",
            "fox");
    SubmittedJob b =
        new SubmittedJob(
            "3",
            3,
            "003-cat",
            "a cat",
            Map.of("n", 1),
            "v2:cd",
            "/v1/images/generations",
            "c2",
            null);
    Files.writeString(
        dir.resolve(SubmittedJob.FILE),
        Json.toJson(a.toJson()) + "\n\n" + Json.toJson(b.toJson()) + "\n");
    assertEquals(
        "{\"custom_id\":\"3\",\"line\":3,\"stem\":\"003-cat\",\"prompt\":\"a cat\","
            + "\"params\":{\"n\":1},\"fingerprint\":\"v2:cd\","
            + "\"endpoint\":\"/v1/images/generations\",\"chunk\":\"c2\"}",
        Json.toJson(b.toJson()));
    assertEquals(Map.of("fox", a), SubmittedJob.inChunk(dir, "c1"));
    Map<String, SubmittedJob> c2 = SubmittedJob.inChunk(dir, "c2");
    assertEquals(List.of("3"), List.copyOf(c2.keySet()));
    // Numbers in params come back as JSON numbers: the same text when written again.
    assertEquals(Json.toJson(b.toJson()), Json.toJson(c2.get("3").toJson()));
    assertEquals(Map.of(), SubmittedJob.inChunk(dir, "c3"));
  }
}
