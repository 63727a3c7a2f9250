package gptimage.mcp;

import gptimage.client.SavedImage;
import gptimage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool results an agent can use without filling its context: a short text, a {@code resource_link}
 * per saved file, a small thumbnail per image, and the full image only when asked and under the
 * cap; {@code structuredContent} holds the command's result JSON.
 */
final class ToolResults {
  private ToolResults() {}

  /** A failed call: the command's message, {@code isError: true}. */
  static Map<String, Object> error(String message) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("content", List.of(text(message)));
    r.put("isError", true);
    return r;
  }

  /**
   * A result with saved images.
   *
   * @param summary the first text line
   * @param json the command's result JSON
   * @param images the images to link and preview
   * @param inline also put each full image in, where its base64 is at most {@code inlineCap}
   * @param failed the call did not do all it was asked ({@code isError})
   */
  static Map<String, Object> images(
      String summary,
      Map<String, Object> json,
      List<SavedImage> images,
      boolean inline,
      long inlineCap,
      Session session,
      Resources resources,
      boolean failed) {
    List<Map<String, Object>> content = new ArrayList<>();
    content.add(text(summary));
    for (SavedImage image : images) {
      Path file = image.file();
      resources.add(file);
      if (session.structured()) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("type", "resource_link");
        link.put("uri", Resources.uri(file));
        link.put("name", file.getFileName().toString());
        link.put("mimeType", image.mimeType());
        link.put("size", image.bytes());
        link.put(
            "description",
            image.width() > 0 ? image.width() + "x" + image.height() + " image" : "image");
        content.add(link);
      }
      try {
        Thumbnails.Thumbnail t = Thumbnails.of(file);
        if (t != null) {
          content.add(image(t.bytes(), t.mimeType()));
        }
        if (inline) {
          long base64 = (image.bytes() + 2) / 3 * 4;
          if (base64 <= inlineCap) {
            content.add(image(Files.readAllBytes(file), image.mimeType()));
          } else {
            content.add(
                text(
                    file.getFileName()
                        + " is not inlined: its base64 would be "
                        + base64
                        + " bytes, above this server's cap of "
                        + inlineCap
                        + ". Read the file, or the resource "
                        + Resources.uri(file)
                        + "."));
          }
        }
      } catch (IOException e) {
        content.add(text("No preview of " + file + ": " + e.getMessage()));
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    if (session.structured()) {
      r.put("structuredContent", json);
    } else {
      content.add(text(Json.toJson(json)));
    }
    r.put("content", content);
    if (failed) {
      r.put("isError", true);
    }
    return r;
  }

  /** A result with no images to show (a batch's summary): text and the JSON. */
  static Map<String, Object> json(String summary, Map<String, Object> json, Session session) {
    List<Map<String, Object>> content = new ArrayList<>();
    content.add(text(summary));
    Map<String, Object> r = new LinkedHashMap<>();
    if (session.structured()) {
      r.put("structuredContent", json);
    } else {
      content.add(text(Json.toJson(json)));
    }
    r.put("content", content);
    return r;
  }

  static Map<String, Object> text(String text) {
    return Map.of("type", "text", "text", text);
  }

  private static Map<String, Object> image(byte[] bytes, String mimeType) {
    return Map.of(
        "type", "image", "data", Base64.getEncoder().encodeToString(bytes), "mimeType", mimeType);
  }
}
