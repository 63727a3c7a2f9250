package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command in Azure mode against the emulator's Azure routes, asserting on the exact request the
 * emulator received: path, query, credential header.
 */
class AzureCommandTest extends EmulatorHarness {
  private static final String KEY = "azure-test-key-0123456789wxyz";

  @BeforeEach
  void azure() throws Exception {
    serveAzure(EmulatorOptions.defaults().apiKey(KEY).azureDeployment("pics", "gpt-image-2"));
    env.put("AZURE_OPENAI_API_KEY", KEY);
    env.put("OPENAI_IMAGE_PROVIDER", "azure");
  }

  /** Serves with these options, the Azure endpoint set and the OpenAI variables not. */
  private void serveAzure(EmulatorOptions options) throws Exception {
    serve(options);
    env.remove("OPENAI_BASE_URL");
    env.remove("OPENAI_API_KEY");
    env.put("AZURE_OPENAI_ENDPOINT", emulator.azureEndpoint());
  }

  @Test
  void deploymentStyleSendsApiKeyHeaderToTheDeploymentRoute() throws Exception {
    Run r = run("--deployment", "pics", "--prompt", "a lighthouse", "--output", "out");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("POST", req.method());
    assertEquals("/openai/deployments/pics/images/generations", req.path());
    assertEquals("api-version=2025-04-01-preview", req.query());
    assertEquals("****wxyz", req.header("api-key"));
    assertNull(req.header("authorization"), "a key never goes as Authorization");
    assertEquals(200, req.status());
    assertEquals(1, r.files().size());
    assertTrue(Path.of(r.files().get(0)).toFile().length() > 0);
    assertFalse(r.out().contains(KEY) || r.err().contains(KEY));
  }

