package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gptimage.wire.Body;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact bytes of every body the client sends, as tables: what goes on the wire, byte for byte. */
class RequestEncoderTest {
  @TempDir static Path dir;
  static Path png;
  static Path mask;
  static Path quoted;

  /** The PNG's bytes as ISO-8859-1 text, so that expected bodies are strings compared exactly. */
  static String pngText;

  static String pngB64;

  @BeforeAll
  static void images() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(1, 1, 0xFF336699);
    png = dir.resolve("in.png");
    ImageIO.write(image, "png", png.toFile());
    mask = Files.copy(png, dir.resolve("mask.png"));
    quoted = Files.copy(png, dir.resolve("a\"b.png"));
    byte[] bytes = Files.readAllBytes(png);
    pngText = new String(bytes, StandardCharsets.ISO_8859_1);
    pngB64 = Base64.getEncoder().encodeToString(bytes);
  }

  static String wire(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    assertEquals(out.size(), body.length(), "Content-Length is the bytes written");
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static String utf8(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static Arguments row(
      String name, UnaryOperator<ImageRequest.Builder> b, String path, String body) {
    return Arguments.of(name, b, path, body);
  }

  static Stream<Arguments> jsonBodies() {
    return Stream.of(
        row(
            "defaults",
            b -> b,
            "/images/generations",
            "{\"model\":\"gpt-image-2\",\"prompt\":\"a fox\",\"n\":1,\"size\":\"1024x1024\"}"),
        row(
            "every generation field, in the contract's order, extra last",
            b ->
                b
                    .quality("high")
                    .n(2)
                    .size("1536x1024")
                    .responseFormat("b64_json")
                    .outputFormat("webp")
                    .background("transparent")
                    .moderation("low")
                    .outputCompression(80)
                    .partialImages(2)
                    .style("vivid")
                    .user("u1")
                    .stream(true)
                    .extra(Map.of("seed", 7)),
            "/images/generations",
            "{\"model\":\"gpt-image-2\",\"prompt\":\"a fox\",\"n\":2,\"size\":\"1536x1024\","
                + "\"quality\":\"high\",\"response_format\":\"b64_json\",\"output_format\":\"webp\","
                + "\"background\":\"transparent\",\"moderation\":\"low\",\"output_compression\":80,"
                + "\"partial_images\":2,\"style\":\"vivid\",\"user\":\"u1\",\"stream\":true,"
                + "\"seed\":7}"),
        row(
            "size left to the API",
            b -> b.size(null),
            "/images/generations",
            "{\"model\":\"gpt-image-2\",\"prompt\":\"a fox\",\"n\":1}"),
        row(
            "extra replaces a field in its place",
            b -> b.extra(Map.of("model", "other")),
            "/images/generations",
            "{\"model\":\"other\",\"prompt\":\"a fox\",\"n\":1,\"size\":\"1024x1024\"}"),
        row(
            "chat, no image: n only when not 1",
            b -> b.protocol(Protocol.OPENAI_CHAT).user("u").n(2).outputCompression(50),
            "/chat/completions",
            "{\"model\":\"gpt-image-2\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"a fox\"}]}],\"output_compression\":50,"
                + "\"user\":\"u\",\"n\":2}"),
        row(
            "chat with an image as a streamed data URL",
            b -> b.protocol(Protocol.OPENAI_CHAT).images(List.of(png)),
            "/chat/completions",
            "{\"model\":\"gpt-image-2\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"a fox\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,"
                + "PNG64"
                + "\"}}]}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonBodies")
  void json(String name, UnaryOperator<ImageRequest.Builder> b, String path, String body)
      throws IOException {
    RequestEncoder.Encoded e =
        RequestEncoder.encode(b.apply(ImageRequest.builder("a fox")).build());
    assertEquals(path, e.path());
    assertEquals("application/json", e.body().contentType());
    assertEquals(body.replace("PNG64", pngB64), wire(e.body()));
  }

  @Test
  void jsonEscapesAndWritesUtf8() throws IOException {
    Body body =
        RequestEncoder.encode(ImageRequest.builder(" a \"quoted\"\t🦊\\ fox\n").build()).body();
    assertEquals(
        utf8(
            "{\"model\":\"gpt-image-2\",\"prompt\":\"a \\\"quoted\\\"\\t🦊\\\\ fox\",\"n\":1,"
                + "\"size\":\"1024x1024\"}"),
        wire(body));
  }

  static String part(String name, String value) {
    return "--BOUNDARY\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  static String filePart(String name, String filename) {
    return "--BOUNDARY\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"; filename=\""
        + filename
        + "\"\r\nContent-Type: image/png\r\n\r\n"
        + pngText
        + "\r\n";
  }

  static Stream<Arguments> multipartBodies() {
    String head = part("model", "gpt-image-2") + part("prompt", "add a hat");
    return Stream.of(
        Arguments.of(
            "one image",
            (UnaryOperator<ImageRequest.Builder>) b -> b.images(List.of(png)),
            (java.util.function.Supplier<String>)
                () ->
                    head
                        + part("size", "1024x1024")
                        + part("n", "1")
                        + filePart("image", "in.png")
                        + "--BOUNDARY--\r\n"),
        Arguments.of(
            "two images, a mask, every edit field, an extra list",
            (UnaryOperator<ImageRequest.Builder>)
                b ->
                    b
                        .images(List.of(png, png))
                        .mask(mask)
                        .size(null)
                        .quality("low")
                        .outputFormat("jpeg")
                        .outputCompression(70)
                        .inputFidelity("high")
                        .background("opaque")
                        .stream(false)
                        .extra(Map.of("tags", List.of("a", Map.of("k", 1)))),
            (java.util.function.Supplier<String>)
                () ->
                    head
                        + part("quality", "low")
                        + part("n", "1")
                        + part("output_format", "jpeg")
                        + part("input_fidelity", "high")
                        + part("background", "opaque")
                        + part("output_compression", "70")
                        + part("stream", "false")
                        + part("tags[]", "a")
                        + part("tags[]", "{\"k\":1}")
                        + filePart("image[]", "in.png")
                        + filePart("image[]", "in.png")
                        + filePart("mask", "mask.png")
                        + "--BOUNDARY--\r\n"),
        Arguments.of(
            "automatic mask, a quote in the file name",
            (UnaryOperator<ImageRequest.Builder>) b -> b.images(List.of(quoted)).autoMask(),
            (java.util.function.Supplier<String>)
                () ->
                    head
                        + part("size", "1024x1024")
                        + part("n", "1")
                        + filePart("image", "a%22b.png")
                        + part("mask", "auto")
                        + "--BOUNDARY--\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("multipartBodies")
  void multipart(
      String name,
      UnaryOperator<ImageRequest.Builder> b,
      java.util.function.Supplier<String> expected)
      throws IOException {
    RequestEncoder.Encoded e =
        RequestEncoder.encode(b.apply(ImageRequest.builder("add a hat")).build(), "BOUNDARY");
    assertEquals("/images/edits", e.path());
    assertEquals("multipart/form-data; boundary=BOUNDARY", e.body().contentType());
    assertEquals(expected.get(), wire(e.body()));
  }

  @Test
  void batchLines() throws IOException {
    assertEquals(
        "{\"custom_id\":\"job-1\",\"method\":\"POST\",\"url\":\"/v1/images/generations\","
            + "\"body\":{\"model\":\"gpt-image-2\",\"prompt\":\"a fox\",\"n\":1,"
            + "\"size\":\"1024x1024\",\"style\":\"natural\"}}\n",
        wire(
            RequestEncoder.batchLine(
                ImageRequest.builder("a fox").stream(true)
                    .partialImages(1)
                    .style("natural")
                    .build(),
                "job-1")),
        "streaming fields are left out of a batch line");
    assertEquals(
        "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/images/edits\","
            + "\"body\":{\"model\":\"gpt-image-2\",\"prompt\":\"a hat\",\"n\":1,"
            + "\"size\":\"1024x1024\",\"input_fidelity\":\"low\",\"images\":["
            + "{\"image_url\":\"data:image/png;base64,"
            + pngB64
            + "\"},{\"image_url\":\"data:image/png;base64,"
            + pngB64
            + "\"}],\"mask\":{\"image_url\":\"data:image/png;base64,"
            + pngB64
            + "\"}}}\n",
        wire(
            RequestEncoder.batchLine(
                ImageRequest.builder("a hat")
                    .images(List.of(png, quoted))
                    .mask(mask)
                    .inputFidelity("low")
                    .build(),
                "e")));
    assertEquals(
        "{\"custom_id\":\"m\",\"method\":\"POST\",\"url\":\"/v1/images/edits\","
            + "\"body\":{\"model\":\"gpt-image-2\",\"prompt\":\"a hat\",\"n\":1,"
            + "\"size\":\"1024x1024\",\"images\":[{\"image_url\":\"data:image/png;base64,"
            + pngB64
            + "\"}],\"mask\":\"auto\"}}\n",
        wire(
            RequestEncoder.batchLine(
                ImageRequest.builder("a hat").images(List.of(png)).autoMask().build(), "m")));
  }

  @Test
  void fileUpload() throws IOException {
    Body body = RequestEncoder.fileUpload(png, "batch", "application/jsonl", "B");
    assertEquals("multipart/form-data; boundary=B", body.contentType());
    assertEquals(
        "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.png\"\r\n"
            + "Content-Type: application/jsonl\r\n\r\n"
            + pngText
            + "\r\n--B--\r\n",
        wire(body));
  }
}
