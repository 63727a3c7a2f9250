package gptimage.emulator;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /v1/images/edits}: multipart ({@code image} or repeated {@code image[]}, {@code
 * mask}) or JSON ({@code images[]} and {@code mask} references); edits of the first image, at the
 * asked size or, without one, the legal size nearest the input's shape ({@link AutoSize}).
 */
final class EditRoute implements RouteTable.Handler {
  private final boolean strict;
  private final Pictures pictures;
  private final Admission admission;
  private final InputImages inputs;
  private final ImageAnswers answers;

  EditRoute(
      boolean strict,
      Pictures pictures,
      Admission admission,
      InputImages inputs,
      ImageAnswers answers) {
    this.strict = strict;
    this.pictures = pictures;
    this.admission = admission;
    this.inputs = inputs;
    this.answers = answers;
  }

  @Override
  public int answer(Exchange in, Fault fault) throws IOException {
    List<byte[]> images = new ArrayList<>();
    Object maskValue = null;
    Function<String, Object> field;
    if (in.parts != null && !in.parts.isEmpty()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Multipart.Part p : in.parts) {
        if (p.name() == null) {
          continue;
        }
        if (p.name().equals("image") || p.name().equals("image[]")) {
          images.add(p.data());
        } else if (p.name().equals("mask")) {
          maskValue = p.filename() == null && p.text().trim().equals("auto") ? "auto" : p.data();
        } else if (p.filename() == null) {
          fields.putIfAbsent(p.name(), p.text());
        }
      }
      field = fields::get;
    } else if (in.parts == null) {
      throw ApiError.invalid(null, "invalid_multipart", "The multipart body could not be read.");
    } else {
      Map<String, Object> body = in.jsonObject();
      if (body.get("images") instanceof List<?> list) {
        for (Object ref : list) {
          images.add(inputs.reference(ref, "images"));
        }
      }
      Object mask = body.get("mask");
      if (mask != null) {
        maskValue = "auto".equals(mask) ? "auto" : inputs.reference(mask, "mask");
      }
      field = body::get;
    }
    ImageSpec spec = ImageSpec.parse(field, true, strict);
    if (fault == Fault.IGNORE_PARAMS) {
      spec = spec.ignoringParams();
    }
    if (images.isEmpty()) {
      throw ApiError.invalid(
          "image", "missing_required_parameter", "Missing required parameter: 'image'.");
    }
    if (images.size() > 16) {
      throw ApiError.invalid(
          "image",
          "invalid_value",
          "Too many images: at most 16 may be given, got " + images.size() + ".");
    }
    long inputTokens = 0;
    BufferedImage first = null;
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = InputImages.decode(images.get(i), i + 1);
      first = first == null ? image : first;
      inputTokens += ImageSpec.inputImageTokens(image.getWidth(), image.getHeight());
    }
    if (spec.autoSize()) {
      int[] wh = AutoSize.nearest(spec.model(), first.getWidth(), first.getHeight());
      spec = spec.withSize(wh[0], wh[1]);
    }
    boolean[] area = editable(maskValue, spec, first);
    if (!spec.stream()) {
      admission.waitLatency(spec); // a stream waits before each image instead
    }
    ImageSpec s = spec;
    BufferedImage base = first;
    List<Pictures.Encoded> out = new ArrayList<>();
    for (int i = 0; i < s.n(); i++) {
      out.add(pictures.edit(s, base, area, i, 1.0));
    }
    return answers.answer(
        in,
        s,
        out,
        i -> {
          List<Pictures.Encoded> ps = new ArrayList<>();
          for (int k = 0; k < s.partials(); k++) {
            ps.add(pictures.edit(s, base, area, i, (k + 1.0) / (s.partials() + 1)));
          }
          return ps;
        },
        inputTokens,
        "image_edit",
        fault);
  }

  /** The pixels the edit may change; null for all of them (no mask). */
  private static boolean[] editable(Object maskValue, ImageSpec spec, BufferedImage first) {
    if ("auto".equals(maskValue)) {
      return Pictures.autoMask(spec.width(), spec.height());
    }
    if (!(maskValue instanceof byte[] maskBytes)) {
      return null;
    }
    BufferedImage mask = InputImages.decode(maskBytes, 0);
    return InputImages.editable(mask, first, spec, "mask");
  }
}
