package gptimage.batch;

import gptimage.client.BatchApiClient;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.InvalidParameterException;
import gptimage.client.Protocol;
import gptimage.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The submitting half of a {@link ProviderBatch}: the jobs still to do written as input files (one
 * endpoint each, within the {@link ProviderBatch.Limits}), listed in the jobs file, then each file
 * uploaded and made a batch, the state saved after each. No input file is left behind, whatever
 * fails.
 */
final class BatchUpload {
  private final ImageClient client;
  private final Path folder;
  private final ProviderBatch.Limits limits;
  private final UnaryOperator<String> redact;
  private final Consumer<String> say;

  /**
   * @param redact the command's key redaction, applied to every record written
   * @param say prints a progress line (or not, when quiet)
   */
  BatchUpload(
      ImageClient client,
      Path folder,
      ProviderBatch.Limits limits,
      UnaryOperator<String> redact,
      Consumer<String> say) {
    this.client = client;
    this.folder = folder;
    this.limits = limits;
    this.redact = redact;
    this.say = say;
  }

  /** Submits the jobs of {@code run} still to do; returns {@code state} with the batches made. */
  BatchState submit(BatchRun run, BatchState state) throws IOException {
    Map<String, InputChunk> open = new HashMap<>();
    List<InputChunk> full = new ArrayList<>();
    try {
      writeChunks(run, open, full);
      state = upload(run, state, full);
    } finally {
      // Input files are gone once uploaded; whatever a failure left is removed here.
      for (InputChunk c : open.values()) {
        c.close();
        Files.deleteIfExists(c.file);
      }
      for (InputChunk c : full) {
        Files.deleteIfExists(c.file);
      }
      Files.deleteIfExists(folder.resolve(".batch-line.part"));
    }
    return state;
  }

  /** Writes the jobs to do into input files, one endpoint each, and lists them in the jobs file. */
  private void writeChunks(BatchRun run, Map<String, InputChunk> open, List<InputChunk> full)
      throws IOException {
    try (OutputStream jobsOut = Files.newOutputStream(folder.resolve(SubmittedJob.FILE))) {
      run.planning.read(
          planned -> {
            if (planned.done()) {
              return;
            }
            Job job = planned.job();
            ImageRequest request = planned.request();
            if (request.protocol() == Protocol.OPENAI_CHAT) {
              throw new InvalidParameterException(
                  "protocol",
                  "line "
                      + job.line()
                      + ": <via> openai-batch sends Images and Responses API requests only; drop"
                      + " <protocol> openai_chat.");
            }
            String endpoint = BatchApiClient.batchEndpoint(request);
            Path part = folder.resolve(".batch-line.part");
            long bytes;
            try (OutputStream o = Files.newOutputStream(part)) {
              bytes = BatchApiClient.writeBatchLine(request, job.id(), o);
            }
            InputChunk chunk = open.get(endpoint);
            if (chunk != null
                && (chunk.requests >= limits.maxRequests()
                    || chunk.bytes + bytes > limits.maxBytes())) {
              chunk.close();
              full.add(chunk);
              chunk = null;
            }
            if (chunk == null) {
              String name =
                  ".batch-input-" + full.size() + open.size() + "-" + System.nanoTime() + ".jsonl";
              chunk = new InputChunk(endpoint, folder.resolve(name));
              open.put(endpoint, chunk);
            }
            chunk.add(part, bytes);
            Files.delete(part);
            SubmittedJob info =
                new SubmittedJob(
                    job.id(),
                    job.line(),
                    run.planning.stem(job),
                    job.prompt(),
                    Planning.params(request),
                    planned.fingerprint(),
                    endpoint,
                    chunk.file.getFileName().toString(),
                    job.name());
            jobsOut.write(
                (redact.apply(Json.toJson(info.toJson())) + "\n").getBytes(StandardCharsets.UTF_8));
          });
    }
    for (InputChunk c : open.values()) {
      c.close();
      full.add(c);
    }
    open.clear();
  }

  /**
   * Uploads each input file and creates its batch; the state is saved after each, so an interrupt
   * leaves nothing paid for untracked.
   */
  private BatchState upload(BatchRun run, BatchState state, List<InputChunk> full)
      throws IOException {
    for (InputChunk c : full) {
      Map<String, Object> file = client.batches().uploadFile(c.file, "batch", "application/jsonl");
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("source", "gpt-image-2-api");
      meta.put("job_file", String.valueOf(run.planning.jobs.file().getFileName()));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("input_file_id", file.get("id"));
      body.put("endpoint", c.endpoint);
      body.put("completion_window", "24h");
      body.put("metadata", meta);
      Map<String, Object> created = client.batches().postJson("/batches", body);
      state =
          state.plus(
              new BatchState.Submitted(
                  String.valueOf(created.get("id")),
                  c.endpoint,
                  String.valueOf(file.get("id")),
                  c.file.getFileName().toString(),
                  c.requests,
                  String.valueOf(created.get("status")),
                  false));
      state.write(folder);
      Files.deleteIfExists(c.file);
      say.accept(
          "batch: submitted "
              + created.get("id")
              + " ("
              + c.requests
              + " requests to "
              + c.endpoint
              + ")");
    }
    return state;
  }
}
