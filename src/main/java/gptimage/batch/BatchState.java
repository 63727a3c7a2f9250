package gptimage.batch;

import gptimage.json.Json;
import gptimage.output.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Batch API run submitted, kept in the output folder as {@value #FILE} so that a run can
 * return at once and be picked up later (its JSON keys are those 0.1.0 wrote, so its open runs can
 * still be resumed).
 *
 * @param jobFile the job file, as given
 * @param jobs the jobs in it
 * @param alreadyDone the jobs done before this run
 * @param submittedAt when the run started (ISO-8601), for the summary's elapsed time
 * @param resultsOffset the size of {@code results.jsonl} before this run: its records follow
 * @param batches the batches created, in order
 */
record BatchState(
    String jobFile,
    int jobs,
    int alreadyDone,
    String submittedAt,
    long resultsOffset,
    List<Submitted> batches) {
  static final String FILE = ".openai-batch.json";

  /**
   * One batch created at the provider.
   *
   * @param id the provider's batch id
   * @param endpoint {@code /v1/images/generations} or {@code /v1/images/edits}
   * @param inputFileId the uploaded input file
   * @param chunk the input file's local name, which the jobs submitted in it name too
   * @param requests the lines it holds
   * @param status the provider's status when last seen
   * @param collected its output and error files have been read into the results
   */
  record Submitted(
      String id,
      String endpoint,
      String inputFileId,
      String chunk,
      int requests,
      String status,
      boolean collected) {
    Submitted withStatus(String now) {
      return new Submitted(id, endpoint, inputFileId, chunk, requests, now, collected);
    }

    Submitted asCollected() {
      return new Submitted(id, endpoint, inputFileId, chunk, requests, status, true);
    }

    Map<String, Object> toJson() {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", id);
      b.put("endpoint", endpoint);
      b.put("input_file_id", inputFileId);
      b.put("chunk", chunk);
      b.put("requests", requests);
      b.put("status", status);
      b.put("collected", collected);
      return b;
    }

    static Submitted fromJson(Map<?, ?> m) {
      return new Submitted(
          text(m.get("id")),
          text(m.get("endpoint")),
          text(m.get("input_file_id")),
          text(m.get("chunk")),
          m.get("requests") instanceof Number n ? n.intValue() : 0,
          text(m.get("status")),
          Boolean.TRUE.equals(m.get("collected")));
    }
  }

  /** This state with batch {@code i} replaced. */
  BatchState with(int i, Submitted b) {
    List<Submitted> list = new ArrayList<>(batches);
    list.set(i, b);
    return new BatchState(jobFile, jobs, alreadyDone, submittedAt, resultsOffset, list);
  }

  /** This state with one more batch. */
  BatchState plus(Submitted b) {
    List<Submitted> list = new ArrayList<>(batches);
    list.add(b);
    return new BatchState(jobFile, jobs, alreadyDone, submittedAt, resultsOffset, list);
  }

  /** Whether some batch has not been collected yet. */
  boolean open() {
    return batches.stream().anyMatch(b -> !b.collected());
  }

  /** The state kept in {@code folder}, or null where there is none. */
  static BatchState read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      if (!(Json.parse(Files.readString(file)) instanceof Map<?, ?> m)) {
        throw new OutputException("Cannot read " + file + ": not a JSON object.", null);
      }
      List<Submitted> batches = new ArrayList<>();
      if (m.get("batches") instanceof List<?> list) {
        for (Object b : list) {
          if (b instanceof Map<?, ?> bm) {
            batches.add(Submitted.fromJson(bm));
          }
        }
      }
      return new BatchState(
          text(m.get("job_file")),
          m.get("jobs") instanceof Number n ? n.intValue() : 0,
          m.get("already_done") instanceof Number n ? n.intValue() : 0,
          text(m.get("submitted_at")),
          m.get("results_offset") instanceof Number n ? n.longValue() : 0,
          List.copyOf(batches));
    } catch (IOException | RuntimeException e) {
      if (e instanceof OutputException o) {
        throw o;
      }
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the state to {@code folder} whole, replacing the earlier one at once. */
  void write(Path folder) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_file", jobFile);
    m.put("jobs", jobs);
    m.put("already_done", alreadyDone);
    m.put("submitted_at", submittedAt);
    m.put("results_offset", resultsOffset);
    m.put("batches", batches.stream().map(Submitted::toJson).toList());
    Path file = folder.resolve(FILE);
    Path temp = folder.resolve(FILE + ".part");
    try {
      Files.writeString(temp, Json.toPrettyJson(m));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }
}
