package gptimage.emulator;

import gptimage.json.Json;
import java.nio.charset.StandardCharsets;

/** An answer a route has made whole, to be sent as it is: status, content type and body. */
record Answer(int status, String contentType, byte[] body) {
  static Answer json(int status, Object value) {
    return new Answer(
        status, "application/json", Json.toJson(value).getBytes(StandardCharsets.UTF_8));
  }
}
