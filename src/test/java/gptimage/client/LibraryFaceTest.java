package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import gptimage.config.ClientConfig;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The library as a Java user meets it: set up from the environment, errors naming API fields. */
class LibraryFaceTest {
  @TempDir Path dir;

  @Test
  void fromEnvReadsTheEnvironmentFirstThenTheDotEnvFile() throws Exception {
    Files.writeString(
        dir.resolve(".env"),
        "OPENAI_API_KEY=from-file\nexport OPENAI_IMAGE_TIMEOUT=12.5\nOPENAI_BASE_URL=http://x/v1/\n");
    ClientConfig c =
        ClientConfig.fromEnv(
            Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1//", "OPENAI_IMAGE_MAX_RETRIES", "5"),
            dir);
    assertEquals("http://127.0.0.1:9/v1", c.baseUrl());
    assertEquals("from-file", c.apiKey());
    assertEquals(Duration.ofMillis(12_500), c.timeout());
    assertEquals(5, c.maxRetries());
    ClientConfig defaults = ClientConfig.fromEnv(Map.of("OPENAI_API_KEY", "k"), dir.resolve("no"));
    assertEquals("http://127.0.0.1:3688/v1", defaults.baseUrl());
    assertEquals(Duration.ofSeconds(600), defaults.timeout());
    assertEquals(2, defaults.maxRetries());
  }

  @Test
  void fromEnvWithoutAKeySaysWhereToSetIt() {
    UsageException e =
        assertThrows(UsageException.class, () -> ClientConfig.fromEnv(Map.of(), dir));
    assertEquals(
        "No API key: set OPENAI_API_KEY in the environment or in " + dir.resolve(".env") + ".",
        e.getMessage());
    UsageException proxy =
        assertThrows(
            UsageException.class,
            () ->
                ClientConfig.fromEnv(
                    Map.of("OPENAI_API_KEY", "k", "HTTPS_PROXY", "socks5://127.0.0.1:1080"), dir));
    assertTrue(proxy.getMessage().contains("HTTPS_PROXY"), proxy.getMessage());
  }

  @Test
  void aClientFromTheEnvironmentMakesAnImage() throws Exception {
    try (Emulator emulator = Emulator.start(EmulatorOptions.defaults());
        ImageClient client =
            ImageClient.fromEnv(
                Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", emulator.baseUrl()), dir)) {
      ImageResult r =
          client.generate(
              ImageRequest.builder("a fox").quality("low").build(),
              new ImageClient.SaveOptions(dir.resolve("out"), "fox", false));
      assertEquals(1, r.images().size());
      assertEquals(dir.resolve("out/fox-1.png"), r.images().get(0).file());
      Map<String, Object> json = ResultJson.of(r);
      assertEquals(List.of(dir.resolve("out/fox-1.png").toString()), json.get("files"));
      assertEquals("gpt-image-2", json.get("model"));
      assertFalse(json.containsKey("incomplete"));
    }
  }

  @Test
  void aTimeoutNamesTheBuilderSettingNotAFlag() throws Exception {
    try (Emulator emulator =
            Emulator.start(EmulatorOptions.defaults().fault(gptimage.emulator.Fault.HANG, true));
        ImageClient client =
            ImageClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey("k")
                .timeout(Duration.ofMillis(300))
                .maxRetries(0)
                .build()) {
      gptimage.wire.NetworkException e =
          assertThrows(
              gptimage.wire.NetworkException.class,
              () ->
                  client.generate(
                      ImageRequest.builder("a fox").build(), ImageClient.SaveOptions.in(dir)));
      assertTrue(e.getMessage().contains("(ImageClient.Builder.timeout)"), e.getMessage());
      assertFalse(e.getMessage().contains("--"), e.getMessage());
    }
  }

  static Stream<Arguments> badFields() {
    return Stream.of(
        bad(b -> b.n(11), "n", "n must be an integer from 1 to 10, got '11'."),
        bad(
            b -> b.outputCompression(101),
            "output_compression",
            "output_compression must be an integer from 0 to 100, got '101'."),
        bad(
            b -> b.partialImages(-1),
            "partial_images",
            "partial_images must be an integer from 0 to 3, got '-1'."),
        bad(
            b -> b.background("clear"),
            "background",
            "background must be one of transparent, opaque, auto, got 'clear'."),
        bad(
            b -> b.background("transparent").outputFormat("jpeg"),
            "background",
            "background transparent needs output_format png or webp, not jpeg."),
        bad(b -> b.autoMask(), "mask", "mask needs at least one image to edit."),
        bad(
            b -> b.protocol(Protocol.OPENAI_CHAT).style("vivid"),
            "style",
            "style is not supported with protocol openai_chat; remove it or use protocol"
                + " openai_images."));
  }

  static Arguments bad(UnaryOperator<ImageRequest.Builder> b, String param, String message) {
    return Arguments.of(b, param, message);
  }

  @ParameterizedTest
  @MethodSource("badFields")
  void requestErrorsNameTheApiField(
      UnaryOperator<ImageRequest.Builder> b, String param, String message) {
    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class, () -> b.apply(ImageRequest.builder("x")).build());
    assertEquals(param, e.param());
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("--"), "no flag in a library message");
  }
}
