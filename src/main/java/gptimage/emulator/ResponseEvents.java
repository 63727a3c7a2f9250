package gptimage.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code /v1/responses} turn as the real event stream: {@code response.created}, {@code
 * response.in_progress}, {@code response.output_item.added}, {@code
 * response.image_generation_call.in_progress}, {@code .generating}, one {@code .partial_image} per
 * partial image, {@code .completed}, {@code response.output_item.done} (the item with its {@code
 * result}), {@code response.completed}; each numbered by {@code sequence_number}. The Responses
 * stream ends with the connection: no {@code [DONE]}.
 */
final class ResponseEvents {
  private final OutputStream out;
  private int sequence;

  private ResponseEvents(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes the whole stream of {@code turn}, running {@code beforeImage} (the latency) once the
   * call is generating; returns the completed response.
   */
  static Map<String, Object> stream(
      OutputStream out, Turn turn, Runnable beforeImage, java.time.Clock clock) throws IOException {
    ResponseEvents e = new ResponseEvents(out);
    e.send("response.created", "response", turn.inProgress());
    e.send("response.in_progress", "response", turn.inProgress());
    Map<String, Object> added = e.fields(0);
    added.put("item", turn.callInProgress());
    e.send("response.output_item.added", added);
    e.send("response.image_generation_call.in_progress", e.item(turn));
    e.send("response.image_generation_call.generating", e.item(turn));
    beforeImage.run();
    int partials = turn.spec().partials();
    for (int k = 0; k < partials; k++) {
      Map<String, Object> p = e.item(turn);
      p.put("partial_image_index", k);
      p.put("partial_image_b64", ImageAnswers.base64(turn.draw().apply(k), turn.fault()));
      p.put("size", turn.spec().size());
      p.put("quality", ImageAnswers.quality(turn.spec()));
      p.put("background", turn.spec().transparent() ? "transparent" : "opaque");
      p.put("output_format", turn.spec().format());
      e.send("response.image_generation_call.partial_image", p);
    }
    if (turn.fault() == Fault.TRUNCATED_STREAM) {
      out.write(
          "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"result\":\"iVBOR"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      throw new DropConnection();
    }
    Map<String, Object> item =
        turn.fault() == Fault.NO_IMAGE ? null : turn.callDone(turn.draw().apply(-1));
    if (item != null) {
      e.send("response.image_generation_call.completed", e.item(turn));
      Map<String, Object> done = e.fields(0);
      done.put("item", item);
      e.send("response.output_item.done", done);
    }
    Map<String, Object> completed = turn.completed(item, clock.millis() / 1000, partials);
    e.send("response.completed", "response", completed);
    out.close();
    return completed;
  }

  private Map<String, Object> fields(int outputIndex) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("output_index", outputIndex);
    return m;
  }

  private Map<String, Object> item(Turn turn) {
    Map<String, Object> m = fields(0);
    m.put("item_id", turn.callId());
    return m;
  }

  private void send(String type, String key, Object value) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    send(type, m);
  }

  private void send(String type, Map<String, Object> fields) throws IOException {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.putAll(fields);
    event.put("sequence_number", sequence++);
    AnswerWriter.event(out, type, event);
  }
}
