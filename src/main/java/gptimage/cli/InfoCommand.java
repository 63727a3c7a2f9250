package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.Sidecar;
import gptimage.json.Json;
import gptimage.output.Alpha;
import gptimage.output.C2pa;
import gptimage.output.ImageType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code info FILE}: what is known of an image, from its bytes and its sidecar. */
final class InfoCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api info",
          List.of("gpt-image-2-api info FILE"),
          List.of(
              "Print what is known of an image as JSON: its real format, size and alpha channel"
                  + " (read from its bytes, never its name), whether it carries a C2PA manifest"
                  + " (Content Credentials; presence only, not verified), and its sidecar"
                  + " (<file>.json, written by --sidecar and by batch) where there is one.",
              ""),
          List.of(OptionSpec.help()),
          "FILE",
          1,
          "The image (or its sidecar).",
          List.of());

  private final PrintStream out;
  private final Environment env;

  InfoCommand(PrintStream out, Environment env) {
    this.out = out;
    this.env = env;
  }

  int run(CommandSpec.Parsed args) throws IOException {
    if (args.positionals().isEmpty()) {
      throw new UsageException("info needs the image file: gpt-image-2-api info FILE");
    }
    Path file = image(env.workingDirectory().resolve(args.positionals().get(0)));
    ImageType type = ImageType.of(file);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file.toAbsolutePath().normalize().toString());
    m.put("format", type.extension());
    m.put("mime_type", type.mime());
    m.put("width", type.width());
    m.put("height", type.height());
    m.put("bytes", Files.size(file));
    m.put("alpha", Alpha.of(file));
    m.put("c2pa", C2pa.present(file));
    Map<String, Object> sidecar = Sidecar.read(file);
    m.put("sidecar", sidecar == null ? null : Sidecar.of(file).toString());
    if (sidecar != null) {
      m.put("provenance", sidecar);
    }
    out.print(Json.toPrettyJson(m));
    out.flush();
    return ExitCode.OK.code();
  }

  /** The image a path names: itself, or the image beside a sidecar given instead. */
  static Path image(Path given) {
    Path file = given;
    String name = given.getFileName().toString();
    if (name.endsWith(".json")) {
      Path beside = given.resolveSibling(name.substring(0, name.length() - 5));
      if (Files.isRegularFile(beside)) {
        file = beside;
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("No such file: " + given + ". Give the path of an image.");
    }
    return file;
  }
}
