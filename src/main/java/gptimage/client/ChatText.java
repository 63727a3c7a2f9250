package gptimage.client;

import gptimage.output.ImageStore;
import gptimage.wire.AnswerReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The text deltas of a streamed chat answer, joined, with the images the answer reader decoded from
 * them as they arrived. A data URL cut across two deltas (the first ending inside its base64, the
 * next starting with more of it) is joined back into the text as base64, so that one image is read
 * whole from the joined text: the one case where an image is held in memory.
 */
final class ChatText {
  private final StringBuilder text = new StringBuilder();
  private final List<AnswerReader.Spooled> decoded = new ArrayList<>();
  private final ImageStore store;
  private AnswerReader.Spooled open; // the last image, when its data URL ran to its delta's end
  private String openTail;

  ChatText(ImageStore store) {
    this.store = store;
  }

  /** Joins one delta: a string, a {@link AnswerReader.SpooledText} or a whole data URL. */
  void add(Object delta) {
    if (open != null && startsWithBase64(delta)) {
      decoded.remove(decoded.size() - 1);
      text.append(encodeWholeBlocks(open, openTail)).append(openTail);
    }
    open = null;
    if (delta instanceof AnswerReader.SpooledText t) {
      text.append(t.text());
      decoded.addAll(t.images());
      if (t.tail() != null) {
        open = t.images().get(t.images().size() - 1);
        openTail = t.tail();
      }
    } else if (delta instanceof AnswerReader.Spooled whole) {
      decoded.add(whole);
    } else {
      text.append((String) delta);
    }
  }

  /** The joined text with its decoded images, for {@link FoundImage#findMarkdown}. */
  AnswerReader.SpooledText joined() {
    return new AnswerReader.SpooledText(text.toString(), List.copyOf(decoded), null);
  }

  /** The joined text alone. */
  String words() {
    return text.toString();
  }

  private static boolean startsWithBase64(Object delta) {
    String s =
        delta instanceof AnswerReader.SpooledText t
            ? t.text()
            : delta instanceof String str ? str : "";
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    return Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '/' || c == '=';
  }

  /** The base64 of the image's bytes but those its tail decoded to. */
  private String encodeWholeBlocks(AnswerReader.Spooled image, String tail) {
    try (InputStream in = Files.newInputStream(image.file())) {
      long tailBytes = tail.isEmpty() ? 0 : tail.replace("=", "").length() * 3L / 4;
      byte[] bytes = in.readNBytes((int) (Files.size(image.file()) - tailBytes));
      String base64 = Base64.getEncoder().encodeToString(bytes);
      store.discard(image.file());
      return base64;
    } catch (IOException e) {
      throw new gptimage.output.OutputException(
          "Cannot read back " + image.file() + ": " + e.getMessage(), e);
    }
  }
}
