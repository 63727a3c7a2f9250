package gptimage.client;

import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.OutputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance of a saved image, written beside it as {@code <file>.json} (so {@code a.png} gets
 * {@code a.png.json}); the image's own bytes, and any C2PA manifest the provider signed into them,
 * are left exactly as they came. Keys: {@code tool}, {@code tool_version}, {@code file}, {@code
 * created_at} (ISO-8601 UTC), {@code prompt}, {@code revised_prompt}, {@code model}, {@code
 * protocol}, {@code size_asked} (as given, a ratio or preset included), {@code size_sent}, {@code
 * size_got} (read from the image), {@code mime_type}, {@code bytes}, {@code index} (1-based among
 * the answer's images), {@code request} (every request field, {@link RequestFields}), {@code
 * request_id} (the answer's {@code x-request-id}), {@code usage}, {@code cost_usd}, {@code
 * cost_basis}, {@code elapsed_ms}, {@code warnings}.
 */
public final class Sidecar {
  private Sidecar() {}

  /** The sidecar's path for an image: the image's name with {@code .json} appended. */
  public static Path of(Path image) {
    return image.resolveSibling(image.getFileName() + ".json");
  }

  /**
   * Writes one sidecar beside each of the result's images, each to a temporary file renamed into
   * place; returns their paths in the images' order.
   *
   * @param sizeAsked the size as the person gave it ({@code 16:9@2K}), or null for the one sent
   * @param clock gives {@code created_at}
   */
  public static List<Path> writeAll(
      ImageRequest request, ImageResult result, String sizeAsked, Clock clock) {
    List<Path> written = new ArrayList<>();
    List<SavedImage> images = result.images();
    for (int i = 0; i < images.size(); i++) {
      SavedImage image = images.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tool", "gpt-image-2-api");
      m.put("tool_version", Version.VERSION);
      m.put("file", image.file().getFileName().toString());
      m.put("created_at", clock.instant().toString());
      m.put("prompt", request.prompt());
      if (image.revisedPrompt() != null) {
        m.put("revised_prompt", image.revisedPrompt());
      }
      m.put("model", request.model());
      m.put("protocol", request.protocol().wireName());
      m.put("size_asked", sizeAsked != null ? sizeAsked : request.size());
      if (result.size() != null) {
        m.put("size_sent", result.size());
      }
      m.put("size_got", image.width() + "x" + image.height());
      m.put("mime_type", image.mimeType());
      m.put("bytes", image.bytes());
      m.put("index", i + 1);
      m.put("request", RequestFields.toJson(request));
      if (result.requestId() != null) {
        m.put("request_id", result.requestId());
      }
      if (result.usage() != null) {
        m.put("usage", result.usage());
      }
      if (result.costUsd() != null) {
        m.put("cost_usd", java.math.BigDecimal.valueOf(result.costUsd()));
        m.put("cost_basis", result.costBasis());
      }
      m.put("elapsed_ms", result.elapsedMillis());
      m.put("warnings", result.warnings());
      written.add(write(image.file(), m));
    }
    return written;
  }

  private static Path write(Path image, Map<String, Object> sidecar) {
    ImageStore store = new ImageStore(image.getParent());
    Path temp = store.newTemp();
    try (OutputStream out = store.open(temp)) {
      out.write(Json.toPrettyJson(sidecar).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      store.discard(temp);
      throw e instanceof OutputException o
          ? o
          : new OutputException("Cannot write the sidecar of " + image + ": " + e, e);
    }
    return store.keep(temp, image.getFileName().toString(), "json");
  }

  /**
   * Reads the sidecar of {@code file}, which may be the image or the sidecar itself; null where the
   * image has none.
   *
   * @throws OutputException when the sidecar exists but is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path file) {
    Path sidecar = file.getFileName().toString().endsWith(".json") ? file : of(file);
    if (!Files.isRegularFile(sidecar)) {
      return null;
    }
    try {
      Object tree = Json.parse(Files.readString(sidecar, StandardCharsets.UTF_8));
      if (tree instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
    } catch (IOException | RuntimeException e) {
      throw new OutputException("Cannot read the sidecar " + sidecar + ": " + e.getMessage(), e);
    }
    throw new OutputException("The sidecar " + sidecar + " is not a JSON object.", null);
  }
}
