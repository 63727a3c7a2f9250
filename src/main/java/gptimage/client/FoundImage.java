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

  /** Finds the images a chat answer's text links as Markdown: {@code ![alt](url)}. */
  static void findMarkdown(String text, List<FoundImage> into) {
    Matcher m = MARKDOWN_IMAGE.matcher(text);
    while (m.find()) {
      find(m.group(1), into, null);
    }
  }
}
