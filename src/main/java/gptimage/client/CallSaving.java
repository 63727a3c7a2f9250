package gptimage.client;

import gptimage.ImageToolException;
import gptimage.InterruptedRunException;
import gptimage.output.FileNames;
import gptimage.output.ImageStore;
import gptimage.output.ImageType;
import gptimage.output.OutputException;
import gptimage.wire.NetworkException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One call's saving: the images its answer brought, and every temporary file it made. It is the one
 * owner of those files: what it did not keep it removes ({@link #discardUnkept}), and only its own,
 * since other calls may be saving in the same folder at the same moment.
 */
final class CallSaving {
  /** Fetches an image URL into {@code out}: the client's download, without the key. */
  interface UrlFetcher {
    void fetch(String url, OutputStream out) throws IOException;
  }

  final ImageStore store;
  private final String stem;
  private final boolean savePartials;
  private final UrlFetcher fetcher;

  /** Found in the answer, not saved yet. */
  final List<FoundImage> pending = new ArrayList<>();

  final List<SavedImage> images = new ArrayList<>();
  final List<SavedImage> partials = new ArrayList<>();
  private final List<Path> temps = new ArrayList<>();
  Map<String, Object> usage;
  String requestId;
  String incomplete;

  /** The Responses API's response id, or null. */
  String responseId;

  /** The Responses API's image generation call ids, one per saved image. */
  final List<String> callIds = new ArrayList<>();

  /** Where to start numbering this call's images: 1, unless calls share a stem. */
  int firstIndex = 1;

  CallSaving(ImageStore store, String stem, boolean savePartials, UrlFetcher fetcher) {
    this.store = store;
    this.stem = stem != null ? stem : FileNames.defaultStem(System.currentTimeMillis());
    this.savePartials = savePartials;
    this.fetcher = fetcher;
  }

  /** Temporary files an answer reader made: removed at the end unless kept. */
  void own(List<Path> files) {
    temps.addAll(files);
  }

  /** Saves a final image under the next name. */
  void keepImage(FoundImage f) {
    images.add(keep(f, FileNames.image(stem, images.size() + firstIndex)));
  }

  /** Saves a streamed partial image where asked, else drops it. */
  void partial(FoundImage f) {
    if (savePartials) {
      partials.add(keep(f, FileNames.partial(stem, partials.size() + 1)));
    } else if (f.file != null) {
      store.discard(f.file);
    }
  }

  /**
   * Saves the images still pending. Where one fails after others were saved, the call is partly
   * done ({@link #incomplete}) rather than failed: those saved are paid for.
   */
  void keepPending() {
    for (int i = 0; i < pending.size(); i++) {
      try {
        keepImage(pending.get(i));
      } catch (ImageToolException e) {
        if (images.isEmpty() || e instanceof InterruptedRunException) {
          throw e;
        }
        incomplete = e.getMessage() + " Saved " + images.size() + " of " + pending.size() + ".";
        return;
      }
    }
  }

  private SavedImage keep(FoundImage f, String name) {
    Path file;
    try {
      materialise(f);
      file = store.keep(f.file, name, f.type.extension());
    } catch (RuntimeException e) {
      if (f.file != null) {
        store.discard(f.file);
      }
      throw e;
    }
    return new SavedImage(
        file, f.type.mime(), sizeOf(file), f.type.width(), f.type.height(), f.revisedPrompt);
  }

  /** Removes the temporary files of an attempt that failed, or of images not saved. */
  void discardUnkept() {
    for (Path p : temps) {
      store.discard(p);
    }
    temps.clear();
  }

  /** A new attempt starts clean: nothing found, no temporary files. */
  void restart(String requestId) {
    discardUnkept();
    pending.clear();
    callIds.clear();
    responseId = null;
    this.requestId = requestId;
  }

  /** Partials are kept only beside a completed image: a failed attempt leaves none. */
  void dropPartials() throws IOException {
    for (SavedImage p : partials) {
      Files.deleteIfExists(p.file());
    }
    partials.clear();
  }

  /** Turns a URL or data URL into a temporary file and reads its real type. */
  private void materialise(FoundImage f) {
    if (f.file == null) {
      Path temp = store.newTemp();
      f.file = temp;
      try (OutputStream out = store.open(temp)) {
        if (f.url.startsWith("data:")) {
          decodeDataUrl(f.url, out);
        } else {
          fetcher.fetch(f.url, out);
        }
      } catch (IOException e) {
        throw new OutputException("Cannot write " + temp + ": " + e.getMessage(), e);
      }
    }
    try {
      f.type = ImageType.of(f.file);
    } catch (IOException e) {
      throw new OutputException("Cannot read back " + f.file, e);
    }
    if (!f.type.isImage()) {
      throw new NetworkException(
          (f.url != null && !f.url.startsWith("data:")
                  ? "The download from " + Answers.cut(f.url, 120)
                  : "The answer's image")
              + " is not an image (not png, jpeg, webp, gif or svg).",
          false,
          null);
    }
  }

  private static void decodeDataUrl(String url, OutputStream out) throws IOException {
    int comma = url.indexOf(',');
    if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
      throw new NetworkException(
          "The answer's data URL is not base64 (" + Answers.cut(url, 60) + ").", false, null);
    }
    byte[] text = url.substring(comma + 1).getBytes(StandardCharsets.ISO_8859_1);
    try (InputStream in = Base64.getMimeDecoder().wrap(new ByteArrayInputStream(text))) {
      in.transferTo(out);
    } catch (IOException | IllegalArgumentException e) {
      throw new NetworkException("The answer's image is not valid base64.", false, e);
    }
  }

  /**
   * What the call made.
   *
   * @param costBasis {@code usage} or {@code estimate}, where {@code cost} came from
   * @param truthCheck compare what came back with {@code request} ({@link TruthCheck}); false where
   *     the request is not the whole one sent (a Batch API line read back)
   */
  ImageResult result(
      ImageRequest request, long startedNanos, Double cost, String costBasis, boolean truthCheck) {
    return new ImageResult(
        List.copyOf(images),
        List.copyOf(partials),
        usage,
        cost,
        requestId,
        request.model(),
        request.protocol(),
        (System.nanoTime() - startedNanos) / 1_000_000,
        incomplete,
        chain(request),
        request.protocol() != Protocol.OPENAI_CHAT ? request.size() : null,
        truthCheck ? ImageResult.warningsFor(request, images, incomplete == null) : List.of(),
        cost == null ? null : costBasis);
  }

  /** What this call continued and how to continue it; null where there is nothing to say. */
  private Map<String, Object> chain(ImageRequest request) {
    if (responseId == null && request.previousResponseId() == null) {
      return null;
    }
    Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("response_id", responseId);
    c.put("image_generation_call_ids", List.copyOf(callIds));
    if (request.previousResponseId() != null) {
      c.put("previous_response_id", request.previousResponseId());
    }
    return c;
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
