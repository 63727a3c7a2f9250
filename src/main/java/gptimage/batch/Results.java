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
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code results.jsonl} in the output folder: one JSON line appended per finished job, in the order
 * jobs finish, never rewritten. A later line for the same id supersedes an earlier one, so a
 * rerun's retries simply follow the failures they retry.
 */
final class Results implements AutoCloseable {
  static final String FILE = "results.jsonl";

  /**
   * What is known of a job from earlier runs.
   *
   * @param record the whole line, kept only for a job done under a 0.1.0 fingerprint (to be written
   *     again in the new form); null otherwise
   */
  record Known(String status, String fingerprint, String record) {
    boolean done() {
      return "ok".equals(status);
    }
  }

  private final Path file;
  private final UnaryOperator<String> redact;
  private OutputStream out;

  /**
   * @param redact applied to every line before it is written: the one key redaction of the command,
   *     so that no error text echoing the key reaches the file
   */
  Results(Path folder, UnaryOperator<String> redact) {
    this.file = folder.resolve(FILE);
    this.redact = redact;
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
          String status = String.valueOf(m.get("status"));
          String fingerprint = String.valueOf(m.get("fingerprint"));
          boolean legacy = "ok".equals(status) && Fingerprint.isLegacy(fingerprint);
          known.put(
              String.valueOf(m.get("id")), new Known(status, fingerprint, legacy ? line : null));
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
  void append(Map<String, Object> record) {
    appendLine(Json.toJson(record));
  }

  /**
   * Appends an earlier record again with its fingerprint in the new form (and the old one kept as
   * {@code fingerprint_0_1_0}): the later line supersedes the earlier, so the file is never
   * rewritten.
   */
  void rewriteFingerprint(String line, String fingerprint) {
    if (parse(line) instanceof Map<?, ?> m) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      copy.put("fingerprint_0_1_0", copy.get("fingerprint"));
      copy.put("fingerprint", fingerprint);
      append(copy);
    }
  }

  private synchronized void appendLine(String json) {
    try {
      if (out == null) {
        out =
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      out.write((redact.apply(json) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new OutputException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The latest record of each job line, in line order, read back one at a time. The file is indexed
   * first as one {@code long} a record (line and offset), so a 100,000-job file costs under a
   * megabyte here, never its records.
   */
  void forEachLatest(java.util.function.Consumer<Map<String, Object>> consumer) {
    if (!Files.exists(file)) {
      return;
    }
    long[] index = new long[1024];
    int count = 0;
    try (java.io.InputStream raw = Files.newInputStream(file);
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 1 << 16)) {
      long offset = 0;
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      int b;
      long start = 0;
      while (true) {
        b = in.read();
        if (b == '\n' || b < 0) {
          if (line.size() > 0) {
            long jobLine = jobLine(line.toString(StandardCharsets.UTF_8));
            if (jobLine > 0 && jobLine < (1L << 23)) {
              if (count == index.length) {
                index = java.util.Arrays.copyOf(index, count * 2);
              }
              index[count++] = jobLine << 40 | start;
            }
          }
          if (b < 0) {
            break;
          }
          line.reset();
          start = offset + 1;
        } else {
          line.write(b);
        }
        offset++;
      }
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    java.util.Arrays.sort(index, 0, count);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      for (int i = 0; i < count; i++) {
        boolean latest = i + 1 == count || (index[i + 1] >>> 40) != (index[i] >>> 40);
        if (latest) {
          raf.seek(index[i] & ((1L << 40) - 1));
          Object tree = parse(new String(readLine(raf), StandardCharsets.UTF_8));
          if (tree instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) tree;
            consumer.accept(record);
          }
        }
      }
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static final java.util.regex.Pattern LINE_KEY =
      java.util.regex.Pattern.compile("\"line\":(\\d{1,9})[,}]");

  /** The record's job line: the first key "line" (quotes inside strings are escaped). */
  private static long jobLine(String json) {
    java.util.regex.Matcher m = LINE_KEY.matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static byte[] readLine(RandomAccessFile raf) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (true) {
      int n = raf.read(buf);
      if (n < 0) {
        return out.toByteArray();
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          out.write(buf, 0, i);
          return out.toByteArray();
        }
      }
      out.write(buf, 0, n);
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
