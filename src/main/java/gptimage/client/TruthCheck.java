package gptimage.client;

import gptimage.output.Alpha;
import gptimage.wire.SizeRules.Size;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares what came back with what was asked, because gateways drop parameters and still answer
 * 200: each saved image's real width and height (against a {@code WxH} size), format (against
 * {@code output_format}), alpha channel (against {@code background=transparent}), and the number of
 * images (against {@code n}). Each difference is one line for {@link ImageResult#warnings()}, such
 * as "asked 1536x1024, got 1024x1024: the endpoint ignored size".
 */
public final class TruthCheck {
  private TruthCheck() {}

  /**
   * The differences between {@code request} and the {@code images} saved for it, each once, in the
   * order found. {@code complete} false (a stream that broke off) skips the count, which the result
   * already explains.
   */
  public static List<String> check(
      ImageRequest request, List<SavedImage> images, boolean complete) {
    Set<String> out = new LinkedHashSet<>();
    int n = request.extra().get("n") instanceof Number v ? v.intValue() : request.n();
    if (complete && images.size() != n) {
      out.add("asked " + n + " image" + (n == 1 ? "" : "s") + ", got " + images.size());
    }
    boolean imagesApi =
        request.protocol() != Protocol.OPENAI_CHAT; // the Images API or the image tool
    Size asked = imagesApi ? Size.parse(sent(request, "size", request.size())) : null;
    String format = imagesApi ? sent(request, "output_format", request.outputFormat()) : null;
    boolean transparent =
        imagesApi && "transparent".equals(sent(request, "background", request.background()));
    for (SavedImage image : images) {
      if (asked != null
          && image.width() > 0
          && (image.width() != asked.width() || image.height() != asked.height())) {
        out.add(
            "asked "
                + asked
                + ", got "
                + image.width()
                + "x"
                + image.height()
                + ": the endpoint ignored size");
      }
      String got = formatOf(image.mimeType());
      if (format != null && !format.equals(got)) {
        out.add("asked " + format + ", got " + got + ": the endpoint ignored output_format");
      }
      if (transparent && Boolean.FALSE.equals(alpha(image))) {
        out.add("asked a transparent background, the image has no alpha");
      }
    }
    return List.copyOf(out);
  }

  /** The value sent: the extra JSON's where it sets the key, else the request's. */
  private static String sent(ImageRequest request, String key, String value) {
    Object extra = request.extra().get(key);
    return extra != null ? String.valueOf(extra) : value;
  }

  private static String formatOf(String mime) {
    String sub = mime.substring(mime.indexOf('/') + 1);
    return sub.equals("svg+xml") ? "svg" : sub;
  }

  private static Boolean alpha(SavedImage image) {
    try {
      return Alpha.of(image.file());
    } catch (IOException e) {
      return null;
    }
  }
}
