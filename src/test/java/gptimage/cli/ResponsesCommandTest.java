package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The command with {@code --protocol openai_responses} against the emulator. */
class ResponsesCommandTest extends EmulatorHarness {
  private List<RecordedRequest> responsesRequests() {
    return emulator.requests().stream().filter(r -> r.path().equals("/v1/responses")).toList();
  }

  @Test
  void generatesThroughTheImageToolAndReportsTheResponseAndCallIds() throws Exception {
    Run r =
        run(
            "--protocol",
            "responses",
            "--quality",
            "low",
            "--output-format",
            "webp",
            "--output-compression",
            "80",
            "--moderation",
            "low",
            "--output",
            "out",
            "a red fox in snow");
    assertEquals(0, r.exit(), r.err());
    Object json = r.json();
    assertEquals("openai_responses", Json.at(json, "protocol"));
    assertTrue(((String) Json.at(json, "response_id")).startsWith("resp_"));
    assertTrue(((String) Json.at(json, "image_generation_call_ids", 0)).startsWith("ig_"));
    assertEquals("a red fox in snow", Json.at(json, "images", 0, "revised_prompt"));
    assertNotNull(Json.at(json, "usage", "tool_usage", "image_gen", "output_tokens"));
    assertNotNull(Json.at(json, "cost_usd"));
    Path file = Path.of(r.files().get(0));
    assertTrue(file.getFileName().toString().endsWith("-1.webp"), file.toString());
    RecordedRequest sent = responsesRequests().get(0);
    Object body = sent.json();
    assertEquals("gpt-5.4", Json.at(body, "model"));
    assertEquals("image_generation", Json.at(body, "tools", 0, "type"));
    assertEquals("gpt-image-2", Json.at(body, "tools", 0, "model"));
    assertEquals("1024x1024", Json.at(body, "tools", 0, "size"));
    assertEquals("low", Json.at(body, "tools", 0, "quality"));
    assertEquals("webp", Json.at(body, "tools", 0, "output_format"));
    assertEquals(80, ((Number) Json.at(body, "tools", 0, "output_compression")).intValue());
    assertEquals("low", Json.at(body, "tools", 0, "moderation"));
    assertEquals("image_generation", Json.at(body, "tool_choice", "type"));
    assertEquals("input_text", Json.at(body, "input", 0, "content", 0, "type"));
  }

  @Test
  void streamsPartialImagesAndSavesTheCompletedOne() throws Exception {
    env.put("OPENAI_IMAGE_RESPONSES_MODEL", "gpt-5.5");
    Run r =
        run(
            "--protocol",
            "openai_responses",
            "--stream",
            "--partial-images",
            "2",
            "--save-partials",
            "--quality",
            "low",
            "--output",
            "out",
            "--name",
            "owl",
            "an owl");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.files().size());
    assertEquals(2, ((List<?>) Json.at(r.json(), "partials")).size());
    assertNotNull(ImageIO.read(Path.of(r.files().get(0)).toFile()));
    assertEquals("gpt-5.5", Json.at(responsesRequests().get(0).json(), "model"));
    assertEquals(true, Json.at(responsesRequests().get(0).json(), "stream"));
    assertEquals(
        List.of("owl-1.png", "owl-partial-1.png", "owl-partial-2.png"),
        filesIn(dir.resolve("out")).stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.startsWith("."))
            .toList());
  }

  @Test
  void nAboveOneMakesThatManyCallsAtOnce() throws Exception {
    Run r =
        run(
            "--protocol",
            "responses",
            "--n",
            "3",
            "--quality",
            "low",
            "--output",
            "out",
            "--name",
            "trio",
            "three cats");
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, r.files().size());
    assertEquals(3, responsesRequests().size());
    assertEquals(3, ((List<?>) Json.at(r.json(), "response_ids")).size());
    assertEquals(
        List.of("trio-1.png", "trio-2.png", "trio-3.png"),
        filesIn(dir.resolve("out")).stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.startsWith("."))
            .toList());
  }

  @Test
  void anInputImageGoesAsAnInputImagePartAndIsEdited() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 64, 48, 0xFF3366AA);
    Path mask = png(dir.resolve("mask.png"), 64, 48, 0x00000000);
    Run r =
        run(
            "--protocol",
            "responses",
            "--image",
            photo.toString(),
            "--mask",
            mask.toString(),
            "--action",
            "edit",
            "--quality",
            "low",
            "--output",
            "out",
            "add a hat");
    assertEquals(0, r.exit(), r.err());
    Object body = responsesRequests().get(0).json();
    String url = (String) Json.at(body, "input", 0, "content", 1, "image_url");
    assertTrue(url.startsWith("data:image/png;base64,"));
    assertEquals(
        Files.size(photo), Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)).length);
    assertTrue(
        ((String) Json.at(body, "tools", 0, "input_image_mask", "image_url"))
            .startsWith("data:image/png;base64,"));
    assertEquals("edit", Json.at(body, "tools", 0, "action"));
    assertTrue(((String) Json.at(r.json(), "images", 0, "revised_prompt")).contains("editing"));
  }

  @Test
  void optionsTheToolDoesNotTakeAreRefusedBeforeSending() throws Exception {
    Run r = run("--protocol", "responses", "--response-format", "url", "a fox");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--response-format"), r.err());
    assertTrue(r.err().contains("openai_responses"), r.err());
    Run gif = run("--protocol", "responses", "--output-format", "gif", "a fox");
    assertEquals(2, gif.exit());
    assertTrue(gif.err().contains("png, jpeg or webp"), gif.err());
    Run action = run("--action", "edit", "a fox");
    assertEquals(2, action.exit());
    assertTrue(action.err().contains("openai_responses"), action.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void dryRunDescribesTheResponsesBody() throws Exception {
    Path photo = png(dir.resolve("photo.png"), 32, 32, 0xFF00FF00);
    Run r = run("--protocol", "responses", "--dry-run", "--image", photo.toString(), "a fox");
    assertEquals(0, r.exit(), r.err());
    assertTrue(((String) Json.at(r.json(), "url")).endsWith("/responses"));
    assertTrue(
        ((String) Json.at(r.json(), "body", "input", 0, "content", 1, "image_url"))
            .contains("bytes of"));
    assertEquals(0, emulator.requests().size());
  }
}
