package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command against answers in the exact shapes real services send, byte for byte, from a plain
 * HTTP server on loopback: keys longer than any image key ({@code system_fingerprint}, OpenRouter's
 * {@code native_finish_reason}) and escapes in keys and base64 used to end in a {@code
 * NullPointerException} or a refusal.
 */
class RealAnswerShapesTest extends EmulatorHarness {
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code body} as JSON on every path, and points the command at it. */
  private void answer(String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  private byte[] picture() throws IOException {
    return Files.readAllBytes(png(dir.resolve("src.png"), 8, 8, 0xFF112233));
  }

  @Test
  void aChatCompletionWithASystemFingerprintIsRead() throws Exception {
    byte[] png = picture();
    answer(
        """
        {
          "id": "chatcmpl-Bx7Qm2yZ",
          "object": "chat.completion",
          "created": 1764112345,
          "model": "google/gemini-2.5-flash-image",
          "provider": "Google",
          "system_fingerprint": "fp_8b4e1c2d9a",
          "choices": [
            {
              "index": 0,
              "logprobs": null,
              "finish_reason": "stop",
              "native_finish_reason": "STOP",
              "message": {
                "role": "assistant",
                "content": "Here is your owl.",
                "refusal": null,
                "reasoning": null,
                "images": [
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}
                ]
              }
            }
          ],
          "usage": {
            "prompt_tokens": 12,
            "completion_tokens": 1290,
            "total_tokens": 1302,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "accepted_prediction_tokens": 0}
          }
        }
        """
            .formatted(Base64.getEncoder().encodeToString(png)));
    Run r = run("--protocol", "chat", "--prompt", "an owl", "--max-retries", "0");
    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(png, Files.readAllBytes(Path.of(r.files().get(0))));
  }

  @Test
  void anImagesAnswerWithEscapesInKeysAndBase64IsRead() throws Exception {
    byte[] png = picture();
    String b64 = Base64.getEncoder().encodeToString(png);
    // A JSON writer may escape any character: the key's underscore, a letter of the base64,
    // and the slashes; and the padding ends the value.
    String escaped =
        b64.substring(0, 8)
            + "\\u00"
            + Integer.toHexString(b64.charAt(8))
            + b64.substring(9).replace("/", "\\/");
    answer(
        """
        {"created": 1764112345, "background": "opaque", "output_format": "png",
         "quality": "high", "size": "1024x1024",
         "data": [{"revised_prompt_of_a_long_name": "an owl", "b64\\u005fjson": "%s"}],
         "usage": {"input_tokens": 9, "output_tokens": 4160, "total_tokens": 4169,
                   "input_tokens_details": {"image_tokens": 0, "text_tokens": 9}}}
        """
            .formatted(escaped));
    Run r = run("--prompt", "an owl", "--max-retries", "0");
    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(png, Files.readAllBytes(Path.of(r.files().get(0))));
  }
}
