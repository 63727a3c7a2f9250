package gptimage.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Batch API input file being written: lines for one endpoint, within the provider's limits. */
final class InputChunk {
  final String endpoint;
  final Path file;
  private final OutputStream out;
  int requests;
  long bytes;

  InputChunk(String endpoint, Path file) throws IOException {
    this.endpoint = endpoint;
    this.file = file;
    this.out = Files.newOutputStream(file);
  }

  /** Appends one line, already written to {@code line}, of {@code size} bytes. */
  void add(Path line, long size) throws IOException {
    Files.copy(line, out);
    requests++;
    bytes += size;
  }

  void close() throws IOException {
    out.close(); // closing twice is harmless
  }
}
