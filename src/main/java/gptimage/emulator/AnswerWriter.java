package gptimage.emulator;

import gptimage.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes answers on the wire: whole bodies (cut or slowed where a {@link Fault} says so), the API's
 * error shape, and server-sent events. Every answer's status reaches the {@link RequestLog} before
 * its first byte leaves, so a client never sees an answer before the log does.
 */
final class AnswerWriter {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final RequestLog log;
  private final Duration slowBody;
  private final CountDownLatch stopped;

  AnswerWriter(RequestLog log, Duration slowBody, CountDownLatch stopped) {
    this.log = log;
    this.slowBody = slowBody;
    this.stopped = stopped;
  }

  /** {@code {"error": {"message", "type", "param", "code"}}} with the error's status. */
  int error(Exchange in, ApiError e) throws IOException {
    return send(in, e.status, "application/json", errorBody(e), null);
  }

  static byte[] errorBody(ApiError e) {
    if (e.shape != null) {
      return Json.toJson(Map.of("error", e.shape)).getBytes(StandardCharsets.UTF_8);
    }
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("message", e.getMessage());
    err.put("type", e.type);
    err.put("param", e.param);
    err.put("code", e.code);
    return Json.toJson(Map.of("error", err)).getBytes(StandardCharsets.UTF_8);
  }

  int json(Exchange in, int status, Object value, Fault fault) throws IOException {
    return send(
        in, status, "application/json", Json.toJson(value).getBytes(StandardCharsets.UTF_8), fault);
  }

  int send(Exchange in, Answer a) throws IOException {
    return send(in, a.status(), a.contentType(), a.body(), null);
  }

  /** Sends a whole body, cut or slowed where the fault says so. */
  int send(Exchange in, int status, String type, byte[] body, Fault fault) throws IOException {
    in.ex.getResponseHeaders().set("content-type", type);
    log.answered(in.slot, status);
    if (fault == Fault.TRUNCATED_JSON) {
      in.ex.sendResponseHeaders(status, 0);
      try (OutputStream out = in.ex.getResponseBody()) {
        out.write(body, 0, body.length / 2);
      }
    } else if (fault == Fault.SLOW_BODY) {
      in.ex.sendResponseHeaders(status, body.length);
      long pause = slowBody.toMillis() / 20;
      try (OutputStream out = in.ex.getResponseBody()) {
        int step = (body.length + 19) / 20;
        for (int at = 0; at < body.length; at += step) {
          out.write(body, at, Math.min(step, body.length - at));
          out.flush();
          if (stopped.await(pause, TimeUnit.MILLISECONDS)) {
            throw new DropConnection();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DropConnection();
      }
    } else {
      in.ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = in.ex.getResponseBody()) {
        out.write(body);
      }
    }
    return status;
  }

  /** Starts a 200 {@code text/event-stream}; the caller writes events, then closes the stream. */
  OutputStream startEvents(Exchange in) throws IOException {
    in.ex.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
    in.ex.getResponseHeaders().set("cache-control", "no-cache");
    log.answered(in.slot, 200);
    in.ex.sendResponseHeaders(200, 0);
    return in.ex.getResponseBody();
  }

  /** One named event: {@code event: NAME\ndata: JSON\n\n}, flushed. */
  static void event(OutputStream out, String name, Object data) throws IOException {
    out.write(("event: " + name + "\n").getBytes(StandardCharsets.US_ASCII));
    data(out, data);
  }

  /** One unnamed event: {@code data: JSON\n\n}, flushed (the chat-completions framing). */
  static void data(OutputStream out, Object data) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.US_ASCII));
    out.write(Json.toJson(data).getBytes(StandardCharsets.UTF_8));
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** {@code data: [DONE]\n\n}, the end of a stream, then closes it. */
  static void done(OutputStream out) throws IOException {
    out.write(DONE);
    out.close();
  }
}
