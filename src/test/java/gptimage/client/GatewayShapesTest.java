package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden answers in the shapes gateways send (OpenRouter, one-api / new-api, LiteLLM, CDNs in front
 * of image URLs), each scripted byte for byte on a real loopback server; the client must save the
 * image and report what the answer said.
 */
class GatewayShapesTest {
  @TempDir Path dir;
  HttpServer api;
  HttpServer cdn;
  byte[] png;
  String png64;
  final Map<String, String> answers = new ConcurrentHashMap<>();
  final Map<String, String> keysSeen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    BufferedImage image = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    png = out.toByteArray();
    png64 = Base64.getEncoder().encodeToString(png);
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().getPath();
          keysSeen.put(
              "api " + path, String.valueOf(ex.getRequestHeaders().getFirst("authorization")));
          if (path.equals("/files/fox.png")) { // moved to the CDN, on another origin
            ex.getResponseHeaders().set("location", cdnUrl() + "/cdn/fox.png");
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
          }
          byte[] bytes = answers.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("content-type", "application/json");
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
          }
        });
    cdn.createContext(
        "/",
        ex -> {
          keysSeen.put("cdn", String.valueOf(ex.getRequestHeaders().getFirst("authorization")));
          ex.getResponseHeaders().set("content-type", "image/png");
          ex.sendResponseHeaders(200, png.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(png);
          }
        });
    api.start();
    cdn.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    cdn.stop(0);
  }

  String apiUrl() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  String cdnUrl() {
    return "http://localhost:" + cdn.getAddress().getPort();
  }

  ImageResult send(Protocol protocol) {
    try (ImageClient client =
        ImageClient.builder()
            .baseUrl(apiUrl() + "/v1")
            .apiKey("sk-gateway-key-1234")
            .maxRetries(0)
            .build()) {
      return client.generate(
          ImageRequest.builder("a fox").protocol(protocol).build(),
          new ImageClient.SaveOptions(dir, "fox", false));
    }
  }

  @Test
  void revisedPromptNullAndNoOutputTokenDetails() {
    answers.put(
        "/v1/images/generations",
        "{\"created\":1,\"data\":[{\"b64_json\":\""
            + png64
            + "\",\"revised_prompt\":null}],\"usage\":{\"input_tokens\":10,\"output_tokens\":272,"
            + "\"total_tokens\":282,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":0}}}");
    ImageResult r = send(Protocol.OPENAI_IMAGES);
    assertEquals(1, r.images().size());
    assertNull(r.images().get(0).revisedPrompt());
    assertEquals(272L, ((Map<?, ?>) r.usage()).get("output_tokens"));
    assertNull(((Map<?, ?>) r.usage()).get("output_tokens_details"));
    assertEquals(5, r.images().get(0).width());
  }

  @Test
  void usageUnderChatNamesIsReportedAsSent() {
    answers.put(
        "/v1/images/generations",
        "{\"data\":[{\"b64_json\":\""
            + png64
            + "\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1056,\"total_tokens\":1063}}");
    ImageResult r = send(Protocol.OPENAI_IMAGES);
    assertEquals(1, r.images().size());
    assertEquals(1056L, ((Map<?, ?>) r.usage()).get("completion_tokens"));
  }

  @Test
  void aDataUrlInDataUrlIsDecoded() throws Exception {
    answers.put(
        "/v1/images/generations", "{\"data\":[{\"url\":\"data:image/png;base64," + png64 + "\"}]}");
    ImageResult r = send(Protocol.OPENAI_IMAGES);
    assertEquals(1, r.images().size());
    assertEquals(
        List.of(png.length), List.of((int) java.nio.file.Files.size(r.images().get(0).file())));
  }

  @Test
  void anHttpUrlThatRedirectsToACdnIsFetchedWithoutTheKey() throws Exception {
    answers.put(
        "/v1/images/generations", "{\"data\":[{\"url\":\"" + apiUrl() + "/files/fox.png\"}]}");
    ImageResult r = send(Protocol.OPENAI_IMAGES);
    assertEquals(1, r.images().size());
    assertTrue(
        java.util.Arrays.equals(png, java.nio.file.Files.readAllBytes(r.images().get(0).file())));
    assertEquals("Bearer sk-gateway-key-1234", keysSeen.get("api /v1/images/generations"));
    assertEquals("null", keysSeen.get("api /files/fox.png"), "image URLs get no key");
    assertEquals("null", keysSeen.get("cdn"), "nor does the CDN");
  }

  @Test
  void openRouterMessageImages() {
    answers.put(
        "/v1/chat/completions",
        "{\"id\":\"gen-1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"Here is a fox.\",\"images\":[{\"type\":"
            + "\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
            + png64
            + "\"}}]}}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1290}}");
    ImageResult r = send(Protocol.OPENAI_CHAT);
    assertEquals(1, r.images().size());
    assertEquals(1290L, ((Map<?, ?>) r.usage()).get("completion_tokens"));
  }

  @Test
  void contentPartsWithImageUrl() {
    answers.put(
        "/v1/chat/completions",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"ok\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
            + "\"data:image/png;base64,"
            + png64
            + "\"}}]}}]}");
    assertEquals(1, send(Protocol.OPENAI_CHAT).images().size());
  }

  @Test
  void openRouterIsAskedForImageModalities() {
    Provider openRouter = Provider.openAi("https://openrouter.ai/api/v1", "k");
    assertEquals(Map.of("modalities", List.of("image", "text")), openRouter.chatFields());
    assertEquals(Map.of(), Provider.openAi(apiUrl() + "/v1", "k").chatFields());
    try (ImageClient client =
        ImageClient.builder().baseUrl("https://openrouter.ai/api/v1").apiKey("k").build()) {
      Object d =
          client.describe(
              ImageRequest.builder("a fox")
                  .protocol(Protocol.OPENAI_CHAT)
                  .model("google/gemini-2.5-flash-image")
                  .build());
      assertEquals(List.of("image", "text"), Json.at(d, "body", "modalities"));
      assertEquals("https://openrouter.ai/api/v1/chat/completions", Json.at(d, "url"));
    }
  }
}
