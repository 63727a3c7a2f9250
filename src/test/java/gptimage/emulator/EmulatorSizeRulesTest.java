package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.SizeSolver;
import gptimage.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The emulator holds sizes to the same rules as the solver: it refuses none the solver makes. */
class EmulatorSizeRulesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Emulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = Emulator.start(EmulatorOptions.defaults());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> generate(String model, String size) throws Exception {
    String body =
        Json.toJson(
            Map.of("model", model, "prompt", "a dot", "size", size, "output_format", "svg"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/images/generations"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thousandsOfSolvedSizesAreAllAccepted() throws Exception {
    String[] models = {
      "gpt-image-2",
      "gpt-image-2-2026-04-21",
      "gpt-image-2.5-flare",
      "gpt-image-1.5",
      "gpt-image-1-mini",
      "gpt-image-1",
      "dall-e-2",
      "dall-e-3",
      "a-gateway-model"
    };
    String[] presets = {"", "@1K", "@2K", "@4K", "1K", "2K", "4K"};
    Random random = new Random(18);
    List<String> rejected = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < 3000; i++) {
      String model = models[random.nextInt(models.length)];
      String preset = presets[random.nextInt(presets.length)];
      String asked;
      if (!preset.startsWith("@") && !preset.isEmpty()) {
        asked = preset;
      } else {
        double a = 0.1 + random.nextDouble() * 40;
        double b = 0.1 + random.nextDouble() * 40;
        asked = String.format(Locale.ROOT, "%.2f:%.2f", a, b) + preset;
      }
      String size = SizeSolver.resolve(model, asked, "--size");
      HttpResponse<String> r = generate(model, size);
      sent++;
      if (r.statusCode() != 200) {
        rejected.add(model + " " + asked + " -> " + size + ": " + r.body());
      } else {
        Object answer = Json.parse(r.body());
        byte[] image =
            java.util.Base64.getDecoder().decode((String) Json.at(answer, "data", 0, "b64_json"));
        gptimage.output.ImageType made = gptimage.output.ImageType.of(image);
        assertEquals(size, made.width() + "x" + made.height(), model + " " + asked);
      }
    }
    assertEquals(List.of(), rejected);
    assertEquals(3000, sent);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gpt-image-2|1920x1080|Invalid size '1920x1080'. Width and height must both be divisible by"
            + " 16.",
        "gpt-image-2|4096x2304|Invalid size '4096x2304'. The longest edge must be less than or"
            + " equal to 3840.",
        "gpt-image-2|3072x1008|Invalid size '3072x1008'. The aspect ratio (long edge to short edge)"
            + " must be at most 3:1.",
        "gpt-image-2|768x768|Invalid size '768x768'. The total pixel count must be between 655360"
            + " and 8294400.",
        "gpt-image-1.5-2025-12-16|1792x1024|Invalid size '1792x1024'. Supported sizes for"
            + " gpt-image-1.x are 1024x1024, 1536x1024, 1024x1536, and auto.",
        "dall-e-3|1536x1024|Invalid size '1536x1024'. Supported sizes for dall-e-3 are 1024x1024,"
            + " 1792x1024, 1024x1792."
      })
  void brokenSizesGet400InvalidValueOnSizeWithTheRealWording(
      String model, String size, String message) throws Exception {
    HttpResponse<String> r = generate(model, size);
    assertEquals(400, r.statusCode(), r.body());
    Object error = Json.at(Json.parse(r.body()), "error");
    assertEquals("invalid_value", Json.at(error, "code"));
    assertEquals("size", Json.at(error, "param"));
    assertEquals(message, Json.at(error, "message"));
    assertTrue(r.headers().firstValue("x-request-id").isPresent());
  }
}
