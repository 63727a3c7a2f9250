package gptimage.batch;

import gptimage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job sent in a Batch API input file, as kept in {@value #FILE} (one JSON line each, the keys
 * 0.1.0 wrote) until its answer is collected.
 *
 * @param customId the job's id, sent as {@code custom_id}
 * @param line its line in the job file
 * @param stem the file name stem its images are saved under
 * @param prompt its prompt
 * @param params its options as {@code results.jsonl} lists them
 * @param fingerprint its {@link Fingerprint}
 * @param endpoint the Batch API endpoint it was sent to
 * @param chunk the input file it was sent in
 * @param name its {@code name}, or null
 */
record SubmittedJob(
    String customId,
    int line,
    String stem,
    String prompt,
    Map<String, Object> params,
    String fingerprint,
    String endpoint,
    String chunk,
    String name) {
  static final String FILE = ".openai-batch-jobs.jsonl";

  Map<String, Object> toJson() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("custom_id", customId);
    info.put("line", line);
    info.put("stem", stem);
    info.put("prompt", prompt);
    info.put("params", params);
    info.put("fingerprint", fingerprint);
    info.put("endpoint", endpoint);
    info.put("chunk", chunk);
    if (name != null) {
      info.put("name", name);
    }
    return info;
  }

  static SubmittedJob fromJson(Map<?, ?> m) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (m.get("params") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> params.put(String.valueOf(k), v));
    }
    return new SubmittedJob(
        String.valueOf(m.get("custom_id")),
        m.get("line") instanceof Number n ? n.intValue() : 0,
        String.valueOf(m.get("stem")),
        String.valueOf(m.get("prompt")),
        params,
        m.get("fingerprint") == null ? null : String.valueOf(m.get("fingerprint")),
        m.get("endpoint") == null ? null : String.valueOf(m.get("endpoint")),
        String.valueOf(m.get("chunk")),
        m.get("name") == null ? null : String.valueOf(m.get("name")));
  }

  /** The jobs sent in one input file, by custom id, in the order sent. */
  static Map<String, SubmittedJob> inChunk(Path folder, String chunk) throws IOException {
    Map<String, SubmittedJob> jobs = new LinkedHashMap<>();
    try (BufferedReader in =
        Files.newBufferedReader(folder.resolve(FILE), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank() && Json.parse(line) instanceof Map<?, ?> m) {
          SubmittedJob job = fromJson(m);
          if (chunk.equals(job.chunk())) {
            jobs.put(job.customId(), job);
          }
        }
      }
    }
    return jobs;
  }
}
