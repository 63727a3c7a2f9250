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
  /** The most thumbnails in a batch's result. */
  static final int BATCH_THUMBNAILS = 8;

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

  /**
   * A batch's result: its summary text and JSON, a link to every file, and thumbnails of the first
   * {@link #BATCH_THUMBNAILS} images (a thousand previews would fill any context).
   */
  static Map<String, Object> batch(
      String summary,
      Map<String, Object> json,
      List<Path> files,
      Session session,
      Resources resources,
      boolean failed) {
    List<SavedImage> images = new ArrayList<>();
    for (Path f : files) {
      try {
        gptimage.output.ImageType t = gptimage.output.ImageType.of(f);
        images.add(new SavedImage(f, t.mime(), Files.size(f), t.width(), t.height(), null));
      } catch (IOException e) {
        // gone since the run wrote it: the summary still names it
      }
    }
    Map<String, Object> r = images(summary, json, images, false, 0, session, resources, failed);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> content = (List<Map<String, Object>>) r.get("content");
    int[] shown = {0};
    content.removeIf(c -> "image".equals(c.get("type")) && ++shown[0] > BATCH_THUMBNAILS);
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
