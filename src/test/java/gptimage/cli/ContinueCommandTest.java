package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import gptimage.output.FolderState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --continue} over each protocol and across them, against the emulator. */
class ContinueCommandTest extends EmulatorHarness {
  private RecordedRequest lastImageRequest() {
    List<RecordedRequest> all = emulator.requests();
    return all.get(all.size() - 1);
  }

  @Test
  void imagesEditTheLastSavedImageThreeTimesOver() throws Exception {
    Run first = run("--quality", "low", "--output", "out", "a lighthouse at dusk");
    assertEquals(0, first.exit(), first.err());
    String previous = first.files().get(0);
    for (int turn = 0; turn < 3; turn++) {
      Run r = run("--continue", "--quality", "low", "--output", "out", "make it night");
      assertEquals(0, r.exit(), r.err());
      assertEquals("last", Json.at(r.json(), "continued", "from"));
      assertEquals(List.of(previous), Json.at(r.json(), "continued", "images"));
      RecordedRequest sent = lastImageRequest();
      assertEquals("/v1/images/edits", sent.path());
      assertEquals(sha256(Path.of(previous)), sent.files().get(0).sha256());
      assertFalse(r.files().get(0).equals(previous));
      previous = r.files().get(0);
    }
    assertEquals(
        4, filesIn(dir.resolve("out")).stream().filter(p -> p.toString().endsWith(".png")).count());
    String state = Files.readString(dir.resolve("out").resolve(FolderState.FILE));
    assertFalse(state.contains("sk-test"), "no key in the state");
  }

  @Test
  void responsesChainPreviousResponseIdsThreeTimesOver() throws Exception {
    Run first = run("--protocol", "responses", "--quality", "low", "--output", "out", "a fox");
    assertEquals(0, first.exit(), first.err());
    String previous = (String) Json.at(first.json(), "response_id");
    for (int turn = 0; turn < 3; turn++) {
      Run r =
          run(
              "--protocol",
              "responses",
              "--continue",
              "--quality",
              "low",
              "--output",
              "out",
              "make it night");
      assertEquals(0, r.exit(), r.err());
      assertEquals(previous, Json.at(r.json(), "previous_response_id"));
      assertEquals(previous, Json.at(r.json(), "continued", "previous_response_id"));
      Object body = lastImageRequest().json();
      assertEquals(previous, Json.at(body, "previous_response_id"));
      assertEquals(1, ((List<?>) Json.at(body, "input", 0, "content")).size(), "no image re-sent");
      assertTrue(
          ((String) Json.at(r.json(), "images", 0, "revised_prompt")).contains(previous),
          "the emulator edited the previous response's image");
      previous = (String) Json.at(r.json(), "response_id");
    }
  }

  @Test
  void oneConversationCrossesProtocolsAndAcceptsAnIdOrAFile() throws Exception {
    Run images = run("--quality", "low", "--output", "out", "a castle");
    assertEquals(0, images.exit(), images.err());
    Run responses =
        run("--protocol", "responses", "--continue", "--quality", "low", "--output", "out", "snow");
    assertEquals(0, responses.exit(), responses.err());
    Object body = lastImageRequest().json();
    assertNull(Json.at(body, "previous_response_id"));
    assertEquals("input_image", Json.at(body, "input", 0, "content", 1, "type"));
    Run back = run("--continue", "--quality", "low", "--output", "out", "at dawn");
    assertEquals(0, back.exit(), back.err());
    assertEquals("/v1/images/edits", lastImageRequest().path());
    assertEquals(
        sha256(Path.of(responses.files().get(0))), lastImageRequest().files().get(0).sha256());

    String id = (String) Json.at(responses.json(), "response_id");
    Run byId =
        run("--protocol", "responses", "--continue", id, "--output", "elsewhere", "add birds");
    assertEquals(0, byId.exit(), byId.err());
    assertEquals(id, Json.at(lastImageRequest().json(), "previous_response_id"));
    Run byFile = run("--continue", images.files().get(0), "--output", "elsewhere", "add a moat");
    assertEquals(0, byFile.exit(), byFile.err());
    assertEquals(
        sha256(Path.of(images.files().get(0))), lastImageRequest().files().get(0).sha256());
  }

  @Test
  void nothingToContinueIsAClearUsageErrorAndSendsNothing() throws Exception {
    Run none = run("--continue", "--output", "empty", "make it night");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("no earlier result"), none.err());
    Run missing = run("--continue", "gone.png", "make it night");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("gone.png: no such file"), missing.err());
    Run chat = run("--protocol", "chat", "--continue", "resp_abc123", "make it night");
    assertEquals(2, chat.exit());
    assertTrue(chat.err().contains("chat gateway takes no previous_response_id"), chat.err());
    Run images = run("--continue", "resp_abc123", "make it night");
    assertEquals(2, images.exit());
    assertTrue(images.err().contains("--protocol openai_responses"), images.err());
    assertEquals(0, emulator.requests().size());
  }
}
