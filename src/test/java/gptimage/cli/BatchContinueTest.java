package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Job lines with {@code continue}: Responses turns chained by {@code previous_response_id}. */
class BatchContinueTest extends EmulatorHarness {
  private static String line(String id, String prompt, String continues) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("prompt", prompt);
    m.put("protocol", "openai_responses");
    m.put("quality", "low");
    if (continues != null) {
      m.put("continue", continues);
    }
    return Json.toJson(m);
  }

  private List<RecordedRequest> responses() {
    return emulator.requests().stream().filter(r -> r.path().equals("/v1/responses")).toList();
  }

  /** The response id of each job, from results.jsonl. */
  private Map<String, String> responseIds() throws Exception {
    Map<String, String> ids = new HashMap<>();
    for (String l : Files.readAllLines(dir.resolve("out/results.jsonl"))) {
      Object r = Json.parse(l);
      ids.put((String) Json.at(r, "id"), (String) Json.at(r, "response_id"));
    }
    return ids;
  }

  private Object sentFor(String prompt) {
    return responses().stream()
        .map(RecordedRequest::json)
        .filter(b -> Json.toJson(b).contains(prompt))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aContinuingJobRunsAfterItsJobAndSendsItsResponseIdAlsoFromAnEarlierRun() throws Exception {
    Path file =
        Files.write(
            dir.resolve("jobs.jsonl"),
            List.of(
                line("fox", "a red fox", null),
                line("night", "make it night", "fox"),
                line("owl", "an owl", null),
                line("snow", "add snow", "night")));
    Run r = run("batch", file.toString(), "--concurrency", "4", "--output", "out", "--quiet");
    assertEquals(0, r.exit(), r.err());
    Map<String, String> ids = responseIds();
    assertNotNull(ids.get("fox"));
    assertEquals(ids.get("fox"), Json.at(sentFor("make it night"), "previous_response_id"));
    assertEquals(ids.get("night"), Json.at(sentFor("add snow"), "previous_response_id"));
    assertEquals(null, Json.at(sentFor("an owl"), "previous_response_id"));

    Path more =
        Files.write(dir.resolve("more.jsonl"), List.of(line("dusk", "now at dusk", "snow")));
    Run again = run("batch", more.toString(), "--output", "out", "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(ids.get("snow"), Json.at(sentFor("now at dusk"), "previous_response_id"));
    assertNotNull(responseIds().get("dusk"));
  }

  @Test
  void aContinueOfAnUnknownOrALaterJobIsABadLineAndNothingIsSent() throws Exception {
    Path unknown =
        Files.write(
            dir.resolve("unknown.jsonl"),
            List.of(line("fox", "a red fox", null), line("night", "make it night", "wolf")));
    Run r = run("batch", unknown.toString(), "--output", "out", "--quiet");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("line 2"), r.err());
    assertTrue(r.err().contains("\"continue\": \"wolf\""), r.err());

    Path later =
        Files.write(
            dir.resolve("later.jsonl"),
            List.of(line("night", "make it night", "fox"), line("fox", "a red fox", null)));
    Run l = run("batch", later.toString(), "--output", "out", "--quiet");
    assertEquals(2, l.exit(), l.err());
    assertTrue(l.err().contains("line 1"), l.err());

    Path images =
        Files.write(
            dir.resolve("images.jsonl"),
            List.of(
                line("fox", "a red fox", null),
                "{\"id\":\"n\",\"prompt\":\"make it night\",\"continue\":\"fox\"}"));
    Run i = run("batch", images.toString(), "--output", "out", "--quiet");
    assertEquals(2, i.exit(), i.err());
    assertTrue(i.err().contains("needs the Responses protocol"), i.err());
    assertEquals(0, emulator.requests().size());
  }
}
