package gptimage.emulator;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/chat/completions} as image gateways serve it: the user messages' text is the
 * prompt, their {@code image_url} parts the images to edit; the answer ({@link ChatAnswers}) holds
 * the images in the shape of {@link EmulatorOptions#chatShape()} or the request's {@code
 * x-emulator-chat-shape} header.
 */
final class ChatRoute implements RouteTable.Handler {
  private final EmulatorOptions options;
  private final Pictures pictures;
  private final Admission admission;
  private final InputImages inputs;
  private final AnswerWriter writer;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();

  ChatRoute(
      EmulatorOptions options,
      Pictures pictures,
      Admission admission,
      InputImages inputs,
      AnswerWriter writer,
      Clock clock) {
    this.options = options;
    this.pictures = pictures;
    this.admission = admission;
    this.inputs = inputs;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public int answer(Exchange in, Fault fault) throws IOException {
    Map<String, Object> body = in.jsonObject();
    if (!(body.get("messages") instanceof List<?> list) || list.isEmpty()) {
      throw ApiError.invalid(
          "messages", "missing_required_parameter", "Missing required parameter: 'messages'.");
    }
    StringBuilder prompt = new StringBuilder();
    List<byte[]> given = new ArrayList<>();
    for (Object m : list) {
      if (!(m instanceof Map<?, ?> msg) || !"user".equals(msg.get("role"))) {
        continue;
      }
      Object content = msg.get("content");
      if (content instanceof String s) {
        prompt.append(s).append(' ');
      } else if (content instanceof List<?> parts) {
        for (Object part : parts) {
          if (part instanceof Map<?, ?> p) {
            if ("text".equals(p.get("type")) && p.get("text") instanceof String t) {
              prompt.append(t).append(' ');
            } else if ("image_url".equals(p.get("type"))) {
              given.add(inputs.reference(p, "messages"));
            }
          }
        }
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>(body);
    fields.put("prompt", prompt.toString().trim());
    fields.remove("messages");
    fields.remove("modalities");
    fields.remove("stream_options");
    ImageSpec spec = ImageSpec.parse(fields::get, !given.isEmpty(), false);
    admission.waitLatency(spec);
    List<Pictures.Encoded> images = new ArrayList<>();
    long inputTokens = 0;
    if (fault != Fault.NO_IMAGE) {
      BufferedImage first = given.isEmpty() ? null : InputImages.decode(given.get(0), 1);
      for (int i = 0; i < spec.n(); i++) {
        images.add(
            first == null
                ? pictures.generate(spec, i, Integer.MAX_VALUE)
                : pictures.edit(spec, first, null, i, 1.0));
      }
      if (first != null) {
        inputTokens = ImageSpec.inputImageTokens(first.getWidth(), first.getHeight());
      }
    }
    String shapeHeader = in.header("x-emulator-chat-shape");
    ChatAnswers answer =
        new ChatAnswers(
            "chatcmpl-" + Long.toHexString(0xc4a70000L + ids.incrementAndGet()),
            clock.millis() / 1000,
            spec.model(),
            shapeHeader == null
                ? options.chatShape()
                : EmulatorOptions.ChatShape.valueOf(shapeHeader.trim().toUpperCase(Locale.ROOT)),
            images.isEmpty()
                ? "I can't draw that. Could you tell me more about the picture you want?"
                : "Here is your image.",
            images,
            ChatAnswers.usage(spec, images.size(), inputTokens));
    if (spec.stream()) {
      boolean includeUsage =
          body.get("stream_options") instanceof Map<?, ?> so
              && Boolean.TRUE.equals(so.get("include_usage"));
      answer.stream(
          writer.startEvents(in),
          includeUsage,
          fault == Fault.TRUNCATED_STREAM && !images.isEmpty());
      return 200;
    }
    return writer.json(in, 200, answer.completion(), fault);
  }
}
