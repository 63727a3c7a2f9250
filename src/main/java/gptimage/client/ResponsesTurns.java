package gptimage.client;

import gptimage.ImageToolException;
import gptimage.InterruptedRunException;
import gptimage.output.FileNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code n} images through the Responses API, which makes one image a call: {@code n} calls at
 * once, each saved under the same stem with its own number, joined into one result. Each call is
 * retried on its own (429 included, honouring the server's wait); where some fail after others
 * saved their image, the result is partly done.
 */
final class ResponsesTurns {
  private ResponsesTurns() {}

  static ImageResult many(ImageClient client, ImageRequest request, ImageClient.SaveOptions save) {
    long started = System.nanoTime();
    String stem =
        save.stem() != null ? save.stem() : FileNames.defaultStem(System.currentTimeMillis());
    ImageClient.SaveOptions shared =
        new ImageClient.SaveOptions(save.folder(), stem, save.savePartials());
    int n = request.n();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "responses-turn");
              t.setDaemon(true);
              return t;
            });
    List<Future<ImageResult>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int index = i + 1;
        calls.add(pool.submit(() -> client.generate(request, shared, index)));
      }
      List<ImageResult> done = new ArrayList<>();
      ImageToolException firstFailure = null;
      for (Future<ImageResult> call : calls) {
        try {
          done.add(call.get());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof ImageToolException failure)) {
            throw new IllegalStateException(e.getCause());
          }
          firstFailure = firstFailure == null ? failure : firstFailure;
        }
      }
      if (done.isEmpty()) {
        throw firstFailure;
      }
      return join(request, done, started, firstFailure, n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedRunException("Interrupted while waiting for the image calls.");
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageResult join(
      ImageRequest request,
      List<ImageResult> done,
      long started,
      ImageToolException failure,
      int n) {
    List<SavedImage> images = new ArrayList<>();
    List<SavedImage> partials = new ArrayList<>();
    Map<String, Object> usage = null;
    Double cost = 0.0;
    List<Object> responseIds = new ArrayList<>();
    List<Object> callIds = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String costBasis = null;
    for (ImageResult r : done) {
      warnings.addAll(r.warnings());
      costBasis = costBasis == null ? r.costBasis() : costBasis;
      images.addAll(r.images());
      partials.addAll(r.partials());
      usage = Usage.sum(usage, r.usage());
      cost = cost == null || r.costUsd() == null ? null : cost + r.costUsd();
      if (r.chain() != null) {
        responseIds.add(r.chain().get("response_id"));
        callIds.addAll((List<?>) r.chain().get("image_generation_call_ids"));
      }
      if (r.incomplete() != null) {
        incomplete.add(r.incomplete());
      }
    }
    if (failure != null) {
      incomplete.add(
          (n - done.size())
              + " of "
              + n
              + " calls failed, the first with: "
              + failure.getMessage());
    }
    Map<String, Object> chain = new LinkedHashMap<>();
    chain.put("response_ids", responseIds);
    chain.put("image_generation_call_ids", callIds);
    if (request.previousResponseId() != null) {
      chain.put("previous_response_id", request.previousResponseId());
    }
    return new ImageResult(
        images,
        partials,
        usage,
        cost,
        done.get(0).requestId(),
        request.model(),
        request.protocol(),
        (System.nanoTime() - started) / 1_000_000,
        incomplete.isEmpty() ? null : String.join(" ", incomplete),
        chain,
        done.get(0).size(),
        warnings.stream().distinct().toList(),
        cost == null ? null : costBasis);
  }
}
