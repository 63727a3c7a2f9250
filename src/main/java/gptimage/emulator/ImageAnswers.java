package gptimage.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The images routes' answers in the real API's shapes: an {@code ImagesResponse} (GPT image models:
 * {@code created, data, background, output_format, size, quality, usage}; dall-e models only {@code
 * created, data}), or with {@code stream: true} the {@code *.partial_image} and {@code *.completed}
 * events, then {@code data: [DONE]}. Faults that spoil an answer are applied here.
 */
final class ImageAnswers {
  private final AnswerWriter writer;
  private final StoredUrls urls;
  private final Admission admission;
  private final Clock clock;

  ImageAnswers(AnswerWriter writer, StoredUrls urls, Admission admission, Clock clock) {
    this.writer = writer;
    this.urls = urls;
    this.admission = admission;
    this.clock = clock;
  }

  /**
   * Answers with {@code images}; {@code partials} gives image i's partial images when streaming,
   * {@code prefix} names the events ({@code image_generation} or {@code image_edit}).
   */
  int answer(
      Exchange in,
      ImageSpec spec,
      List<Pictures.Encoded> images,
      IntFunction<List<Pictures.Encoded>> partials,
      long inputImageTokens,
      String prefix,
      Fault fault)
      throws IOException {
    if (spec.stream()) {
      OutputStream out = writer.startEvents(in);
      stream(
          out,
          spec,
          images,
          partials,
          inputImageTokens,
          prefix,
          fault,
          clock,
          () -> admission.waitLatency(spec));
      return 200;
    }
    boolean noImage = fault == Fault.NO_IMAGE;
    boolean url = "url".equals(spec.responseFormat());
    byte[] body =
        body(
            spec,
            noImage ? List.of() : images,
            url ? "url" : "b64_json",
            url ? image -> urls.store(image, fault) : image -> base64(image, fault),
            clock.millis() / 1000,
            inputImageTokens);
    return writer.send(in, 200, "application/json", body, fault);
  }

  /** True for the models whose answers carry only {@code created} and {@code data}. */
  static boolean legacy(String model) {
    return model.startsWith("dall-e");
  }

  /** The quality the answer reports: {@code auto} (or none asked) is served as medium. */
  static String quality(ImageSpec spec) {
    return spec.quality() == null || spec.quality().equals("auto") ? "medium" : spec.quality();
  }

  /** An {@code ImagesResponse} body; {@code payload} gives each image's {@code key} value. */
  static byte[] body(
      ImageSpec spec,
      List<Pictures.Encoded> images,
      String key,
      Function<Pictures.Encoded, String> payload,
      long created,
      long inputImageTokens)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.generator(buf)) {
      g.writeStartObject();
      g.writeNumberField("created", created);
      g.writeArrayFieldStart("data");
      for (Pictures.Encoded image : images) {
        g.writeStartObject();
        g.writeStringField(key, payload.apply(image));
        if (spec.model().equals("dall-e-3")) {
          g.writeStringField("revised_prompt", spec.prompt());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!legacy(spec.model())) {
        g.writeStringField("background", spec.transparent() ? "transparent" : "opaque");
        g.writeStringField("output_format", spec.format());
        g.writeStringField("size", spec.size());
        g.writeStringField("quality", quality(spec));
        g.writeFieldName("usage");
        Json.write(g, spec.usage(images.size(), inputImageTokens, 0));
      }
      g.writeEndObject();
    }
    return buf.toByteArray();
  }

  /**
   * The event stream for {@code images}: per image its partial events, then its completed event
   * (usage counts the input once, on the first), then {@code data: [DONE]}. {@code beforeImage}
   * runs before each image (the latency).
   */
  static void stream(
      OutputStream out,
      ImageSpec spec,
      List<Pictures.Encoded> images,
      IntFunction<List<Pictures.Encoded>> partials,
      long inputImageTokens,
      String prefix,
      Fault fault,
      Clock clock,
      Runnable beforeImage)
      throws IOException {
    for (int i = 0; i < images.size(); i++) {
      beforeImage.run();
      boolean last = i == images.size() - 1;
      List<Pictures.Encoded> ps = partials.apply(i);
      for (int k = 0; k < ps.size(); k++) {
        Map<String, Object> event =
            event(prefix + ".partial_image", spec, base64(ps.get(k), fault), clock);
        event.put("partial_image_index", k);
        AnswerWriter.event(out, prefix + ".partial_image", event);
        if (fault == Fault.TRUNCATED_STREAM && last) {
          cutMidEvent(out, prefix);
        }
      }
      if (fault == Fault.TRUNCATED_STREAM && last) {
        cutMidEvent(out, prefix);
      }
      if (fault == Fault.NO_IMAGE) {
        continue;
      }
      Map<String, Object> done =
          event(prefix + ".completed", spec, base64(images.get(i), fault), clock);
      done.put("usage", spec.usage(1, i == 0 ? inputImageTokens : 0, ps.size()));
      AnswerWriter.event(out, prefix + ".completed", done);
    }
    AnswerWriter.done(out);
  }

  /** An event's fields before its own ({@code partial_image_index} or {@code usage}). */
  private static Map<String, Object> event(String type, ImageSpec spec, String b64, Clock clock) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("b64_json", b64);
    e.put("created_at", clock.millis() / 1000);
    e.put("size", spec.size());
    e.put("quality", quality(spec));
    e.put("background", spec.transparent() ? "transparent" : "opaque");
    e.put("output_format", spec.format());
    return e;
  }

  /** Sends the start of an event, then drops the connection with no closing chunk. */
  private static void cutMidEvent(OutputStream out, String prefix) throws IOException {
    out.write(
        ("event: "
                + prefix
                + ".completed\ndata: {\"type\":\""
                + prefix
                + ".completed\",\"b64_json\":\"iVBOR")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    throw new DropConnection();
  }

  /** The image's base64, or what the {@link Fault#BAD_BASE64} and NOT_IMAGE faults put there. */
  static String base64(Pictures.Encoded image, Fault fault) {
    if (fault == Fault.BAD_BASE64) {
      return "iVBORw0KGgo*not~base64*" + image.base64().substring(0, 64);
    }
    if (fault == Fault.NOT_IMAGE) {
      return Base64.getEncoder().encodeToString(StoredUrls.NOT_AN_IMAGE);
    }
    return image.base64();
  }
}
