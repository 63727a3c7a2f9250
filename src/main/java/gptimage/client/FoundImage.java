package gptimage.client;

import gptimage.output.ImageType;
import gptimage.wire.AnswerReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image found in an answer: already decoded to a temporary file, or a URL (or data URL) still to
 * fetch; and where the answer shapes of the API and of gateways hide them.
 */
final class FoundImage {
  private static final Pattern MARKDOWN_IMAGE =
      Pattern.compile(
          "!\\[[^\\]]*\\]\\(\\s*<?((?:data:|https?://)[^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  private static final String[] IMAGE_KEYS = {
    "b64_json", "image_base64", "b64", "url", "image_url", "image"
  };

  Path file;
  String url;
  String revisedPrompt;
  ImageType type;

  /** Finds the image in one answer item, in any of the shapes gateways use. */
  static void find(Object item, List<FoundImage> into, String revised) {
    if (item instanceof AnswerReader.Spooled s) {
      FoundImage f = new FoundImage();
      f.file = s.file();
      f.revisedPrompt = revised;
      into.add(f);
    } else if (item instanceof String s
        && (s.startsWith("data:") || s.startsWith("http://") || s.startsWith("https://"))) {
      FoundImage f = new FoundImage();
      f.url = s;
      f.revisedPrompt = revised;
      into.add(f);
    } else if (item instanceof Map<?, ?> m) {
      String rp = m.get("revised_prompt") instanceof String r ? r : revised;
      for (String key : IMAGE_KEYS) {
        Object v = m.get(key);
        if (v instanceof Map<?, ?> nested && key.equals("image_url")) {
          v = nested.get("url");
        }
        if (v != null) {
          int before = into.size();
          find(v, into, rp);
          if (into.size() > before) {
            return;
          }
        }
      }
    }
  }

  /** Finds each image of a {@code data} array. */
  static void findEach(Object list, List<FoundImage> into) {
    if (list instanceof List<?> items) {
      for (Object item : items) {
        find(item, into, null);
      }
    }
  }

  /**
   * Finds the images of a chat answer's text: those it links as Markdown ({@code ![alt](url)}), and
   * for a {@link AnswerReader.SpooledText} the data URLs the reader decoded as they arrived, each
   * in the place of its link, and those outside a link after them.
   */
  static void findMarkdown(Object text, List<FoundImage> into) {
    if (text instanceof AnswerReader.Spooled whole) {
      find(whole, into, null); // the text was one data URL
      return;
    }
    List<AnswerReader.Spooled> decoded =
        text instanceof AnswerReader.SpooledText t ? t.images() : List.of();
    String words = text instanceof AnswerReader.SpooledText t ? t.text() : (String) text;
    int next = 0;
    Matcher m = MARKDOWN_IMAGE.matcher(words);
    while (m.find()) {
      String url = m.group(1);
      if (url.startsWith("data:image/") && url.endsWith(";base64,") && next < decoded.size()) {
        find(decoded.get(next++), into, null);
      } else {
        find(url, into, null);
      }
    }
    for (; next < decoded.size(); next++) {
      find(decoded.get(next), into, null);
    }
  }

  /** Whether a value is the text of a chat answer: a string, or one with images taken out. */
  static boolean isText(Object o) {
    return o instanceof String
        || o instanceof AnswerReader.SpooledText
        || o instanceof AnswerReader.Spooled;
  }
}
