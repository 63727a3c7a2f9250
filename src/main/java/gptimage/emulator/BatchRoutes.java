package gptimage.emulator;

import java.io.IOException;

/**
 * The Files and Batch API routes ({@code /v1/files...}, {@code /v1/batches...}) as handlers for the
 * {@link RouteTable}: each reads its path and body, asks {@link FileStore} or {@link BatchService},
 * and sends the answer.
 */
final class BatchRoutes {
  private final FileStore files;
  private final BatchService batches;
  private final AnswerWriter writer;

  BatchRoutes(FileStore files, BatchService batches, AnswerWriter writer) {
    this.files = files;
    this.batches = batches;
    this.writer = writer;
  }

  /** {@code POST /v1/files}. */
  int upload(Exchange in, Fault fault) throws IOException {
    return writer.send(in, files.upload(in.parts));
  }

  /** {@code GET /v1/files/{id}}. */
  int file(Exchange in, Fault fault) throws IOException {
    return writer.send(in, files.get(in.segment(2), false));
  }

  /** {@code GET /v1/files/{id}/content}. */
  int content(Exchange in, Fault fault) throws IOException {
    return writer.send(in, files.get(in.segment(2), true));
  }

  /** {@code POST /v1/batches}; the batch's lines are later sent with the caller's key. */
  int create(Exchange in, Fault fault) throws IOException {
    return writer.send(in, batches.createBatch(in.jsonObject(), in.header("authorization")));
  }

  /** {@code GET /v1/batches/{id}}. */
  int batch(Exchange in, Fault fault) throws IOException {
    return writer.send(in, batches.getBatch(in.segment(2)));
  }

  /** {@code POST /v1/batches/{id}/cancel}. */
  int cancel(Exchange in, Fault fault) throws IOException {
    return writer.send(in, batches.cancelBatch(in.segment(2)));
  }
}
