package gptimage.client;

import java.nio.file.Path;
import java.util.List;

/**
 * Copies of a checked {@link ImageRequest} with one part changed, made once a request is planned:
 * its local files swapped for Files API ids ({@code --upload}), or the Responses turn it continues
 * set (a batch job's {@code continue}). The rest is kept as it was checked.
 */
public final class RequestChanges {
  private RequestChanges() {}

  /** {@code r} with no local input images or mask, and these references instead. */
  public static ImageRequest withReferences(
      ImageRequest r, List<String> imageRefs, String maskRef) {
    return copy(r, List.of(), null, List.copyOf(imageRefs), maskRef, r.previousResponseId());
  }

  /** {@code r} continuing the Responses answer {@code previousResponseId}. */
  public static ImageRequest continuing(ImageRequest r, String previousResponseId) {
    return copy(r, r.images(), r.mask(), r.imageRefs(), r.maskRef(), previousResponseId);
  }

  private static ImageRequest copy(
      ImageRequest r,
      List<Path> images,
      Path mask,
      List<String> imageRefs,
      String maskRef,
      String previousResponseId) {
    return new ImageRequest(
        r.prompt(),
        r.model(),
        r.protocol(),
        r.size(),
        r.quality(),
        r.n(),
        r.outputFormat(),
        r.responseFormat(),
        r.background(),
        r.moderation(),
        r.outputCompression(),
        r.partialImages(),
        r.inputFidelity(),
        r.style(),
        r.stream(),
        r.user(),
        r.extra(),
        images,
        mask,
        r.autoMask(),
        r.responsesModel(),
        r.action(),
        previousResponseId,
        imageRefs,
        maskRef);
  }
}
