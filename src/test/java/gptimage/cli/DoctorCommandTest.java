package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code doctor} as a new user runs it: its first line says what is wrong, or that all is well. */
class DoctorCommandTest extends EmulatorHarness {
  private static final String KEY = "sk-doctor-right-key-5678";

  private String firstLine(Run r) {
    return r.out().lines().findFirst().orElse("");
  }

  @Test
  void aWorkingEmulatorIsOkAndNothingIsPaidFor() throws Exception {
    serve(EmulatorOptions.defaults().apiKey(KEY));
    env.put("OPENAI_API_KEY", KEY);
    Run r = run("doctor");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("OK: a generation can work.", firstLine(r));
    assertTrue(r.out().contains("****5678 (OPENAI_API_KEY, environment)"), r.out());
    assertFalse(r.out().contains(KEY), "the key is masked");
    assertTrue(r.out().contains("7 listed"), r.out());
    for (var req : emulator.requests()) {
      assertTrue(req.status() == 200 || req.status() >= 400, "no image made: " + req);
      assertFalse(req.path().contains("images") && req.status() == 200, req.toString());
    }
  }

  @Test
  void probeAsksFirstAndMakesOneImageOnlyWhenTold() throws Exception {
    serve(EmulatorOptions.defaults().apiKey(KEY));
    env.put("OPENAI_API_KEY", KEY);
    stdin = "n\n";
    Run no = run("doctor", "--probe");
    assertEquals(0, no.exit(), no.out());
    assertTrue(
        no.err().contains("Make one low-quality 1024x1024 image with gpt-image-2"), no.err());
    assertTrue(no.err().contains("about $"), no.err());
    assertTrue(no.out().contains("skipped: not confirmed"), no.out());
    assertTrue(
        emulator.requests().stream()
            .noneMatch(q -> q.status() == 200 && q.path().contains("images")));
    emulator.clearRequests();
    stdin = "y\n";
    Run yes = run("doctor", "--probe", "--json");
    assertEquals(0, yes.exit(), yes.out());
    var made =
        emulator.requests().stream()
            .filter(q -> q.status() == 200 && q.path().equals("/v1/images/generations"))
            .toList();
    assertEquals(1, made.size());
    assertEquals("low", Json.at(made.get(0).json(), "quality"));
    assertTrue(yes.out().contains("1 image made in"), yes.out());
    assertEquals(0, filesIn(dir).size(), "the probe image is not left in the working folder");
  }

  @Test
  void theBuiltInEmulatorNeedsNoKeyAndNoServer() {
    String elsewhere = emulator.baseUrl();
    emulator.close();
    env.remove("OPENAI_API_KEY");
    Run r = run("doctor", "--emulator");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("OK: a generation can work.", firstLine(r));
    assertTrue(r.out().contains("(--emulator)"), r.out());
    assertFalse(r.out().contains(elsewhere), "the configured server is not the one checked");
  }

  @Test
  void aStoppedServerIsNamedFirst() {
    String base = emulator.baseUrl();
    emulator.close();
    Run r = run("doctor");
    assertEquals(1, r.exit());
    assertTrue(firstLine(r).startsWith("Cannot connect to 127.0.0.1:"), r.out());
    assertTrue(firstLine(r).contains("is the server running"), r.out());
    assertTrue(r.out().contains(base), r.out());
  }

  @Test
  void aWrongKeyIsNamedFirst() throws Exception {
    serve(EmulatorOptions.defaults().apiKey(KEY));
    env.put("OPENAI_API_KEY", "sk-wrong-key-000000009999");
    Run r = run("doctor");
    assertEquals(1, r.exit());
    assertTrue(firstLine(r).startsWith("The key was refused (HTTP 401)"), r.out());
    assertFalse(r.out().contains("sk-wrong-key-000000009999"), r.out());
  }

  @Test
  void noKeyIsNamedFirst() {
    env.remove("OPENAI_API_KEY");
    Run r = run("doctor");
    assertEquals(1, r.exit());
    assertTrue(firstLine(r).startsWith("No API key"), r.out());
    assertEquals(0, emulator.requests().size(), "nothing sent without a key");
  }

  @Test
  void anAzureEndpointWithoutTheDeploymentIsNamedFirst() throws Exception {
    serve(EmulatorOptions.defaults().apiKey(KEY).azureDeployment("pics", "gpt-image-2"));
    env.remove("OPENAI_BASE_URL");
    env.put("AZURE_OPENAI_ENDPOINT", emulator.azureEndpoint());
    env.put("AZURE_OPENAI_API_KEY", KEY);
    env.put("OPENAI_IMAGE_PROVIDER", "azure");
    Run r = run("doctor");
    assertEquals(1, r.exit());
    assertTrue(
        firstLine(r).startsWith("The Azure deployment 'gpt-image-2' does not exist at "), r.out());
    assertTrue(firstLine(r).contains("Deployments here: pics"), r.out());
    assertTrue(r.out().contains("none for images here"), r.out());
    Run ok = run("doctor", "--deployment", "pics", "--json");
    assertEquals(0, ok.exit(), ok.out());
    assertEquals(true, Json.at(ok.json(), "ok"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) Json.at(ok.json(), "checks");
    assertTrue(
        checks.stream()
            .anyMatch(
                c ->
                    c.get("name").equals("deployment")
                        && c.get("detail").equals("pics (flag --deployment)")),
        checks.toString());
    assertTrue(
        checks.stream()
            .anyMatch(c -> c.get("name").equals("generations") && c.get("state").equals("ok")));
    assertEquals("/openai/deployments/pics/chat/completions", emulator.lastRequest().path());
  }

  @Test
  void aMissingAzureEndpointIsNamedFirst() {
    env.remove("OPENAI_BASE_URL");
    Run r = run("doctor", "--provider", "azure");
    assertEquals(1, r.exit());
    assertTrue(firstLine(r).startsWith("Azure OpenAI needs its endpoint"), r.out());
  }
}
