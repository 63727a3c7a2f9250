package gptimage.cli;

import java.awt.image.BufferedImage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code --preview}: draws each saved image in the terminal, written to the terminal device ({@code
 * /dev/tty}) and never to stdout, which carries only the result JSON. Off by default; with no
 * terminal, or a terminal that shows no inline images, it says so on stderr and draws nothing. The
 * protocol is read from the environment ({@link #detect}) or forced with {@code --preview-as}.
 */
final class Preview {
  private final InlineImage protocol;
  private final boolean tmux;
  private final Opener tty;

  /** Opens the terminal device; the command's is {@code /dev/tty}. */
  interface Opener {
    OutputStream open() throws IOException;
  }

  Preview(InlineImage protocol, boolean tmux, Opener tty) {
    this.protocol = protocol;
    this.tmux = tmux;
    this.tty = tty;
  }

  /**
   * The preview asked for, or null (saying why on {@code err}) where none can be drawn.
   *
   * @param forced {@code kitty}, {@code iterm} or {@code sixel} from {@code --preview-as}, or null
   */
  static Preview of(Map<String, String> env, String forced, PrintStream err, Opener tty) {
    InlineImage protocol = forced != null ? parse(forced) : detect(env);
    if (protocol == null) {
      err.println(
          "gpt-image-2-api: --preview: this terminal shows no inline images known here (kitty,"
              + " iTerm2, sixel); force one with --preview-as kitty|iterm|sixel.");
      return null;
    }
    return new Preview(protocol, env.get("TMUX") != null && !env.get("TMUX").isEmpty(), tty);
  }

  /** The protocol the terminal speaks, from TERM, TERM_PROGRAM and friends; null for none. */
  static InlineImage detect(Map<String, String> env) {
    String term = env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
    String program = env.getOrDefault("TERM_PROGRAM", "").toLowerCase(Locale.ROOT);
    String lcTerminal = env.getOrDefault("LC_TERMINAL", "").toLowerCase(Locale.ROOT);
    if (env.containsKey("KITTY_WINDOW_ID")
        || term.contains("kitty")
        || term.contains("ghostty")
        || program.equals("ghostty")) {
      return InlineImage.KITTY;
    }
    if (program.equals("iterm.app") || lcTerminal.equals("iterm2") || program.equals("wezterm")) {
      return InlineImage.ITERM;
    }
    if (term.contains("sixel")
        || term.startsWith("foot")
        || term.startsWith("mlterm")
        || program.equals("mlterm")) {
      return InlineImage.SIXEL;
    }
    return null;
  }

  private static InlineImage parse(String forced) {
    return switch (forced.trim().toLowerCase(Locale.ROOT)) {
      case "kitty" -> InlineImage.KITTY;
      case "iterm", "iterm2" -> InlineImage.ITERM;
      case "sixel" -> InlineImage.SIXEL;
      default ->
          throw new gptimage.UsageException(
              "--preview-as must be kitty, iterm or sixel, got '" + forced + "'.");
    };
  }

  InlineImage protocol() {
    return protocol;
  }

  /**
   * Draws each file that a decoder here can read; a problem is one stderr line, never a failure.
   */
  void draw(List<Path> files, PrintStream err) {
    try (OutputStream out = tty.open()) {
      for (Path file : files) {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
          err.println("gpt-image-2-api: --preview: cannot decode " + file.getFileName() + ".");
          continue;
        }
        protocol.draw(image, out, tmux);
      }
    } catch (IOException e) {
      err.println("gpt-image-2-api: --preview: no terminal to draw on (" + e.getMessage() + ").");
    }
  }

  /** The command's terminal device. */
  static OutputStream devTty() throws IOException {
    return new FileOutputStream("/dev/tty");
  }
}
