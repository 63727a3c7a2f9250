package gptimage.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gptimage.emulator.EmulatorOptions.ChatShape;
import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Chat-completions answers byte for byte: the completion object and the chunk stream. */
class ChatAnswersTest {
  private static final String HEAD =
      "{\"id\":\"chatcmpl-c4a70001\",\"object\":\"chat.completion\",\"created\":1700000000,"
          + "\"model\":\"gpt-image-2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",";
  private static final String TAIL =
      "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1056,\"total_tokens\":1058,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"text_tokens\":2,\"image_tokens\":0},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"text_tokens\":0,"
          + "\"image_tokens\":1056}},\"service_tier\":\"default\","
          + "\"system_fingerprint\":\"fp_9ba2827204\"}";
  private static final String CHUNK =
      "data: {\"id\":\"chatcmpl-c4a70001\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1700000000,\"model\":\"gpt-image-2\","
          + "\"system_fingerprint\":\"fp_9ba2827204\",\"choices\":[";
  private static final String USAGE =
      "{\"prompt_tokens\":2,\"completion_tokens\":1056,\"total_tokens\":1058,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"text_tokens\":2,\"image_tokens\":0},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"text_tokens\":0,"
          + "\"image_tokens\":1056}}";
  private static final String IMAGE_PART =
      "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}}";

  static ChatAnswers answer(ChatShape shape) {
    ImageSpec spec = ImageAnswersTest.spec("{\"prompt\":\"a cat\"}", false);
    return new ChatAnswers(
        "chatcmpl-c4a70001",
        ImageAnswersTest.CREATED,
        "gpt-image-2",
        shape,
        "Here is your image.",
        List.of(ImageAnswersTest.TINY),
        ChatAnswers.usage(spec, 1, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MARKDOWN|\"content\":\"Here is your image.\\n\\n![image](data:image/png;base64,AQID)\",",
        "PARTS|\"content\":[{\"type\":\"text\",\"text\":\"Here is your image.\"},"
            + IMAGE_PART
            + "],",
        "IMAGES|\"content\":\"Here is your image.\",\"images\":[" + IMAGE_PART + "],"
      })
  void completions(ChatShape shape, String message) {
    assertEquals(HEAD + message + TAIL, Json.toJson(answer(shape).completion()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MARKDOWN|{\"content\":\"\\n\\n![image](data:image/png;base64,AQID)\"}",
        "PARTS|{\"content\":[" + IMAGE_PART + "]}",
        "IMAGES|{\"images\":[" + IMAGE_PART + "]}"
      })
  void chunkStreams(ChatShape shape, String imageDelta) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    answer(shape).stream(out, false, false);
    String expected =
        CHUNK
            + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":{\"content\":\"Here is your image.\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":"
            + imageDelta
            + ",\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void includeUsageAddsANullUsageToEachChunkAndAFinalUsageChunk() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    answer(ChatShape.IMAGES).stream(out, true, false);
    String expected =
        CHUNK
            + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":{\"content\":\"Here is your image.\"},"
            + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":{\"images\":["
            + IMAGE_PART
            + "]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
            + CHUNK
            + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":null}\n\n"
            + CHUNK
            + "],\"usage\":"
            + USAGE
            + "}\n\n"
            + "data: [DONE]\n\n";
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTruncatedStreamStopsInsideTheImageChunk() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(DropConnection.class, () -> answer(ChatShape.IMAGES).stream(out, false, true));
    String wire = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        "data: {\"id\":\"chatcmpl-c4a70001\",\"object\":\"chat.completion.chunk\",\"cho",
        wire.substring(wire.lastIndexOf("\n\n") + 2));
  }

  @ParameterizedTest
  @EnumSource(ChatShape.class)
  void theFingerprintIsFixedForAModel(ChatShape shape) {
    assertEquals("fp_9ba2827204", ChatAnswers.fingerprint("gpt-image-2"));
    assertEquals(
        ChatAnswers.fingerprint("gpt-image-2"),
        Json.at(Json.parse(Json.toJson(answer(shape).completion())), "system_fingerprint"));
  }
}
