package gptimage.client;

import java.util.List;
import java.util.Map;

/**
 * What one request made.
 *
 * @param images the saved images, in the order the API gave them
 * @param partials streamed partial images, saved only when asked
 * @param usage token usage as the API sent it (summed over stream events), or null
 * @param costUsd estimate from the usage and the model's published prices, or null where the price
 *     is unknown
 * @param requestId the API's {@code x-request-id}, or null
 * @param elapsedMillis from the first byte sent to the last file saved
 * @param incomplete null when every image arrived; otherwise what went wrong after {@code images}
 *     were saved (a stream that broke off, say): the run is partly done
 * @param chain with {@link Protocol#OPENAI_RESPONSES}: {@code response_id}, {@code
 *     image_generation_call_ids} and {@code previous_response_id}; where the call continued an
 *     earlier result, {@code continued}; null where there is none of it
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
    Map<String, Object> chain) {

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
        chain);
  }
}
