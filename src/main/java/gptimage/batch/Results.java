package gptimage.batch;

import gptimage.json.Json;
import gptimage.output.OutputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.jsonl} in the output folder: one JSON line appended per finished job, in the order
 * jobs finish, never rewritten. A later line for the same id supersedes an earlier one, so a
 * rerun's retries simply follow the failures they retry.
 */
final class Results implements AutoCloseable {
  static final String FILE = "results.jsonl";

  /** What is known of a job from earlier runs. */
  record Known(String status, String fingerprint) {
    boolean done() {
      return "ok".equals(status);
    }
  }

  private final Path file;
  private OutputStream out;

  Results(Path folder) {
    this.file = folder.resolve(FILE);
  }

  Path file() {
    return file;
  }

  /** The latest record of each id, read as a stream: only ids, statuses and fingerprints stay. */
  Map<String, Known> load() {
    Map<String, Known> known = new HashMap<>();
    if (!Files.exists(file)) {
      return known;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        Object tree = parse(line);
        if (tree instanceof Map<?, ?> m && m.get("id") != null) {
          known.put(
              String.valueOf(m.get("id")),
              new Known(String.valueOf(m.get("status")), String.valueOf(m.get("fingerprint"))));
        }
      }
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return known;
  }

  private static Object parse(String line) {
    try {
      return line.isBlank() ? null : Json.parse(line);
    } catch (Json.JsonFormatException e) {
      return null; // a line cut short by a crash: its job is simply not known to be done
    }
  }

  /** Appends one record as a line, flushed at once. */
  synchronized void append(Map<String, Object> record) {
    try {
      if (out == null) {
        out =
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      out.write((Json.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new OutputException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The latest record of each id, in job-line order, read back one at a time: the file is indexed
   * by offset first, so a 100,000-job file is never held whole.
   */
  void forEachLatest(java.util.function.Consumer<Map<String, Object>> consumer) {
    if (!Files.exists(file)) {
      return;
    }
    record Where(long offset, int length, long line) {}
    Map<String, Where> latest = new HashMap<>();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long offset = 0;
        String line;
        while ((line = in.readLine()) != null) {
          int bytes = line.getBytes(StandardCharsets.UTF_8).length;
          if (parse(line) instanceof Map<?, ?> m && m.get("id") != null) {
            long jobLine = m.get("line") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
            latest.put(String.valueOf(m.get("id")), new Where(offset, bytes, jobLine));
          }
          offset += bytes + 1;
        }
      }
      List<Where> order = new ArrayList<>(latest.values());
      latest.clear();
      order.sort(Comparator.comparingLong(Where::line).thenComparingLong(Where::offset));
      for (Where w : order) {
        byte[] buf = new byte[w.length()];
        raf.seek(w.offset());
        raf.readFully(buf);
        @SuppressWarnings("unchecked")
        Map<String, Object> record =
            (Map<String, Object>) Json.parse(new String(buf, StandardCharsets.UTF_8));
        consumer.accept(record);
      }
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // every line was flushed as written
      }
      out = null;
    }
  }
}
