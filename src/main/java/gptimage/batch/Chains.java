package gptimage.batch;

import gptimage.ImageToolException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The {@code continue} links of one local run: each job started in this run has a future of its
 * {@code response_id} (null where it failed or answered without one), and a job that continues it
 * waits for that future before it sends. Jobs start in line order and a job only continues an
 * earlier line, so the job waited for has already taken its place in the pool: no deadlock.
 */
final class Chains {
  private final Map<String, CompletableFuture<String>> started = new ConcurrentHashMap<>();
  private final Map<String, Results.Known> earlierRun;

  /**
   * @param earlierRun what {@code results.jsonl} knew before this run: the answers of jobs not run
   *     again
   */
  Chains(Map<String, Results.Known> earlierRun) {
    this.earlierRun = earlierRun;
  }

  /** Call as a job is handed to the pool, before any later job is. */
  void starting(String id) {
    started.put(id, new CompletableFuture<>());
  }

  /** Call when a job ends, with its {@code response_id} or null; later calls are ignored. */
  void finished(String id, String responseId) {
    CompletableFuture<String> f = started.get(id);
    if (f != null) {
      f.complete(responseId);
    }
  }

  /**
   * The {@code previous_response_id} of a job, waiting for the job it continues where that runs in
   * this run; null for a job that continues nothing.
   *
   * @throws ImageToolException where the job it continues failed or has no response id
   */
  String previous(Job job) {
    String parent = job.continues();
    if (parent == null) {
      return null;
    }
    String id;
    CompletableFuture<String> f = started.get(parent);
    if (f != null) {
      try {
        id = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageToolException("stopped while waiting for job \"" + parent + "\".");
      } catch (ExecutionException e) {
        id = null;
      }
    } else {
      Results.Known k = earlierRun.get(parent);
      id = k == null ? null : k.responseId();
    }
    if (id == null) {
      throw new ImageToolException(
          "not sent: the job it continues, \""
              + parent
              + "\", did not succeed with a Responses answer (a response_id).");
    }
    return id;
  }
}
