package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.ImageClient;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --image} and {@code --mask} by data URL and file id, over Images and Responses. */
class ReferencesCommandTest extends EmulatorHarness {
  private String upload(Path file) {
    try (ImageClient c =
        ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("sk-test-upload").build()) {
      return (String) c.batches().uploadFile(file, "vision", "image/png").get("id");
    }
  }

  private List<RecordedRequest> sent(String path) {
    return emulator.requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void imagesSendAJsonEditWithTheReferencesAsGiven() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    String dataUrl =
        "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(photo));
    String id = upload(photo);
    Run r =
        run("--image", dataUrl, "--image", id, "--quality", "low", "--output", "out", "add a hat");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest edit = sent("/v1/images/edits").get(0);
    assertTrue(edit.header("content-type").startsWith("application/json"));
    assertEquals(dataUrl, Json.at(edit.json(), "images", 0, "image_url"));
    assertEquals(id, Json.at(edit.json(), "images", 1, "file_id"));
    assertEquals(1, r.files().size());
  }

  @Test
  void responsesSendInputImagePartsByFileId() throws Exception {
    String id = upload(png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA));
    Run r =
        run(
            "--protocol",
            "responses",
            "--image",
            id,
            "--quality",
            "low",
            "--output",
            "out",
            "add a hat");
    assertEquals(0, r.exit(), r.err());
    Object body = sent("/v1/responses").get(0).json();
    assertEquals("input_image", Json.at(body, "input", 0, "content", 1, "type"));
    assertEquals(id, Json.at(body, "input", 0, "content", 1, "file_id"));
  }

  @Test
  void aUrlOfAnotherSchemeOrAnUnknownFileIdIsAUsageErrorAndNoImageRequestIsSent() throws Exception {
    Run ftp = run("--image", "ftp://example.com/a.png", "add a hat");
    assertEquals(2, ftp.exit());
    assertTrue(ftp.err().contains("--image"), ftp.err());
    assertTrue(ftp.err().contains("not an https:// or http:// URL"), ftp.err());
    assertEquals(0, emulator.requests().size());

    Run unknown = run("--image", "file-doesnotexist", "add a hat");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("file-doesnotexist"), unknown.err());
    assertTrue(unknown.err().contains("no file with this id"), unknown.err());
    assertEquals(0, sent("/v1/images/edits").size());
  }
}
