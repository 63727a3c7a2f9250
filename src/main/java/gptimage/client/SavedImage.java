package gptimage.client;

import java.nio.file.Path;

/**
 * One saved image.
 *
 * @param file absolute path
 * @param mimeType the type read from the bytes
 * @param bytes file size
 * @param width pixels, 0 where unknown
 * @param height pixels, 0 where unknown
 * @param revisedPrompt the prompt the model used, where the API gave one, else null
 */
public record SavedImage(
    Path file, String mimeType, long bytes, int width, int height, String revisedPrompt) {

  /** As the command's result JSON lists it: file, mime_type, bytes, width, height. */
  public java.util.Map<String, Object> toJson() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("file", file.toString());
    m.put("mime_type", mimeType);
    m.put("bytes", bytes);
    m.put("width", width);
    m.put("height", height);
    if (revisedPrompt != null) {
      m.put("revised_prompt", revisedPrompt);
    }
    return m;
  }
}
