package gptimage.client;

import java.util.List;
import java.util.Map;

/**
 * What one request made.
 *
 * @param images the saved images, in the order the API gave them
 * @param partials streamed partial images, saved only when asked
 * @param usage token usage as the API sent it (summed over stream events), or null
 * @param costUsd from the usage and the model's prices ({@link Pricing}), or, where the answer had
 *     no usage, estimated from the request; null where the price is unknown
 * @param requestId the API's {@code x-request-id}, or null
 * @param elapsedMillis from the first byte sent to the last file saved
 * @param incomplete null when every image arrived; otherwise what went wrong after {@code images}
 *     were saved (a stream that broke off, say): the run is partly done
 * @param chain with {@link Protocol#OPENAI_RESPONSES}: {@code response_id}, {@code
 *     image_generation_call_ids} and {@code previous_response_id}; where the call continued an
 *     earlier result, {@code continued}; null where there is none of it
 * @param size the size sent (a ratio or preset already solved), or null where none was sent
 * @param warnings what the request or the answer got wrong without failing: a size the model's
 *     rules forbid ({@link SizeSolver#warning}), and each difference between what was asked and
 *     what came back ({@link TruthCheck}); empty when none
 * @param costBasis {@code usage} or {@code estimate}: where {@code costUsd} came from; null with it
 */
public record ImageResult(
    List<SavedImage> images,
    List<SavedImage> partials,
    Map<String, Object> usage,
    Double costUsd,
    String requestId,
    String model,
    Protocol protocol,
    long elapsedMillis,
    String incomplete,
    Map<String, Object> chain,
    String size,
    List<String> warnings,
    String costBasis) {
  public ImageResult {
    warnings = List.copyOf(warnings);
  }

  /** This result with {@code chain} in place of its own. */
  public ImageResult withChain(Map<String, Object> chain) {
    return new ImageResult(
        images,
        partials,
        usage,
        costUsd,
        requestId,
        model,
        protocol,
        elapsedMillis,
        incomplete,
        chain,
        size,
        warnings,
        costBasis);
  }

  /** The warnings for a request and the images saved for it (see {@link #warnings()}). */
  static List<String> warningsFor(ImageRequest request, List<SavedImage> images, boolean complete) {
    List<String> all = new java.util.ArrayList<>();
    String size =
        request.protocol() != Protocol.OPENAI_CHAT
            ? SizeSolver.warning(request.model(), request.size())
            : null;
    if (size != null) {
      all.add(size);
    }
    all.addAll(TruthCheck.check(request, images, complete));
    return all;
  }
}
