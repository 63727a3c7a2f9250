package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The images answers byte for byte: {@code ImagesResponse} bodies and the SSE event streams. */
class ImageAnswersTest {
  static final long CREATED = 1_700_000_000L;
  static final Clock AT = Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC);

  /** Three bytes of "image", base64 {@code AQID}: the shapes around it are what is pinned. */
  static final Pictures.Encoded TINY = new Pictures.Encoded(new byte[] {1, 2, 3}, "png");

  static ImageSpec spec(String json, boolean edit) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse(json);
    return ImageSpec.parse(m::get, edit, false);
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of(
            "{\"prompt\":\"a cat\"}",
            "{\"created\":1700000000,\"data\":[{\"b64_json\":\"AQID\"}],\"background\":\"opaque\","
                + "\"output_format\":\"png\",\"size\":\"1024x1024\",\"quality\":\"medium\","
                + "\"usage\":{\"total_tokens\":1058,\"input_tokens\":2,\"output_tokens\":1056,"
                + "\"input_tokens_details\":{\"text_tokens\":2,\"image_tokens\":0},"
                + "\"output_tokens_details\":{\"image_tokens\":1056,\"text_tokens\":0}}}"),
        Arguments.of(
            "{\"prompt\":\"a cat\",\"quality\":\"auto\",\"background\":\"auto\"}",
            "{\"created\":1700000000,\"data\":[{\"b64_json\":\"AQID\"}],\"background\":\"opaque\","
                + "\"output_format\":\"png\",\"size\":\"1024x1024\",\"quality\":\"medium\","
                + "\"usage\":{\"total_tokens\":1058,\"input_tokens\":2,\"output_tokens\":1056,"
                + "\"input_tokens_details\":{\"text_tokens\":2,\"image_tokens\":0},"
                + "\"output_tokens_details\":{\"image_tokens\":1056,\"text_tokens\":0}}}"),
        Arguments.of(
            "{\"prompt\":\"a cat\",\"quality\":\"high\",\"background\":\"transparent\","
                + "\"output_format\":\"webp\",\"size\":\"1536x1024\",\"n\":2}",
            "{\"created\":1700000000,\"data\":[{\"b64_json\":\"AQID\"},{\"b64_json\":\"AQID\"}],"
                + "\"background\":\"transparent\",\"output_format\":\"webp\",\"size\":\"1536x1024\","
                + "\"quality\":\"high\",\"usage\":{\"total_tokens\":12482,\"input_tokens\":2,"
                + "\"output_tokens\":12480,\"input_tokens_details\":{\"text_tokens\":2,"
                + "\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":12480,"
                + "\"text_tokens\":0}}}"),
        Arguments.of(
            "{\"prompt\":\"a cat\",\"model\":\"dall-e-2\",\"size\":\"256x256\"}",
            "{\"created\":1700000000,\"data\":[{\"b64_json\":\"AQID\"}]}"),
        Arguments.of(
            "{\"prompt\":\"a cat\",\"model\":\"dall-e-3\",\"quality\":\"hd\"}",
            "{\"created\":1700000000,\"data\":[{\"b64_json\":\"AQID\",\"revised_prompt\":\"a cat\"}]}"));
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void imagesResponseBodies(String request, String answer) throws Exception {
    ImageSpec spec = spec(request, false);
    byte[] body =
        ImageAnswers.body(
            spec,
            Collections.nCopies(spec.n(), TINY),
            "b64_json",
            Pictures.Encoded::base64,
            CREATED,
            0);
    assertEquals(answer, new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void urlAnswersCarryTheUrlWhereBase64WouldBe() throws Exception {
    ImageSpec spec =
        spec("{\"prompt\":\"a\",\"model\":\"dall-e-2\",\"response_format\":\"url\"}", false);
    byte[] body =
        ImageAnswers.body(
            spec, List.of(TINY), "url", image -> "http://127.0.0.1:1/images/x.png", CREATED, 0);
    assertEquals(
        "{\"created\":1700000000,\"data\":[{\"url\":\"http://127.0.0.1:1/images/x.png\"}]}",
        new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyAnswerStillHasItsShape() throws Exception {
    byte[] body =
        ImageAnswers.body(
            spec("{\"prompt\":\"a cat\"}", false),
            List.of(),
            "b64_json",
            Pictures.Encoded::base64,
            CREATED,
            0);
    assertEquals(
        "{\"created\":1700000000,\"data\":[],\"background\":\"opaque\",\"output_format\":\"png\","
            + "\"size\":\"1024x1024\",\"quality\":\"medium\",\"usage\":{\"total_tokens\":2,"
            + "\"input_tokens\":2,\"output_tokens\":0,\"input_tokens_details\":{\"text_tokens\":2,"
            + "\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":0,\"text_tokens\":0}}}",
        new String(body, StandardCharsets.UTF_8));
  }

  static Stream<Arguments> streams() {
    return Stream.of(
        Arguments.of(
            "{\"prompt\":\"a cat\",\"stream\":true,\"partial_images\":1}",
            false,
            0L,
            "image_generation",
            "event: image_generation.partial_image\n"
                + "data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"AQID\","
                + "\"created_at\":1700000000,\"size\":\"1024x1024\",\"quality\":\"medium\","
                + "\"background\":\"opaque\",\"output_format\":\"png\",\"partial_image_index\":0}\n"
                + "\n"
                + "event: image_generation.completed\n"
                + "data: {\"type\":\"image_generation.completed\",\"b64_json\":\"AQID\","
                + "\"created_at\":1700000000,\"size\":\"1024x1024\",\"quality\":\"medium\","
                + "\"background\":\"opaque\",\"output_format\":\"png\",\"usage\":{"
                + "\"total_tokens\":1158,\"input_tokens\":2,\"output_tokens\":1156,"
                + "\"input_tokens_details\":{\"text_tokens\":2,\"image_tokens\":0},"
                + "\"output_tokens_details\":{\"image_tokens\":1156,\"text_tokens\":0}}}\n"
                + "\n"
                + "data: [DONE]\n"
                + "\n"),
        Arguments.of(
            "{\"prompt\":\"a cat\",\"stream\":true,\"n\":2,\"size\":\"1024x1536\","
                + "\"quality\":\"low\",\"background\":\"transparent\"}",
            true,
            194L,
            "image_edit",
            "event: image_edit.completed\n"
                + "data: {\"type\":\"image_edit.completed\",\"b64_json\":\"AQID\","
                + "\"created_at\":1700000000,\"size\":\"1024x1536\",\"quality\":\"low\","
                + "\"background\":\"transparent\",\"output_format\":\"png\",\"usage\":{"
                + "\"total_tokens\":604,\"input_tokens\":196,\"output_tokens\":408,"
                + "\"input_tokens_details\":{\"text_tokens\":2,\"image_tokens\":194},"
                + "\"output_tokens_details\":{\"image_tokens\":408,\"text_tokens\":0}}}\n"
                + "\n"
                + "event: image_edit.completed\n"
                + "data: {\"type\":\"image_edit.completed\",\"b64_json\":\"AQID\","
                + "\"created_at\":1700000000,\"size\":\"1024x1536\",\"quality\":\"low\","
                + "\"background\":\"transparent\",\"output_format\":\"png\",\"usage\":{"
                + "\"total_tokens\":410,\"input_tokens\":2,\"output_tokens\":408,"
                + "\"input_tokens_details\":{\"text_tokens\":2,\"image_tokens\":0},"
                + "\"output_tokens_details\":{\"image_tokens\":408,\"text_tokens\":0}}}\n"
                + "\n"
                + "data: [DONE]\n"
                + "\n"));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void eventStreams(String request, boolean edit, long inputTokens, String prefix, String wire)
      throws Exception {
    ImageSpec spec = spec(request, edit);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] waits = {0};
    ImageAnswers.stream(
        out,
        spec,
        Collections.nCopies(spec.n(), TINY),
        i -> Collections.nCopies(spec.partials(), TINY),
        inputTokens,
        prefix,
        null,
        AT,
        () -> waits[0]++);
    assertEquals(wire, out.toString(StandardCharsets.UTF_8));
    assertEquals(spec.n(), waits[0], "the latency is waited once before each image");
  }

  @Test
  void noImageFaultStreamsPartialsButNoCompletedEvent() throws Exception {
    ImageSpec spec = spec("{\"prompt\":\"a cat\",\"stream\":true,\"partial_images\":1}", false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageAnswers.stream(
        out,
        spec,
        List.of(TINY),
        i -> List.of(TINY),
        0,
        "image_generation",
        Fault.NO_IMAGE,
        AT,
        () -> {});
    String wire = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        List.of("event: image_generation.partial_image", "data: [DONE]"),
        wire.lines().filter(l -> l.startsWith("event:") || l.equals("data: [DONE]")).toList());
  }
}
