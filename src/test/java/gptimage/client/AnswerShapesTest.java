package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import gptimage.ImageToolException;
import gptimage.wire.ApiException;
import gptimage.wire.RefusalException;
import gptimage.wire.StreamErrorException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answer shapes the emulator does not send, scripted on a real loopback server as mockwebserver
 * does: streamed chat completions, refusals, stream error events.
 */
class AnswerShapesTest {
  static String png64;

  @TempDir Path dir;
  HttpServer server;
  volatile int status;
  volatile String contentType;
  volatile String body;

  @BeforeAll
  static void picture() throws IOException {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    png64 = Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("content-type", contentType);
          ex.getResponseHeaders().set("x-request-id", "req_9");
          ex.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  ImageResult send(Protocol protocol) {
    try (ImageClient client =
        ImageClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
            .apiKey("k")
            .maxRetries(0)
            .build()) {
      return client.generate(
          ImageRequest.builder("a fox").protocol(protocol).build(),
          new ImageClient.SaveOptions(dir, "fox", false));
    }
  }

  void answer(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  static String sse(String... events) {
    StringBuilder b = new StringBuilder();
    for (String e : events) {
      b.append("data: ").append(e).append("\n\n");
    }
    return b.toString();
  }

  static String chunk(String deltaJson) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":"
        + "[{\"index\":0,\"delta\":"
        + deltaJson
        + "}]}";
  }

  @Test
  void aStreamedChatCompletionIsJoinedAndItsMarkdownImageSaved() throws IOException {
    String link = "![a fox](data:image/png;base64," + png64 + ")";
    int half = link.length() / 2;
    answer(
        200,
        "text/event-stream",
        sse(
            chunk("{\"role\":\"assistant\",\"content\":\"Here: \"}"),
            chunk("{\"content\":\"" + link.substring(0, half) + "\"}"),
            chunk("{\"content\":\"" + link.substring(half) + "\"}"),
            "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"total_tokens\":9}}",
            "[DONE]"));
    ImageResult r = send(Protocol.OPENAI_CHAT);
    assertEquals(1, r.images().size());
    assertEquals(dir.resolve("fox-1.png"), r.images().get(0).file());
    assertEquals(4, r.images().get(0).width());
    assertEquals(9, ((Number) r.usage().get("total_tokens")).intValue());
    assertEquals("req_9", r.requestId());
  }

  @Test
  void aStreamedChatCompletionMayCarryImagesInItsDeltas() {
    answer(
        200,
        "text/event-stream; charset=utf-8",
        sse(
            chunk(
                "{\"content\":\"\",\"images\":[{\"type\":\"image_url\",\"image_url\":"
                    + "{\"url\":\"data:image/png;base64,"
                    + png64
                    + "\"}}]}"),
            chunk("{\"content\":\"Done.\"}"),
            "[DONE]"));
    assertEquals(1, send(Protocol.OPENAI_CHAT).images().size());
  }

  @Test
  void aStreamedChatCompletionWithoutAnImageQuotesTheAssistant() throws IOException {
    answer(200, "text/event-stream", sse(chunk("{\"content\":\"I cannot draw.\"}"), "[DONE]"));
    gptimage.wire.RefusalException e =
        assertThrows(gptimage.wire.RefusalException.class, () -> send(Protocol.OPENAI_CHAT));
    assertEquals(
        "The provider refused to make this image: The chat answer has no image. The assistant"
            + " said: I cannot draw. (code: no_image) Rephrase the prompt or change the images;"
            + " the same request would be refused again. [request id req_9]",
        e.getMessage());
    assertEquals("no_image", e.refused().get("code"));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "nothing half-written is left");
    }
  }

  @Test
  void aRefusalIsItsOwnType() {
    answer(
        400,
        "application/json",
        "{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
            + "\"type\":\"image_generation_user_error\",\"param\":null,"
            + "\"code\":\"moderation_blocked\"}}");
    RefusalException e = assertThrows(RefusalException.class, () -> send(Protocol.OPENAI_IMAGES));
    assertEquals(400, e.status());
    assertEquals("moderation_blocked", e.code());
    assertEquals("image_generation_user_error", e.type());
    assertEquals("req_9", e.requestId());
    assertEquals("application/json", e.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void anErrorEventInAnImageStreamIsAStreamError() {
    answer(
        200,
        "text/event-stream",
        sse(
            "{\"type\":\"error\",\"error\":{\"type\":\"server_error\","
                + "\"message\":\"The model had an error.\"}}"));
    ImageToolException e =
        assertThrows(ImageToolException.class, () -> send(Protocol.OPENAI_IMAGES));
    ApiException api = assertInstanceOf(StreamErrorException.class, e);
    assertEquals("server_error", api.type());
    assertTrue(
        e.getMessage().startsWith("Image API stream failed: The model had an error."),
        e.getMessage());
  }

  @Test
  void anErrorObjectInASuccessfulJsonAnswerIsTypedByItsCode() {
    answer(
        200,
        "application/json",
        "{\"error\":{\"code\":\"content_policy_violation\",\"message\":\"Blocked.\"}}");
    RefusalException e = assertThrows(RefusalException.class, () -> send(Protocol.OPENAI_IMAGES));
    assertEquals(
        "Image API failed with HTTP 200: Blocked. (code: content_policy_violation) Rephrase the"
            + " prompt or change the images; the same request would be refused again. [request id"
            + " req_9]",
        e.getMessage());
  }
}
