package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/responses} with the image tool over a real socket, read by the JDK's HTTP client. */
class ResponsesRouteTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOOL =
      "\"tools\":[{\"type\":\"image_generation\",\"model\":\"gpt-image-2\",\"size\":\"1024x1024\","
          + "\"quality\":\"low\"}],\"tool_choice\":{\"type\":\"image_generation\"}";
  private Emulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = Emulator.start(EmulatorOptions.defaults());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<byte[]> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer sk-test")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Object json(HttpResponse<byte[]> r) {
    return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static BufferedImage image(String b64) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
  }

  /** Mean absolute difference of the RGB channels, 0-255. */
  private static double difference(BufferedImage a, BufferedImage b) {
    long sum = 0;
    int n = 0;
    for (int y = 0; y < a.getHeight(); y += 7) {
      for (int x = 0; x < a.getWidth(); x += 7) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF));
          n++;
        }
      }
    }
    return (double) sum / n;
  }

  private Object respond(String input, String previous) throws Exception {
    HttpResponse<byte[]> r =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":\""
                + input
                + "\","
                + (previous == null ? "" : "\"previous_response_id\":\"" + previous + "\",")
                + TOOL
                + "}");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return json(r);
  }

  @Test
  void aResponseCarriesTheImageCallWithItsResultRevisedPromptAndBothUsages() throws Exception {
    Object r = respond("a lighthouse at dusk", null);
    assertTrue(((String) Json.at(r, "id")).startsWith("resp_"));
    assertEquals("response", Json.at(r, "object"));
    assertEquals("completed", Json.at(r, "status"));
    assertEquals("gpt-5.5", Json.at(r, "model"));
    assertEquals("image_generation_call", Json.at(r, "output", 0, "type"));
    assertTrue(((String) Json.at(r, "output", 0, "id")).startsWith("ig_"));
    assertEquals("generate", Json.at(r, "output", 0, "action"));
    assertEquals("a lighthouse at dusk", Json.at(r, "output", 0, "revised_prompt"));
    BufferedImage img = image((String) Json.at(r, "output", 0, "result"));
    assertEquals(1024, img.getWidth());
    assertNotNull(Json.at(r, "usage", "input_tokens"));
    assertEquals(
        272L,
        ((Number) Json.at(r, "usage", "tool_usage", "image_gen", "output_tokens")).longValue());
  }

  @Test
  void aPreviousResponseIdEditsThePreviousImageVisibly() throws Exception {
    Object first = respond("a lighthouse at dusk", null);
    Object second = respond("make it night", (String) Json.at(first, "id"));
    Object fresh = respond("make it night", null);
    assertEquals(Json.at(first, "id"), Json.at(second, "previous_response_id"));
    assertEquals("edit", Json.at(second, "output", 0, "action"));
    assertTrue(
        ((String) Json.at(second, "output", 0, "revised_prompt"))
            .contains((String) Json.at(first, "output", 0, "id")));
    BufferedImage a = image((String) Json.at(first, "output", 0, "result"));
    BufferedImage b = image((String) Json.at(second, "output", 0, "result"));
    BufferedImage c = image((String) Json.at(fresh, "output", 0, "result"));
    double continued = difference(a, b);
    double unrelated = difference(a, c);
    assertTrue(continued > 0, "the edit changed the picture");
    assertTrue(
        continued * 2 < unrelated,
        "the edit is closer to its previous image ("
            + continued
            + ") than a new one ("
            + unrelated
            + ")");
  }

  @Test
  void streamsTheRealEventsInOrderWithPartialImages() throws Exception {
    HttpResponse<byte[]> r =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":\"an owl\",\"stream\":true,\"tools\":[{\"type\":"
                + "\"image_generation\",\"partial_images\":2,\"quality\":\"low\"}]}");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<String> names = new ArrayList<>();
    List<Object> events = new ArrayList<>();
    for (String block : new String(r.body(), StandardCharsets.UTF_8).split("\n\n")) {
      String[] lines = block.split("\n");
      names.add(lines[0].substring("event: ".length()));
      events.add(Json.parse(lines[1].substring("data: ".length())));
    }
    assertEquals(
        List.of(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.image_generation_call.in_progress",
            "response.image_generation_call.generating",
            "response.image_generation_call.partial_image",
            "response.image_generation_call.partial_image",
            "response.image_generation_call.completed",
            "response.output_item.done",
            "response.completed"),
        names);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(names.get(i), Json.at(events.get(i), "type"));
      assertEquals(i, ((Number) Json.at(events.get(i), "sequence_number")).intValue());
    }
    assertEquals(1, ((Number) Json.at(events.get(6), "partial_image_index")).intValue());
    assertNotNull(image((String) Json.at(events.get(5), "partial_image_b64")));
    assertNull(Json.at(events.get(2), "item", "result"));
    String itemId = (String) Json.at(events.get(2), "item", "id");
    assertEquals(itemId, Json.at(events.get(7), "item_id"));
    assertNotNull(image((String) Json.at(events.get(8), "item", "result")));
    Object done = Json.at(events.get(9), "response");
    assertEquals("completed", Json.at(done, "status"));
    assertEquals(
        472L,
        ((Number) Json.at(done, "usage", "tool_usage", "image_gen", "output_tokens")).longValue());
    HttpResponse<byte[]> stored =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(emulator.baseUrl() + "/responses/" + Json.at(done, "id")))
                .header("Authorization", "Bearer sk-test")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, stored.statusCode());
    assertEquals(itemId, Json.at(json(stored), "output", 0, "id"));
  }

  @Test
  void answersTheRealErrors() throws Exception {
    HttpResponse<byte[]> unknown =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":\"x\",\"previous_response_id\":\"resp_nope\","
                + TOOL
                + "}");
    assertEquals(404, unknown.statusCode());
    assertEquals("previous_response_not_found", Json.at(json(unknown), "error", "code"));
    assertEquals("previous_response_id", Json.at(json(unknown), "error", "param"));

    HttpResponse<byte[]> noTool =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":\"x\",\"tool_choice\":{\"type\":\"image_generation\"}}");
    assertEquals(400, noTool.statusCode());
    assertEquals("tool_choice", Json.at(json(noTool), "error", "param"));

    String png =
        "data:image/png;base64,"
            + Base64.getEncoder()
                .encodeToString(
                    Base64.getDecoder()
                        .decode((String) Json.at(respond("a dot", null), "output", 0, "result")));
    StringBuilder parts = new StringBuilder("{\"type\":\"input_text\",\"text\":\"mix\"}");
    for (int i = 0; i < 17; i++) {
      parts.append(",{\"type\":\"input_image\",\"image_url\":\"").append(png).append("\"}");
    }
    HttpResponse<byte[]> many =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":[{\"role\":\"user\",\"content\":["
                + parts
                + "]}],"
                + TOOL
                + "}");
    assertEquals(400, many.statusCode());
    assertTrue(((String) Json.at(json(many), "error", "message")).contains("17"));

    HttpResponse<byte[]> elsewhere =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_text\",\"text\":\"x\"},{\"type\":\"input_image\",\"image_url\":"
                + "\"https://example.com/a.png\"}]}],"
                + TOOL
                + "}");
    assertEquals(400, elsewhere.statusCode());
    assertEquals("invalid_image_url", Json.at(json(elsewhere), "error", "code"));
  }

  @Test
  void anInputImageByFileIdIsEdited() throws Exception {
    byte[] png =
        Base64.getDecoder().decode((String) Json.at(respond("a dot", null), "output", 0, "result"));
    String boundary = "b0undary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nvision\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + png.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(png, 0, body, head.length, png.length);
    System.arraycopy(tail, 0, body, head.length + png.length, tail.length);
    HttpResponse<byte[]> up =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, up.statusCode(), new String(up.body(), StandardCharsets.UTF_8));
    String fileId = (String) Json.at(json(up), "id");
    HttpResponse<byte[]> r =
        post(
            "/responses",
            "{\"model\":\"gpt-5.5\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_text\",\"text\":\"add a hat\"},{\"type\":\"input_image\",\"file_id\":\""
                + fileId
                + "\"}]}],"
                + TOOL
                + "}");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("edit", Json.at(json(r), "output", 0, "action"));
    Map<?, ?> err =
        (Map<?, ?>)
            Json.at(
                json(
                    post(
                        "/images/edits",
                        "{\"prompt\":\"x\",\"images\":[{\"file_id\":\"file-missing\"}]}")),
                "error");
    assertTrue(String.valueOf(err.get("message")).contains("file-missing"));
  }
}