  @Test
  void deploymentDefaultsToTheModelAndVersionToTheFlag() throws Exception {
    serveAzure(EmulatorOptions.defaults().apiKey(KEY));
    env.put("AZURE_OPENAI_DEPLOYMENT", "");
    Run r = run("--model", "gpt-image-2", "--api-version", "2025-04-01-preview", "--prompt", "x");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "/openai/deployments/gpt-image-2/images/generations", emulator.lastRequest().path());
  }

  @Test
  void editsGoToTheDeploymentsEditsRoute() throws Exception {
    Path in = png(dir.resolve("in.png"), 8, 8, 0xff336699);
    Run r = run("--deployment", "pics", "--prompt", "add a hat", "--image", in.toString());
    assertEquals(0, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/openai/deployments/pics/images/edits", req.path());
    assertEquals("api-version=2025-04-01-preview", req.query());
    assertEquals("****wxyz", req.header("api-key"));
    assertNull(req.header("authorization"));
  }

  @Test
  void v1StyleTakesOpenAisPathsWithTheDeploymentAsModel() {
    env.put("AZURE_OPENAI_ENDPOINT", emulator.azureEndpoint() + "/openai/v1");
    Run r = run("--deployment", "pics", "--prompt", "a lighthouse", "--api-version", "preview");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/openai/v1/images/generations", req.path());
    assertEquals("api-version=preview", req.query());
    assertEquals("pics", Json.at(req.json(), "model"));
    assertEquals("****wxyz", req.header("api-key"));
    assertNull(req.header("authorization"));
  }

  @Test
  void v1StyleSendsNoDatedVersion() {
    env.put("OPENAI_BASE_URL", emulator.azureEndpoint() + "/openai/v1");
    env.put("OPENAI_API_VERSION", "2025-04-01-preview");
    Run r = run("--deployment", "pics", "--prompt", "a lighthouse");
    assertEquals(0, r.exit(), r.err());
    assertNull(emulator.lastRequest().query());
  }

  @Test
  void entraTokenGoesAsBearerAndNoApiKey() throws Exception {
    serveAzure(EmulatorOptions.defaults());
    env.remove("AZURE_OPENAI_API_KEY");
    env.put("AZURE_OPENAI_AD_TOKEN", "eyJ0eXAiOiJKV1QiLCJhbGciOi.token.abcd");
    Run r = run("--deployment", "gpt-image-2", "--prompt", "a lighthouse");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("Bearer ****abcd", req.header("authorization"));
    assertNull(req.header("api-key"));
  }

  @Test
  void contentFilterIsARefusalSentOnce() throws Exception {
    serveAzure(
        EmulatorOptions.defaults()
            .apiKey(KEY)
            .azureDeployment("pics", "gpt-image-2")
            .fault(Fault.CONTENT_FILTER, true));
    Run r = run("--deployment", "pics", "--prompt", "something violent");
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, emulator.requests().size(), "never retried");
    assertTrue(r.err().contains("rejected as a result of our safety system"), r.err());
    assertTrue(r.err().contains("violence"), r.err());
  }

  @Test
  void unknownDeploymentIsAzures404NamingTheOnesThatExist() {
    Run r = run("--deployment", "nope", "--prompt", "a lighthouse");
    assertEquals(1, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/openai/deployments/nope/images/generations", req.path());
    assertEquals(404, req.status());
    assertEquals(1, emulator.requests().size(), "a 404 is not retried");
    assertTrue(r.err().contains("DeploymentNotFound"), r.err());
    assertTrue(r.err().contains("pics"), r.err());
  }

  @Test
  void missingApiVersionIsAzures400() throws Exception {
    java.net.http.HttpResponse<String> a =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            emulator.azureEndpoint()
                                + "/openai/deployments/pics/images/generations"))
                    .header("api-key", KEY)
                    .header("content-type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"prompt\":\"x\",\"model\":\"gpt-image-2\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(400, a.statusCode());
    assertEquals("MissingApiVersionParameter", Json.at(Json.parse(a.body()), "error", "code"));
    assertNull(emulator.lastRequest().query());
    Run r = run("--deployment", "pics", "--api-version", " ", "--prompt", "x");
    assertEquals(0, r.exit(), "a blank version falls back to the default: " + r.err());
    assertEquals("api-version=2025-04-01-preview", emulator.lastRequest().query());
  }

  @Test
  void wrongKeyIs401WithTheKeyMasked() {
    env.put("AZURE_OPENAI_API_KEY", "wrong-key-000000000000");
    Run r = run("--deployment", "pics", "--prompt", "x");
    assertEquals(1, r.exit());
    assertEquals(401, emulator.lastRequest().status());
    assertFalse(r.err().contains("wrong-key-000000000000"), r.err());
  }

  @Test
  void hostNameAloneChoosesAzure() {
    env.remove("OPENAI_IMAGE_PROVIDER");
    env.put("AZURE_OPENAI_ENDPOINT", "https://myres.openai.azure.com/");
    Run r = run("--deployment", "pics", "--prompt", "x", "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "https://myres.openai.azure.com/openai/deployments/pics/images/generations"
            + "?api-version=2025-04-01-preview",
        Json.at(r.json(), "url"));
    assertEquals("****wxyz", Json.at(r.json(), "headers", "api-key"));
    assertNull(Json.at(r.json(), "headers", "Authorization"));
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void missingEndpointOrCredentialIsAUsageErrorAndNothingIsSent() {
    env.remove("AZURE_OPENAI_ENDPOINT");
    Run r = run("--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("AZURE_OPENAI_ENDPOINT"), r.err());
    env.put("AZURE_OPENAI_ENDPOINT", emulator.azureEndpoint());
    env.remove("AZURE_OPENAI_API_KEY");
    r = run("--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("AZURE_OPENAI_AD_TOKEN"), r.err());
    r = run("--provider", "gcp", "--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--provider / OPENAI_IMAGE_PROVIDER must be openai or azure"));
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void theLibraryReadsTheSameAzureVariables() throws Exception {
    env.put("AZURE_OPENAI_DEPLOYMENT", "pics");
    try (gptimage.client.ImageClient client = gptimage.client.ImageClient.fromEnv(env, dir)) {
      gptimage.client.ImageResult r =
          client.generate(
              gptimage.client.ImageRequest.builder("a lighthouse").build(),
              gptimage.client.ImageClient.SaveOptions.in(dir.resolve("lib")));
      assertEquals(1, r.images().size());
    }
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/openai/deployments/pics/images/generations", req.path());
    assertEquals("****wxyz", req.header("api-key"));
    assertNull(req.header("authorization"));
  }

  @Test
  void providerBatchSaysAzureHasNoImageBatchApi() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("jobs.txt"), "a lighthouse\n");
    Run r = run("batch", "jobs.txt", "--via", "openai-batch", "--deployment", "pics");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--via local"), r.err());
    assertEquals(0, emulator.requests().size());
  }
}
