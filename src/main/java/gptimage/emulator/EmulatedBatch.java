package gptimage.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One batch of the emulated Batch API: where it is ({@code status} and the time it reached each
 * state), its counts and files, and its {@code batch} object as the API shows it. {@link
 * BatchService} moves it along.
 */
final class EmulatedBatch {
  final String id;
  final String endpoint;
  final String inputFileId;
  final String authorization;
  final long createdAt = BatchService.now();
  final Map<String, Object> metadata;
  volatile String status = "validating";
  final Map<String, Long> times = new ConcurrentHashMap<>();
  volatile String outputFileId;
  volatile String errorFileId;
  volatile int total;
  volatile int completed;
  volatile int failed;
  volatile List<Object> errors;
  volatile boolean cancel;

  EmulatedBatch(
      String id,
      String endpoint,
      String inputFileId,
      String authorization,
      Map<String, Object> metadata) {
    this.id = id;
    this.endpoint = endpoint;
    this.inputFileId = inputFileId;
    this.authorization = authorization;
    this.metadata = metadata;
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", "batch");
    m.put("endpoint", endpoint);
    m.put("errors", errors == null ? null : Map.of("object", "list", "data", errors));
    m.put("input_file_id", inputFileId);
    m.put("completion_window", "24h");
    m.put("status", status);
    m.put("output_file_id", outputFileId);
    m.put("error_file_id", errorFileId);
    m.put("created_at", createdAt);
    m.put("in_progress_at", times.get("in_progress"));
    m.put("expires_at", createdAt + 86_400);
    m.put("finalizing_at", times.get("finalizing"));
    m.put("completed_at", times.get("completed"));
    m.put("failed_at", times.get("failed"));
    m.put("expired_at", times.get("expired"));
    m.put("cancelling_at", times.get("cancelling"));
    m.put("cancelled_at", times.get("cancelled"));
    m.put("request_counts", Map.of("total", total, "completed", completed, "failed", failed));
    m.put("metadata", metadata);
    return m;
  }
}
