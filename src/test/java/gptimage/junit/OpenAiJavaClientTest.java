package gptimage.junit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenCompletedEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import gptimage.emulator.Emulator;
import gptimage.emulator.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's official Java client (openai-java), pointed at the emulator through {@link
 * EmulatorExtension}. The client reads every answer into its typed models and {@code validate()}
 * checks each required field and its type, so a pass shows the emulator's answers have the real
 * API's shapes.
 */
class OpenAiJavaClientTest {

  @RegisterExtension static EmulatorExtension emu = EmulatorExtension.withDefaults();

  static OpenAIClient client;

  @BeforeAll
  static void connect() {
    client = OpenAIOkHttpClient.builder().baseUrl(emu.baseUrl()).apiKey("sk-test-0000").build();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void generatesWithTheOfficialClient() throws IOException {
    ImagesResponse answer =
        client
            .images()
            .generate(
                ImageGenerateParams.builder()
                    .model("gpt-image-2")
                    .prompt("a lighthouse at dusk")
                    .size("1024x1024")
                    .quality(ImageGenerateParams.Quality.LOW)
                    .build())
            .validate();

    List<Image> data = answer.data().orElseThrow();
    assertEquals(1, data.size());
    BufferedImage picture = decodePng(data.get(0).b64Json().orElseThrow());
    assertEquals(1024, picture.getWidth());
    assertEquals(1024, picture.getHeight());
    ImagesResponse.Usage usage = answer.usage().orElseThrow().validate();
    assertEquals(usage.inputTokens() + usage.outputTokens(), usage.totalTokens());
    assertTrue(answer.created() > 1_600_000_000L, "created is epoch seconds: " + answer.created());

    RecordedRequest sent = emu.lastRequest();
    assertEquals(1, emu.requests().size(), "the log holds this test's request only");
    assertEquals("/v1/images/generations", sent.path());
    assertEquals("Bearer ****0000", sent.header("authorization"));
    assertEquals("gpt-image-2", ((java.util.Map<?, ?>) sent.json()).get("model"));
  }

  @Test
  void theImagesAnswerCarriesTheFieldsTheRealApiSends() {
    ImagesResponse answer =
        client
            .images()
            .generate(
                ImageGenerateParams.builder()
                    .model("gpt-image-2")
                    .prompt("a red fox")
                    .size("1536x1024")
                    .outputFormat(ImageGenerateParams.OutputFormat.WEBP)
                    .build())
            .validate();

    assertEquals("webp", answer.outputFormat().orElseThrow().asString());
    assertEquals("1536x1024", answer.size().orElseThrow().asString());
    assertTrue(answer.quality().isPresent(), "quality");
    assertTrue(answer.background().isPresent(), "background");
  }

  @Test
  void editsARealPngWithTheOfficialClient(@TempDir Path dir, Emulator running) throws Exception {
    Path input = dir.resolve("dog.png");
    BufferedImage source = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    source.setRGB(10, 10, 0xff3366);
    ImageIO.write(source, "png", input.toFile());
    byte[] bytes = Files.readAllBytes(input);

    ImagesResponse answer =
        client
            .images()
            .edit(
                ImageEditParams.builder()
                    .model("gpt-image-2")
                    .image(input)
                    .prompt("add a red scarf")
                    .size("1024x1024")
                    .build())
            .validate();

    decodePng(answer.data().orElseThrow().get(0).b64Json().orElseThrow());
    RecordedRequest sent = running.lastRequest();
    assertEquals("/v1/images/edits", sent.path());
    assertEquals("add a red scarf", sent.field("prompt"));
    assertEquals(1, sent.files().size());
    RecordedRequest.FilePart part = sent.files().get(0);
    assertEquals(bytes.length, part.size());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
        part.sha256(),
        "the emulator received the PNG's own bytes");
  }

  @Test
  void chatCompletionWithTheOfficialClient() throws IOException {
    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-image-2")
                    .addUserMessage("an owl on a branch")
                    .build())
            .validate();

    assertEquals("gpt-image-2", answer.model());
    assertTrue(answer.id().startsWith("chatcmpl"), answer.id());
    assertNotNull(answer.usage().orElseThrow().validate());
    String text = answer.choices().get(0).message().content().orElseThrow();
    Matcher image = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(text);
    assertTrue(image.find(), text.length() > 200 ? text.substring(0, 200) : text);
    decodePng(image.group(1));
    assertEquals("/v1/chat/completions", emu.lastRequest().path());
  }

  @Test
  void streamsPartialAndFinalImagesWithTheOfficialClient() throws IOException {
    List<ImageGenStreamEvent> events;
    try (StreamResponse<ImageGenStreamEvent> stream =
        client
            .images()
            .generateStreaming(
                ImageGenerateParams.builder()
                    .model("gpt-image-2")
                    .prompt("a city at night")
                    .size("1024x1024")
                    .partialImages(2)
                    .build())) {
      events = stream.stream().map(ImageGenStreamEvent::validate).toList();
    }
    assertEquals(3, events.size(), "two partial images, then the final one");
    assertTrue(events.get(0).isGenerationPartialImage());
    assertEquals(0, events.get(0).asGenerationPartialImage().partialImageIndex());
    assertEquals(1, events.get(1).asGenerationPartialImage().partialImageIndex());
    ImageGenCompletedEvent done = events.get(2).asGenerationCompleted();
    assertEquals(1024, decodePng(done.b64Json()).getWidth());
    assertEquals("1024x1024", done.size().asString());
    done.usage().validate();
    assertEquals(Boolean.TRUE, ((java.util.Map<?, ?>) emu.lastRequest().json()).get("stream"));
  }

  @Test
  @SuppressWarnings("deprecation") // response_format: deprecated by OpenAI, used by many gateways
  void downloadsAnImageGivenAsAUrl() throws Exception {
    ImagesResponse answer =
        client
            .images()
            .generate(
                ImageGenerateParams.builder()
                    .model("gpt-image-2")
                    .prompt("a kite")
                    .n(2)
                    .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                    .build())
            .validate();

    List<Image> data = answer.data().orElseThrow();
    assertEquals(2, data.size());
    java.net.http.HttpResponse<byte[]> png =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(data.get(1).url().orElseThrow()))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, png.statusCode());
    decodePng(Base64.getEncoder().encodeToString(png.body()));
  }

  @Test
  @SuppressWarnings("deprecation") // system_fingerprint: deprecated in openai-java, still sent
  void chatCompletionCarriesTheSystemFingerprint() {
    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-image-2")
                    .addUserMessage("an owl")
                    .build())
            .validate();
    assertTrue(answer.systemFingerprint().orElseThrow().startsWith("fp_"));
  }

  private static BufferedImage decodePng(String base64) throws IOException {
    byte[] png = Base64.getDecoder().decode(base64);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), "PNG magic");
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(picture, "a decodable PNG");
    return picture;
  }
}
