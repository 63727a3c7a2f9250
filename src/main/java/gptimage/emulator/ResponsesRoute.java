package gptimage.emulator;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * {@code POST /v1/responses} with the {@code image_generation} tool: one image per response, made
 * from the input's text, or an edit of its input images or, with {@code previous_response_id}, of
 * the previous response's image (so a chain of turns visibly continues one picture). Answers whole
 * or, with {@code stream: true}, as the real event stream ({@link ResponseEvents}). Also {@code GET
 * /v1/responses/{id}}.
 */
final class ResponsesRoute implements RouteTable.Handler {
  private final boolean strict;
  private final Pictures pictures;
  private final Admission admission;
  private final InputImages inputs;
  private final AnswerWriter writer;
  private final Clock clock;
  private final ResponseStore store = new ResponseStore();
  private final AtomicLong ids = new AtomicLong();

  ResponsesRoute(
      boolean strict,
      Pictures pictures,
      Admission admission,
      InputImages inputs,
      AnswerWriter writer,
      Clock clock) {
    this.strict = strict;
    this.pictures = pictures;
    this.admission = admission;
    this.inputs = inputs;
    this.writer = writer;
    this.clock = clock;
  }

  /** {@code GET /v1/responses/{id}}: a stored response as it was answered. */
  int get(Exchange in, Fault fault) throws IOException {
    return writer.json(in, 200, store.get(in.segment(2)).json(), null);
  }

  @Override
  public int answer(Exchange in, Fault fault) throws IOException {
    Map<String, Object> body = in.jsonObject();
    if (!(body.get("model") instanceof String model) || model.isBlank()) {
      throw ApiError.invalid(
          "model", "missing_required_parameter", "Missing required parameter: 'model'.");
    }
    Map<?, ?> tool = imageTool(body.get("tools"));
    checkToolChoice(body.get("tool_choice"), tool);
    Object previousId = body.get("previous_response_id");
    ResponseStore.Stored previous =
        previousId == null ? null : store.previous(String.valueOf(previousId));
    ResponseInput input = ResponseInput.read(body.get("input"), inputs, store);
    long created = clock.millis() / 1000;
    String id = newId("resp_");
    boolean stream = Boolean.TRUE.equals(body.get("stream"));
    if (tool == null) {
      List<Object> out =
          List.of(
              ResponseJson.message(
                  newId("msg_"),
                  "I can draw that when the request gives me the image_generation tool."));
      Map<String, Object> r =
          ResponseJson.response(
              id,
              body,
              "completed",
              created,
              created,
              out,
              ResponseJson.usage(input.prompt(), null));
      store.put(new ResponseStore.Stored(id, r, null, null));
      return writer.json(in, 200, r, fault);
    }
    String action = tool.get("action") == null ? "auto" : String.valueOf(tool.get("action"));
    if (!List.of("auto", "generate", "edit").contains(action)) {
      throw ApiError.invalid(
          "tools[0].action",
          "invalid_value",
          "Invalid 'action': must be one of auto, generate, edit; got '" + action + "'.");
    }
    List<byte[]> bases = new ArrayList<>(input.images());
    boolean continued = false;
    if (bases.isEmpty() && previous != null && previous.image() != null) {
      bases.add(previous.image());
      continued = true;
    }
    boolean edit = !action.equals("generate") && !bases.isEmpty();
    if (action.equals("edit") && !edit) {
      throw ApiError.invalid(
          "tools[0].action",
          "invalid_value",
          "The image generation tool was asked to edit, but there is no image to edit: give an"
              + " input_image or a previous_response_id whose response made one.");
    }
    if (input.prompt().isBlank()) {
      throw ApiError.invalid(
          "input", "invalid_value", "The input has no text for the image generation tool.");
    }
    Function<String, Object> field =
        name ->
            switch (name) {
              case "prompt" -> input.prompt();
              case "stream" -> body.get("stream");
              case "n", "response_format", "style", "seed" -> null;
              case "model" -> tool.get("model") == null ? "gpt-image-2" : tool.get("model");
              default -> tool.get(name);
            };
    ImageSpec spec = ImageSpec.parse(field, edit, strict);
    long inputTokens = 0;
    BufferedImage first = null;
    for (int i = 0; i < bases.size() && edit; i++) {
      BufferedImage image = InputImages.decode(bases.get(i), i + 1);
      first = first == null ? image : first;
      inputTokens += ImageSpec.inputImageTokens(image.getWidth(), image.getHeight());
    }
    if (edit && spec.autoSize()) {
      int[] wh = AutoSize.nearest(spec.model(), first.getWidth(), first.getHeight());
      spec = spec.withSize(wh[0], wh[1]);
    }
    ImageSpec s = spec;
    BufferedImage base = first;
    boolean[] area = edit ? mask(tool.get("input_image_mask"), s, base) : null;
    IntFunction<Pictures.Encoded> draw =
        k ->
            edit
                ? pictures.edit(s, base, area, 0, k < 0 ? 1.0 : (k + 1.0) / (s.partials() + 1))
                : pictures.generate(s, 0, k < 0 ? Integer.MAX_VALUE : k + 1);
    String revised =
        !edit
            ? input.prompt()
            : input.prompt()
                + (continued
                    ? " (continuing " + previous.callId() + " of " + previous.id() + ")"
                    : " (editing the input image)");
    Turn turn =
        new Turn(
            id,
            newId("ig_"),
            body,
            s,
            edit ? "edit" : "generate",
            revised,
            created,
            input.prompt(),
            inputTokens,
            draw,
            fault);
    if (stream) {
      OutputStream out = writer.startEvents(in);
      Map<String, Object> done =
          ResponseEvents.stream(out, turn, () -> admission.waitLatency(s), clock);
      remember(turn, done);
      return 200;
    }
    admission.waitLatency(s);
    Map<String, Object> r = turn.completed(draw.apply(-1), clock.millis() / 1000);
    remember(turn, r);
    return writer.json(in, 200, r, fault);
  }

