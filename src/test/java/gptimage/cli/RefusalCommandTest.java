package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each refusal through the real command: exit 1, one request whatever the retries, the provider's
 * words on stderr once, {@code refused} in the JSON on stdout, and no file left.
 */
class RefusalCommandTest extends EmulatorHarness {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "moderation-blocked | openai_images | moderation_blocked | rejected by the safety system",
        "content-filter | openai_images | content_policy_violation | Filtered: violence (medium)",
        "no-image | openai_images | no_image | returned no image (data: [])",
        "no-image | openai_chat | no_image | The assistant said: I can't draw that",
        "moderation-blocked | openai_chat | moderation_blocked | rejected by the safety system",
      })
  void aRefusalIsReportedOnceAndNeverRetried(
      String fault, String protocol, String code, String words) throws Exception {
    serve(EmulatorOptions.defaults().fault(Fault.Rule.parse(fault).fault(), true));
    Run r = run("--prompt", "x", "--protocol", protocol, "--max-retries", "3", "--output", "out");
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, emulator.requests().size(), "never retried");
    assertTrue(r.err().contains(words), r.err());
    assertEquals(1, r.err().lines().count(), "one message: " + r.err());
    assertTrue(r.err().contains("Rephrase the prompt"), r.err());
    Object json = r.json();
    assertEquals(code, Json.at(json, "refused", "code"));
    assertTrue(String.valueOf(Json.at(json, "refused", "reason")).length() > 5);
    assertEquals(0, r.files().size());
    assertEquals(0, filesIn(dir.resolve("out")).size());
  }
}
