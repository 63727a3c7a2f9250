package gptimage.batch;

import gptimage.ImageToolException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.ResultJson;
import gptimage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a finished provider batch's output and error files, as streams, into saved images and one
 * {@code results.jsonl} record per job it held; the jobs it never answered are recorded as failed
 * with the reason.
 */
final class BatchCollector {
  /** The Batch API charges half the synchronous price. */
  static final double PRICE_FACTOR = 0.5;

  private final ImageClient client;
  private final Path folder;
  private final Results results;

  BatchCollector(ImageClient client, Path folder, Results results) {
    this.client = client;
    this.folder = folder;
    this.results = results;
  }

  /**
   * Collects batch {@code b}, whose provider object (as last polled) is {@code batch}.
   *
   * @param batch the provider's batch object: status, output and error file ids, errors
   */
  void collect(BatchState.Submitted b, Map<String, Object> batch) throws IOException {
    Map<String, SubmittedJob> jobs = SubmittedJob.inChunk(folder, b.chunk());
    String batchId = b.id();
    // A collect cut short by an interrupt left some records: those lines are not saved twice.
    Set<String> seen = recordedFor(batchId);
    for (String key : new String[] {"output_file_id", "error_file_id"}) {
      if (!(batch.get(key) instanceof String fileId)) {
        continue;
      }
      Path temp = folder.resolve(".batch-" + key + "-" + fileId + ".part");
      try {
        client.batches().download("/files/" + fileId + "/content", temp);
        client
            .batches()
            .readBatchOutput(
                temp,
                folder,
                line -> {
                  String customId = String.valueOf(Json.at(line, "custom_id"));
                  SubmittedJob job = jobs.get(customId);
                  if (job == null || !seen.add(customId)) {
                    return;
                  }
                  results.append(record(job, line, batchId));
                });
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    String status = String.valueOf(batch.get("status"));
    for (SubmittedJob job : jobs.values()) {
      if (seen.contains(job.customId())) {
        continue;
      }
      String why =
          status.equals("failed")
              ? "the batch failed validation: " + batchErrors(batch)
              : "not run: the batch ended " + status + " before this request";
      Map<String, Object> r = base(job, batchId);
      r.put("status", "failed");
      r.put("files", List.of());
      r.put("error", why);
      finishRecord(r, job);
      results.append(r);
    }
    results.close();
  }

  private Map<String, Object> record(SubmittedJob job, Object line, String batchId) {
    Map<String, Object> r = base(job, batchId);
    Object response = Json.at(line, "response");
    int status = Json.at(response, "status_code") instanceof Number n ? n.intValue() : 0;
    String requestId = Json.at(response, "request_id") instanceof String s ? s : null;
    if (status / 100 == 2) {
      try {
        ImageRequest request =
            ImageRequest.builder(job.prompt())
                .model(String.valueOf(job.params().get("model")))
                .build();
        ImageResult saved =
            client
                .batches()
                .saveAnswer(
                    Json.at(response, "body"),
                    request,
                    new ImageClient.SaveOptions(folder, job.stem(), false),
                    requestId);
        r.put("status", "ok");
        ResultJson.putSaved(
            r,
            saved,
            saved.costUsd() == null
                ? null
                : Math.round(saved.costUsd() * PRICE_FACTOR * 1e6) / 1e6);
      } catch (ImageToolException e) {
        r.put("status", "failed");
        r.put("files", List.of());
        r.put("error", e.getMessage());
      }
    } else {
      Object error = Json.at(response, "body", "error");
      if (error == null) {
        error = Json.at(line, "error");
      }
      r.put("status", "failed");
      r.put("files", List.of());
      r.put(
          "error",
          "The provider's batch answered "
              + (status > 0 ? "HTTP " + status + ": " : "")
              + (Json.at(error, "message") != null ? Json.at(error, "message") : error)
              + (Json.at(error, "code") != null ? " (code: " + Json.at(error, "code") + ")" : ""));
    }
    if (requestId != null) {
      r.put("request_id", requestId);
    }
    finishRecord(r, job);
    return r;
  }

  private Set<String> recordedFor(String batchId) throws IOException {
    Set<String> ids = new HashSet<>();
    if (!Files.exists(results.file())) {
      return ids;
    }
    String marker = "\"batch_id\":" + Json.toJson(batchId);
    try (BufferedReader in = Files.newBufferedReader(results.file(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.contains(marker) && Json.parse(line) instanceof Map<?, ?> m) {
          ids.add(String.valueOf(m.get("id")));
        }
      }
    }
    return ids;
  }

  private static Map<String, Object> base(SubmittedJob job, String batchId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", job.customId());
    r.put("line", job.line());
    r.put("via", "openai-batch");
    r.put("batch_id", batchId);
    return r;
  }

  private static void finishRecord(Map<String, Object> r, SubmittedJob job) {
    r.put("prompt", job.prompt());
    r.put("params", job.params());
    if (job.name() != null) {
      r.put("name", job.name());
    }
    r.put("attempts", 1);
    r.put("finished_at", Instant.now().toString());
    r.put("fingerprint", job.fingerprint());
  }

  private static String batchErrors(Map<String, Object> batch) {
    if (Json.at(batch, "errors", "data") instanceof List<?> list && !list.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Object e : list) {
        parts.add(
            (Json.at(e, "line") != null ? "line " + Json.at(e, "line") + ": " : "")
                + Json.at(e, "message"));
      }
      return String.join("; ", parts);
    }
    return "no reason given";
  }
}