  private void remember(Turn turn, Map<String, Object> response) {
    Object result = lastResult(response);
    byte[] image = result instanceof String b64 ? Base64.getDecoder().decode(b64) : null;
    store.put(new ResponseStore.Stored(turn.id(), response, image, turn.callId()));
  }

  /** The image the last output item carries, as base64; null where there is none. */
  private static Object lastResult(Map<String, Object> response) {
    if (response.get("output") instanceof List<?> out
        && !out.isEmpty()
        && out.get(out.size() - 1) instanceof Map<?, ?> item) {
      return item.get("result");
    }
    return null;
  }

  /** The {@code image_generation} entry of {@code tools}, or null. */
  private static Map<?, ?> imageTool(Object tools) {
    if (tools == null) {
      return null;
    }
    if (!(tools instanceof List<?> list)) {
      throw ApiError.invalid("tools", "invalid_type", "Invalid 'tools': expected an array.");
    }
    for (Object t : list) {
      if (t instanceof Map<?, ?> m && "image_generation".equals(m.get("type"))) {
        return m;
      }
    }
    return null;
  }

  /** A forced tool call needs that tool among {@code tools}, as the API insists. */
  private static void checkToolChoice(Object choice, Map<?, ?> tool) {
    String forced =
        choice instanceof Map<?, ?> m
            ? String.valueOf(m.get("type"))
            : "required".equals(choice) ? "required" : null;
    if (forced == null || tool != null) {
      return;
    }
    throw ApiError.invalid(
        "tool_choice",
        "invalid_value",
        forced.equals("required")
            ? "Tool choice 'required' needs at least one tool in 'tools'."
            : "Tool choice '" + forced + "' not found in 'tools' parameter.");
  }

  /** The pixels the edit may change, from {@code input_image_mask}; null for all. */
  private boolean[] mask(Object maskRef, ImageSpec spec, BufferedImage first) {
    if (maskRef == null) {
      return null;
    }
    BufferedImage mask =
        InputImages.decode(inputs.reference(maskRef, "tools[0].input_image_mask"), 0);
    return InputImages.editable(mask, first, spec, "tools[0].input_image_mask");
  }

  private String newId(String prefix) {
    return prefix
        + Long.toHexString(clock.millis())
        + String.format("%08x", ids.incrementAndGet() * 0x9E3779B1L & 0xFFFFFFFFL);
  }
}
