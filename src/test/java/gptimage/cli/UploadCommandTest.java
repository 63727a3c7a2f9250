package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import gptimage.output.FolderState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --upload}: local references go once to the Files API and then by id. */
class UploadCommandTest extends EmulatorHarness {
  private List<RecordedRequest> sent(String method, String path) {
    return emulator.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  private Run edit(Path photo, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--upload", "--image", photo.toString(), "--quality", "low"));
    args.addAll(List.of(more));
    args.addAll(List.of("--output", "out", "add a hat"));
    return run(args.toArray(String[]::new));
  }

  @Test
  void aLocalReferenceIsUploadedOnceAndThenSentByItsRememberedId() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    Run first = edit(photo);
    assertEquals(0, first.exit(), first.err());
    assertEquals(1, sent("POST", "/v1/files").size());
    String id =
        (String) Json.at(sent("POST", "/v1/images/edits").get(0).json(), "images", 0, "file_id");
    assertTrue(id.startsWith("file-"), id);
    Map<String, Object> state = new FolderState(dir.resolve("out")).read();
    assertEquals(id, Json.at(state, "uploads", Uploads.sha256(photo)));
    assertFalse(Files.readString(new FolderState(dir.resolve("out")).file()).contains("sk-test"));

    Run second = edit(photo, "--protocol", "responses");
    assertEquals(0, second.exit(), second.err());
    assertEquals(1, sent("POST", "/v1/files").size(), "a rerun uploads nothing");
    Object body = sent("POST", "/v1/responses").get(0).json();
    assertEquals("input_image", Json.at(body, "input", 0, "content", 1, "type"));
    assertEquals(id, Json.at(body, "input", 0, "content", 1, "file_id"));
  }

  @Test
  void anIdTheProviderForgotIsUploadedAgainOnce() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    FolderState state = new FolderState(dir.resolve("out"));
    state.write(
        new java.util.LinkedHashMap<>(
            Map.of("uploads", Map.of(Uploads.sha256(photo), "file-forgotten"))));
    Run r = edit(photo);
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, sent("GET", "/v1/files/file-forgotten").size());
    assertEquals(1, sent("POST", "/v1/files").size());
    String id =
        (String) Json.at(sent("POST", "/v1/images/edits").get(0).json(), "images", 0, "file_id");
    assertEquals(id, Json.at(state.read(), "uploads", Uploads.sha256(photo)));
    assertFalse(id.equals("file-forgotten"));
  }

  @Test
  void aBadUploadValueIsAUsageErrorAndNothingIsSent() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    env.put("OPENAI_IMAGE_UPLOAD", "maybe");
    Run r = run("--image", photo.toString(), "add a hat");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("OPENAI_IMAGE_UPLOAD"), r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void aBatchOfFiftyEditsOfOneReferenceUploadsItOnceAndARerunUploadsNothing() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(
          Json.toJson(
              Map.of(
                  "id",
                  "j" + i,
                  "prompt",
                  "hat number " + i,
                  "image",
                  photo.toString(),
                  "quality",
                  "low")));
    }
    Path file = Files.write(dir.resolve("jobs.jsonl"), lines);
    Run r =
        run("batch", file.toString(), "--upload", "--concurrency", "8", "--output", "b", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, sent("POST", "/v1/files").size());
    List<RecordedRequest> edits = sent("POST", "/v1/images/edits");
    assertEquals(50, edits.size());
    String id = (String) Json.at(edits.get(0).json(), "images", 0, "file_id");
    for (RecordedRequest e : edits) {
      assertEquals(id, Json.at(e.json(), "images", 0, "file_id"));
    }

    Run again = run("batch", file.toString(), "--upload", "--force", "--output", "b", "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(100, sent("POST", "/v1/images/edits").size());
    assertEquals(1, sent("POST", "/v1/files").size(), "a rerun uploads nothing");
  }
}
