package gptimage.cli;

import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.Protocol;
import gptimage.client.ResultJson;
import gptimage.client.Sidecar;
import gptimage.client.SizeSolver;
import gptimage.json.Json;
import gptimage.output.ExactSize;
import gptimage.wire.SizeRules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a command does around one request: the size warning before sending, and after it the result
 * JSON on stdout, one stderr line per warning, the sidecars, and the exit code.
 */
final class Delivery {
  /**
   * @param sizeAsked the size as given (a ratio or preset included), for the sidecars
   * @param sidecar write {@code <file>.json} beside each image
   * @param exact make a copy of each image exactly this size beside it ({@code --exact}), or null
   * @param preview draw each final image on the terminal ({@code --preview}), or null
   * @param continued what {@code --continue} continued, put in the result JSON; null without it
   */
  record Options(
      String sizeAsked,
      boolean sidecar,
      boolean progress,
      Clock clock,
      SizeRules.Size exact,
      Preview preview,
      Map<String, Object> continued) {}

  private final PrintStream out;
  private final PrintStream err;
  private final Redaction redaction;
  private String sizeWarning;

  Delivery(PrintStream out, PrintStream err, Redaction redaction) {
    this.out = out;
    this.err = err;
    this.redaction = redaction;
  }

  /** Says on stderr, before anything is sent, when the size breaks the model's known rules. */
  void beforeSending(ImageRequest request) {
    sizeWarning =
        request.protocol() != Protocol.OPENAI_CHAT
            ? SizeSolver.warning(request.model(), request.size())
            : null;
    if (sizeWarning != null) {
      err.println("gpt-image-2-api: warning: " + sizeWarning);
    }
  }

  /** Prints the result and its warnings, writes what was asked beside the images; the exit code. */
  int after(ImageRequest request, ImageResult result, Path folder, Options o) {
    Map<String, Object> json = ResultJson.of(result);
    if (o.continued() != null) {
      json.put("continued", o.continued());
    }
    if (o.exact() != null) {
      List<String> exact = new java.util.ArrayList<>();
      for (var image : result.images()) {
        exact.add(ExactSize.write(image.file(), o.exact().width(), o.exact().height()).toString());
      }
      json.put("files", exact);
      json.put("originals", result.images().stream().map(i -> i.file().toString()).toList());
    }
    if (o.sidecar()) {
      List<Path> sidecars = Sidecar.writeAll(request, result, o.sizeAsked(), o.clock());
      json.put("sidecars", sidecars.stream().map(Path::toString).toList());
    }
    out.print(Json.toPrettyJson(json));
    out.flush();
    if (o.preview() != null && json.get("files") instanceof List<?> files) {
      o.preview().draw(files.stream().map(f -> Path.of(f.toString())).toList(), err);
    }
    for (String warning : result.warnings()) {
      if (!warning.equals(sizeWarning)) {
        err.println("gpt-image-2-api: warning: " + warning);
      }
    }
    if (result.incomplete() != null) {
      err.println("gpt-image-2-api: partly done: " + redaction.apply(result.incomplete()));
      return ExitCode.PARTLY.code();
    }
    if (o.progress()) {
      err.println("Saved " + result.images().size() + " image(s) in " + folder);
    }
    return ExitCode.OK.code();
  }
}
