package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The answers' shapes as the real API sends them, over a real socket with a fixed clock. */
class EmulatorShapesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Emulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = Emulator.start(EmulatorOptions.defaults(), ImageAnswersTest.AT);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> keys(Object tree) {
    return new ArrayList<>(((Map<?, ?>) tree).keySet().stream().map(String::valueOf).toList());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gpt-image-2|created,data,background,output_format,size,quality,usage",
        "gpt-image-1.5|created,data,background,output_format,size,quality,usage",
        "dall-e-2|created,data",
        "dall-e-3|created,data"
      })
  void imagesAnswersCarryWhatTheModelsRealAnswersCarry(String model, String fields)
      throws Exception {
    HttpResponse<String> r =
        post("/images/generations", "{\"prompt\":\"a cat\",\"model\":\"" + model + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    Object tree = Json.parse(r.body());
    assertEquals(List.of(fields.split(",")), keys(tree));
    assertEquals(1_700_000_000L, ((Number) Json.at(tree, "created")).longValue());
    if (fields.contains("usage")) {
      assertEquals(
          List.of(
              "total_tokens",
              "input_tokens",
              "output_tokens",
              "input_tokens_details",
              "output_tokens_details"),
          keys(Json.at(tree, "usage")));
    }
  }

  @Test
  void chatCompletionsCarryEveryFieldOfTheRealObject() throws Exception {
    HttpResponse<String> r =
        post(
            "/chat/completions",
            "{\"model\":\"gpt-image-2\",\"messages\":[{\"role\":\"user\",\"content\":\"a cat\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    Object tree = Json.parse(r.body());
    assertEquals(
        List.of(
            "id",
            "object",
            "created",
            "model",
            "choices",
            "usage",
            "service_tier",
            "system_fingerprint"),
        keys(tree));
    assertTrue(((String) Json.at(tree, "id")).startsWith("chatcmpl-"));
    assertTrue(((String) Json.at(tree, "system_fingerprint")).matches("fp_[0-9a-f]{10}"));
    assertEquals("chat.completion", Json.at(tree, "object"));
    assertEquals(
        List.of("index", "message", "logprobs", "finish_reason"),
        keys(Json.at(tree, "choices", 0)));
    assertEquals(
        List.of(
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "prompt_tokens_details",
            "completion_tokens_details"),
        keys(Json.at(tree, "usage")));
  }

  @Test
  void chatStreamsChunksWhoseImageDecodes() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("x-emulator-chat-shape", "images")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-image-2\",\"stream\":true,"
                            + "\"stream_options\":{\"include_usage\":true},"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"a cat\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(
        "text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
    List<String> data = r.body().lines().filter(l -> !l.isEmpty()).toList();
    assertTrue(data.stream().allMatch(l -> l.startsWith("data: ")), r.body());
    assertEquals("data: [DONE]", data.get(data.size() - 1));
    List<Object> chunks =
        data.subList(0, data.size() - 1).stream().map(l -> Json.parse(l.substring(6))).toList();
    assertEquals(5, chunks.size(), "role, words, image, stop, usage");
    for (Object c : chunks) {
      assertEquals("chat.completion.chunk", Json.at(c, "object"));
      assertEquals(Json.at(chunks.get(0), "id"), Json.at(c, "id"));
    }
    String url =
        (String) Json.at(chunks.get(2), "choices", 0, "delta", "images", 0, "image_url", "url");
    byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(1024, image.getWidth());
    assertEquals("stop", Json.at(chunks.get(3), "choices", 0, "finish_reason"));
    assertEquals(List.of(), Json.at(chunks.get(4), "choices"));
    assertTrue(((Number) Json.at(chunks.get(4), "usage", "completion_tokens")).longValue() > 0);
  }

  @ParameterizedTest
  @CsvSource({"64,64,1024x1024", "96,48,1536x1024", "40,120,1024x1536"})
  void anEditWithoutSizeComesBackAtALegalSizeNearTheInputsShape(int w, int h, String size)
      throws Exception {
    String data =
        "data:image/png;base64,"
            + Base64.getEncoder().encodeToString(EmulatorTest.png(w, h, 0xFF0000FF, 0xFF00FF00));
    HttpResponse<String> r =
        post("/images/edits", "{\"prompt\":\"x\",\"images\":[{\"image_url\":\"" + data + "\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    Object tree = Json.parse(r.body());
    assertEquals(size, Json.at(tree, "size"));
    BufferedImage out =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode((String) Json.at(tree, "data", 0, "b64_json"))));
    assertEquals(size, out.getWidth() + "x" + out.getHeight());
    ImageSpec.size("gpt-image-2", size); // throws were it not a size the model makes
  }

  @Test
  void routesTellUnknownPathsFromWrongMethods() throws Exception {
    HttpResponse<String> wrongMethod =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/images/generations")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, wrongMethod.statusCode());
    assertEquals("method_not_allowed", Json.at(Json.parse(wrongMethod.body()), "error", "code"));
    HttpResponse<String> unknown = post("/images/variations", "{}");
    assertEquals(404, unknown.statusCode());
    assertEquals("unknown_url", Json.at(Json.parse(unknown.body()), "error", "code"));
    HttpResponse<String> files =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/files/file-nope")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, files.statusCode());
    assertEquals("not_found", Json.at(Json.parse(files.body()), "error", "code"));
  }
}
