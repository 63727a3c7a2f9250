package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The emulator over a real socket, driven by the JDK's plain HTTP client. */
class EmulatorTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Emulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private Emulator start(EmulatorOptions options) throws IOException {
    emulator = Emulator.start(options);
    return emulator;
  }

  private HttpResponse<byte[]> post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Object json(HttpResponse<byte[]> r) {
    return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static byte[] firstImage(HttpResponse<byte[]> r) {
    return firstImageOf(r.body());
  }

  private static byte[] firstImageOf(byte[] answer) {
    Object tree = Json.parse(new String(answer, StandardCharsets.UTF_8));
    return Base64.getDecoder().decode((String) Json.at(tree, "data", 0, "b64_json"));
  }

  @ParameterizedTest
  @CsvSource({
    "png,1024x1024,false",
    "jpeg,1536x1024,false",
    "webp,1024x1536,false",
    "gif,1024x1024,false",
    "png,1024x1024,true",
    "webp,1024x1024,true"
  })
  void generatesEveryFormatAtTheAskedSizeReadableByARealDecoder(
      String format, String size, boolean transparent) throws Exception {
    start(EmulatorOptions.defaults());
    String bg = transparent ? ",\"background\":\"transparent\"" : "";
    HttpResponse<byte[]> r =
        post(
            "/images/generations",
            "{\"prompt\":\"a fox\",\"output_format\":\""
                + format
                + "\",\"size\":\""
                + size
                + "\""
                + bg
                + "}");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(firstImage(r)));
    assertNotNull(image, format + " did not decode");
    String[] wh = size.split("x");
    assertEquals(Integer.parseInt(wh[0]), image.getWidth());
    assertEquals(Integer.parseInt(wh[1]), image.getHeight());
    if (transparent) {
      assertTrue(image.getColorModel().hasAlpha());
      int corners = 0;
      for (int[] p : new int[][] {{0, 0}, {image.getWidth() - 1, 0}, {0, image.getHeight() - 1}}) {
        corners += (image.getRGB(p[0], p[1]) >>> 24) == 0 ? 1 : 0;
      }
      assertTrue(corners >= 1, "a transparent background leaves some corner clear");
    }
    assertEquals(
        Map.of("text_tokens", 2L, "image_tokens", 0L),
        Json.at(json(r), "usage", "input_tokens_details"));
  }

  @Test
  void sameRequestMakesTheSameBytesAndAnotherPromptDifferentOnes() throws Exception {
    start(EmulatorOptions.defaults());
    byte[] a = firstImage(post("/images/generations", "{\"prompt\":\"a\"}"));
    byte[] b = firstImage(post("/images/generations", "{\"prompt\":\"a\"}"));
    byte[] c = firstImage(post("/images/generations", "{\"prompt\":\"b\"}"));
    assertTrue(java.util.Arrays.equals(a, b));
    assertTrue(!java.util.Arrays.equals(a, c));
  }

  @Test
  void svgIsARealSvgDocument() throws Exception {
    start(EmulatorOptions.defaults());
    String svg =
        new String(
            firstImage(
                post(
                    "/images/generations",
                    "{\"prompt\":\"a\",\"output_format\":\"svg\",\"size\":\"1024x1536\"}")),
            StandardCharsets.UTF_8);
    var doc =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getTagName());
    assertEquals("1024", doc.getDocumentElement().getAttribute("width"));
    assertTrue(doc.getElementsByTagName("circle").getLength() >= 4);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"prompt\":\"a\",\"size\":\"1000x1000\"}|size|invalid_value",
        "{\"prompt\":\"a\",\"size\":\"4096x2048\"}|size|invalid_value",
        "{\"prompt\":\"a\",\"size\":\"3840x1008\"}|size|invalid_value",
        "{\"prompt\":\"a\",\"size\":\"512x512\"}|size|invalid_value",
        "{\"prompt\":\"a\",\"n\":11}|n|integer_above_max_value",
        "{\"prompt\":\"a\",\"n\":0}|n|integer_below_min_value",
        "{\"prompt\":\"a\",\"output_format\":\"bmp\"}|output_format|invalid_value",
        "{\"prompt\":\"a\",\"background\":\"transparent\",\"output_format\":\"jpeg\"}|background|invalid_value",
        "{\"prompt\":\"a\",\"output_compression\":50}|output_compression|invalid_value",
        "{\"prompt\":\"a\",\"stream\":true,\"partial_images\":4}|partial_images|integer_above_max_value",
        "{\"prompt\":\"\"}|prompt|missing_required_parameter",
        "{\"model\":\"dall-e-3\",\"prompt\":\"a\",\"size\":\"1024x1536\"}|size|invalid_value"
      })
  void rejectsWhatTheRealApiRejects(String body, String param, String code) throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r = post("/images/generations", body);
    assertEquals(400, r.statusCode());
    assertEquals(param, Json.at(json(r), "error", "param"));
    assertEquals(code, Json.at(json(r), "error", "code"));
    assertEquals(400, emulator.lastRequest().status());
  }

  @Test
  void acceptsTheLargestLegalSize() throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r =
        post("/images/generations", "{\"prompt\":\"a\",\"size\":\"3840x2160\"}");
    assertEquals(200, r.statusCode());
    assertEquals("3840x2160", Json.at(json(r), "size"));
  }

  @Test
  void withAKeyOnlyThatKeyIsAccepted() throws Exception {
    start(EmulatorOptions.defaults().apiKey("sk-right-key-1234"));
    HttpResponse<byte[]> wrong =
        post(
            "/images/generations",
            "{\"prompt\":\"a\"}",
            "Authorization",
            "Bearer sk-wrong-key-9999");
    assertEquals(401, wrong.statusCode());
    assertEquals("invalid_api_key", Json.at(json(wrong), "error", "code"));
    assertTrue(!new String(wrong.body(), StandardCharsets.UTF_8).contains("sk-wrong-key-9999"));
    assertEquals("Bearer ****9999", emulator.lastRequest().header("authorization"));
    HttpResponse<byte[]> right =
        post(
            "/images/generations",
            "{\"prompt\":\"a\"}",
            "Authorization",
            "Bearer sk-right-key-1234");
    assertEquals(200, right.statusCode());
  }

  @Test
  void streamsPartialsThenOneCompletedEventPerImage() throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r =
        post(
            "/images/generations",
            "{\"prompt\":\"a\",\"stream\":true,\"partial_images\":2,\"n\":2}");
    assertEquals(
        "text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
    String text = new String(r.body(), StandardCharsets.UTF_8);
    List<String> events = text.lines().filter(l -> l.startsWith("event: ")).toList();
    assertEquals(
        List.of(
            "event: image_generation.partial_image",
            "event: image_generation.partial_image",
            "event: image_generation.completed",
            "event: image_generation.partial_image",
            "event: image_generation.partial_image",
            "event: image_generation.completed"),
        events);
    assertTrue(text.endsWith("data: [DONE]\n\n"));
    String completed =
        text.lines()
            .filter(l -> l.startsWith("data: {\"type\":\"image_generation.completed"))
            .findFirst()
            .orElseThrow();
    Object event = Json.parse(completed.substring(6));
    assertEquals(1056L + 200L, Json.at(event, "usage", "output_tokens"));
  }

  /** A clock a test moves by hand. */
  private static final class HandClock extends java.time.Clock {
    final java.util.concurrent.atomic.AtomicLong millis =
        new java.util.concurrent.atomic.AtomicLong(1_790_000_000_000L);

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void urlAnswersServeTheImageOutsideV1UntilTheyExpire() throws Exception {
    HandClock clock = new HandClock();
    emulator =
        Emulator.start(
            EmulatorOptions.defaults().urlLifetime(java.time.Duration.ofMinutes(60)), clock);
    HttpResponse<byte[]> r =
        post("/images/generations", "{\"prompt\":\"a\",\"response_format\":\"url\"}");
    String url = (String) Json.at(json(r), "data", 0, "url");
    assertTrue(url.startsWith("http://127.0.0.1:" + emulator.port() + "/images/"), url);
    clock.millis.addAndGet(java.time.Duration.ofMinutes(60).toMillis()); // the last millisecond
    HttpResponse<byte[]> image =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, image.statusCode());
    assertEquals("image/png", image.headers().firstValue("content-type").orElse(""));
    assertNotNull(ImageIO.read(new ByteArrayInputStream(image.body())));
    clock.millis.incrementAndGet();
    HttpResponse<byte[]> expired =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(403, expired.statusCode());
    assertTrue(new String(expired.body(), StandardCharsets.UTF_8).contains("Signed expiry"));
  }

  @Test
  void listsModels() throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/models")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("list", Json.at(json(r), "object"));
    assertEquals("gpt-image-2", Json.at(json(r), "data", 0, "id"));
  }

  @ParameterizedTest
  @CsvSource({"MARKDOWN", "PARTS", "IMAGES"})
  void chatAnswersInEachGatewayShape(String shape) throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r =
        post(
            "/chat/completions",
            "{\"model\":\"gpt-image-2\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"an owl\"}]}]}",
            "x-emulator-chat-shape",
            shape);
    assertEquals(200, r.statusCode());
    Object message = Json.at(json(r), "choices", 0, "message");
    String url =
        switch (shape) {
          case "MARKDOWN" -> {
            String c = (String) Json.at(message, "content");
            yield c.substring(c.indexOf("](") + 2, c.length() - 1);
          }
          case "PARTS" -> (String) Json.at(message, "content", 1, "image_url", "url");
          default -> (String) Json.at(message, "images", 0, "image_url", "url");
        };
    assertTrue(url.startsWith("data:image/png;base64,"));
    assertNotNull(
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))));
  }

  // ---- edits ----

  static byte[] png(int w, int h, int argbLeft, int argbRight) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, x < w / 2 ? argbLeft : argbRight);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private HttpResponse<byte[]> multipart(List<Object[]> parts) throws Exception {
    String boundary = "b0undary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Object[] p : parts) {
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + p[0]
              + "\""
              + (p[1] instanceof byte[] ? "; filename=\"f.png\"\r\nContent-Type: image/png" : "")
              + "\r\n\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(
          p[1] instanceof byte[] b ? b : p[1].toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/images/edits"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void editsChangeOnlyWhereTheMaskIsTransparent() throws Exception {
    start(EmulatorOptions.defaults());
    byte[] input = png(64, 64, 0xFF102030, 0xFFC0B0A0);
    byte[] mask = png(64, 64, 0x00000000, 0xFF000000); // left half transparent: edit there
    HttpResponse<byte[]> r =
        multipart(
            List.of(
                new Object[] {"prompt", "paint"}, new Object[] {"size", "auto"},
                new Object[] {"image", input}, new Object[] {"mask", mask}));
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    BufferedImage out = ImageIO.read(new ByteArrayInputStream(firstImage(r)));
    assertEquals(1024, out.getWidth(), "auto size: the legal size nearest the input's shape");
    assertEquals(0xFFC0B0A0, out.getRGB(768, 160), "masked (opaque) side stays the input's");
    assertTrue(out.getRGB(160, 160) != 0xFF102030, "transparent side is edited");
    RecordedRequest seen = emulator.lastRequest();
    assertEquals(
        List.of("image", "mask"),
        seen.files().stream().map(RecordedRequest.FilePart::name).toList());
    assertEquals(Emulator.sha256(input), seen.files().get(0).sha256());
    assertEquals("paint", seen.field("prompt"));
  }

  @Test
  void editRejectsTooManyImagesAMismatchedMaskAndNonImages() throws Exception {
    start(EmulatorOptions.defaults());
    byte[] input = png(64, 64, 0xFF000000, 0xFFFFFFFF);
    List<Object[]> many = new java.util.ArrayList<>();
    many.add(new Object[] {"prompt", "x"});
    for (int i = 0; i < 17; i++) {
      many.add(new Object[] {"image[]", input});
    }
    assertEquals("image", Json.at(json(multipart(many)), "error", "param"));
    HttpResponse<byte[]> mismatch =
        multipart(
            List.of(
                new Object[] {"prompt", "x"},
                new Object[] {"image", input},
                new Object[] {"mask", png(32, 32, 0, 0)}));
    assertEquals(400, mismatch.statusCode());
    assertEquals("mask", Json.at(json(mismatch), "error", "param"));
    HttpResponse<byte[]> text =
        multipart(
            List.of(
                new Object[] {"prompt", "x"},
                new Object[] {"image", "not an image".getBytes(StandardCharsets.UTF_8)}));
    assertEquals("invalid_image_file", Json.at(json(text), "error", "code"));
  }

  @Test
  void editStreamsUseImageEditEventNames() throws Exception {
    start(EmulatorOptions.defaults());
    HttpResponse<byte[]> r =
        multipart(
            List.of(
                new Object[] {"prompt", "x"},
                new Object[] {"stream", "true"},
                new Object[] {"partial_images", "1"},
                new Object[] {"image", png(64, 64, 0xFF000000, 0xFFFFFFFF)}));
    List<String> events =
        new String(r.body(), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("event: "))
            .toList();
    assertEquals(List.of("event: image_edit.partial_image", "event: image_edit.completed"), events);
  }

  @Test
  void jsonEditsTakeDataUrls() throws Exception {
    start(EmulatorOptions.defaults());
    String data =
        "data:image/png;base64,"
            + Base64.getEncoder().encodeToString(png(64, 64, 0xFF0000FF, 0xFF00FF00));
    HttpResponse<byte[]> r =
        post(
            "/images/edits",
            "{\"prompt\":\"x\",\"images\":[{\"image_url\":\"" + data + "\"}],\"size\":\"auto\"}");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("1024x1024", Json.at(json(r), "size"), "64x64 is below gpt-image-2's minimum");
    assertTrue(
        ((Number) Json.at(json(r), "usage", "input_tokens_details", "image_tokens")).longValue()
            > 0);
  }

  // ---- faults ----

  @Test
  void faultsOnceThenHeal() throws Exception {
    start(
        EmulatorOptions.defaults()
            .fault(Fault.RATE_LIMIT, false)
            .fault(Fault.SERVER_ERROR, false)
            .fault(Fault.HTML_502, false)
            .fault(Fault.NO_IMAGE, false));
    HttpResponse<byte[]> first = post("/images/generations", "{\"prompt\":\"a\"}");
    assertEquals(429, first.statusCode());
    assertEquals("1", first.headers().firstValue("retry-after").orElse(""));
    assertEquals(500, post("/images/generations", "{\"prompt\":\"a\"}").statusCode());
    HttpResponse<byte[]> html = post("/images/generations", "{\"prompt\":\"a\"}");
    assertEquals(502, html.statusCode());
    assertTrue(new String(html.body(), StandardCharsets.UTF_8).contains("<html>"));
    HttpResponse<byte[]> empty = post("/images/generations", "{\"prompt\":\"a\"}");
    assertEquals(List.of(), Json.at(json(empty), "data"));
    assertEquals(200, post("/images/generations", "{\"prompt\":\"a\"}").statusCode());
    assertEquals(5, emulator.requests().size());
  }

  @Test
  void resetDropsTheConnectionAndTruncatedJsonIsCut() throws Exception {
    start(EmulatorOptions.defaults().fault(Fault.RESET, false).fault(Fault.TRUNCATED_JSON, false));
    assertThrows(IOException.class, () -> post("/images/generations", "{\"prompt\":\"a\"}"));
    HttpResponse<byte[]> cut = post("/images/generations", "{\"prompt\":\"a\"}");
    assertThrows(Json.JsonFormatException.class, () -> json(cut));
  }

  @Test
  void rateLimitAnswers429WithHeadersPastTheLimit() throws Exception {
    start(EmulatorOptions.defaults().rateLimit(2));
    assertEquals(200, post("/images/generations", "{\"prompt\":\"a\"}").statusCode());
    assertEquals(200, post("/images/generations", "{\"prompt\":\"a\"}").statusCode());
    HttpResponse<byte[]> r = post("/images/generations", "{\"prompt\":\"a\"}");
    assertEquals(429, r.statusCode());
    assertEquals("rate_limit_exceeded", Json.at(json(r), "error", "code"));
    assertEquals("2", r.headers().firstValue("x-ratelimit-limit-requests").orElse(""));
    assertEquals("0", r.headers().firstValue("x-ratelimit-remaining-requests").orElse(""));
    assertTrue(Integer.parseInt(r.headers().firstValue("retry-after").orElse("0")) >= 59);
  }

  @Test
  void truncatedStreamDropsTheConnectionDuringTheLastImage() throws Exception {
    start(EmulatorOptions.defaults().fault(Fault.TRUNCATED_STREAM, true));
    for (int n = 1; n <= 2; n++) {
      // A raw socket, to see every byte sent before the drop (the JDK client discards its buffer).
      String json = "{\"prompt\":\"a\",\"stream\":true,\"partial_images\":2,\"n\":" + n + "}";
      String text;
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.port())) {
        socket
            .getOutputStream()
            .write(
                ("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type:"
                        + " application/json\r\nContent-Length: "
                        + json.length()
                        + "\r\n\r\n"
                        + json)
                    .getBytes(StandardCharsets.US_ASCII));
        text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      }
      assertTrue(text.startsWith("HTTP/1.1 200") && text.contains("chunked"), text);
      assertEquals(n - 1, text.split("\"usage\"", -1).length - 1, "completed events");
      assertTrue(text.contains("partial_image_index"));
      assertFalse(text.contains("[DONE]") || text.endsWith("0\r\n\r\n"), "no closing chunk");
    }
  }

  @Test
  void slowBodySendsTheHeadersAtOnceAndTheBodyOverTheSetTime() throws Exception {
    start(
        EmulatorOptions.defaults()
            .slowBody(java.time.Duration.ofMillis(600))
            .fault(Fault.SLOW_BODY, false));
    long start = System.nanoTime();
    HttpResponse<java.io.InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/images/generations"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long headersAt = System.nanoTime() - start;
    byte[] body;
    try (java.io.InputStream in = r.body()) {
      body = in.readAllBytes();
    }
    long bodyAt = System.nanoTime() - start;
    assertEquals(200, r.statusCode());
    assertTrue(bodyAt - headersAt >= 500_000_000L, "body took " + (bodyAt - headersAt) / 1e6);
    assertNotNull(ImageIO.read(new ByteArrayInputStream(firstImageOf(body))));
  }

  @Test
  void hangNeverAnswersUntilTheClientGivesUp() throws Exception {
    start(EmulatorOptions.defaults().fault(Fault.HANG, false));
    HttpRequest hanging =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/images/generations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a\"}"))
            .timeout(java.time.Duration.ofMillis(400))
            .build();
    assertThrows(
        java.net.http.HttpTimeoutException.class,
        () -> HTTP.send(hanging, HttpResponse.BodyHandlers.ofByteArray()));
    assertEquals(200, post("/images/generations", "{\"prompt\":\"a\"}").statusCode());
  }

  @Test
  void latencyAndFaultSpecsParse() {
    assertEquals(java.time.Duration.ofMillis(500), Latency.parse("0.5").fixed());
    assertEquals(java.time.Duration.ofSeconds(8), Latency.parse("low=1,high=8").forQuality("high"));
    assertEquals(new Fault.Rule(Fault.HANG, true), Fault.Rule.parse("hang:always"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Fault.Rule.parse("boom"));
    assertTrue(e.getMessage().contains("truncated-stream"));
  }
}
