package gptimage.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/images/generations}: a JSON request, images made from the prompt. */
final class GenerationRoute implements RouteTable.Handler {
  private final boolean strict;
  private final Pictures pictures;
  private final Admission admission;
  private final ImageAnswers answers;

  GenerationRoute(boolean strict, Pictures pictures, Admission admission, ImageAnswers answers) {
    this.strict = strict;
    this.pictures = pictures;
    this.admission = admission;
    this.answers = answers;
  }

  @Override
  public int answer(Exchange in, Fault fault) throws IOException {
    ImageSpec asked = ImageSpec.parse(in.jsonObject()::get, false, strict);
    ImageSpec spec = fault == Fault.IGNORE_PARAMS ? asked.ignoringParams() : asked;
    if (!spec.stream()) {
      admission.waitLatency(spec); // a stream waits before each image instead
    }
    List<Pictures.Encoded> images = new ArrayList<>();
    for (int i = 0; i < spec.n(); i++) {
      images.add(pictures.generate(spec, i, Integer.MAX_VALUE));
    }
    return answers.answer(
        in,
        spec,
        images,
        i -> {
          List<Pictures.Encoded> ps = new ArrayList<>();
          for (int k = 0; k < spec.partials(); k++) {
            ps.add(pictures.generate(spec, i, k + 1));
          }
          return ps;
        },
        0,
        "image_generation",
        fault);
  }
}
