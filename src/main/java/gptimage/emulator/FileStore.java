package gptimage.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/files} as the Files API serves it: uploads (a batch's JSONL input), their metadata and
 * their content; the batches' output and error files are kept here too.
 */
final class FileStore {
  static final long MAX_INPUT_BYTES = 200L << 20;

  /** One stored file. */
  record StoredFile(String id, String filename, String purpose, byte[] bytes, long createdAt) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("object", "file");
      m.put("bytes", bytes.length);
      m.put("created_at", createdAt);
      m.put("filename", filename);
      m.put("purpose", purpose);
      m.put("status", "processed");
      return m;
    }
  }

  private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** {@code POST /v1/files}: multipart {@code purpose} and {@code file}. */
  Answer upload(List<Multipart.Part> parts) {
    if (parts == null) {
      throw ApiError.invalid(null, "invalid_request", "Send the file as multipart/form-data.");
    }
    String purpose = null;
    Multipart.Part file = null;
    for (Multipart.Part p : parts) {
      if (p.name().equals("purpose") && p.filename() == null) {
        purpose = p.text().trim();
      } else if (p.name().equals("file")) {
        file = p;
      }
    }
    if (purpose == null) {
      throw ApiError.invalid("purpose", "missing_required_parameter", "Missing 'purpose'.");
    }
    if (!Set.of("batch", "vision", "user_data", "assistants", "fine-tune").contains(purpose)) {
      throw ApiError.invalid("purpose", "invalid_value", "Invalid purpose '" + purpose + "'.");
    }
    if (file == null) {
      throw ApiError.invalid("file", "missing_required_parameter", "Missing 'file'.");
    }
    if (purpose.equals("batch")) {
      String name = file.filename() == null ? "" : file.filename();
      if (!name.endsWith(".jsonl")) {
        throw ApiError.invalid(
            "file", "invalid_file_format", "Batch input files must be .jsonl, got '" + name + "'.");
      }
      if (file.data().length > MAX_INPUT_BYTES) {
        throw ApiError.invalid(
            "file", "file_too_large", "Batch input files can be at most 200 MB.");
      }
    }
    return Answer.json(200, put(file.filename(), purpose, file.data()).json());
  }

  /** {@code GET /v1/files/{id}} and, with {@code content}, {@code .../content}. */
  Answer get(String id, boolean content) {
    StoredFile f = files.get(id);
    if (f == null) {
      throw new ApiError(
          404, "invalid_request_error", "file_id", "not_found", "No such File object: " + id);
    }
    return content
        ? new Answer(200, "application/octet-stream", f.bytes())
        : Answer.json(200, f.json());
  }

  /** The file, or null. */
  StoredFile find(String id) {
    return files.get(id);
  }

  /** Keeps a file and returns it with its new id. */
  StoredFile put(String filename, String purpose, byte[] bytes) {
    StoredFile f =
        new StoredFile(
            "file-" + Long.toHexString(0xf11e0000L + ids.incrementAndGet()),
            filename,
            purpose,
            bytes,
            now());
    files.put(f.id(), f);
    return f;
  }
}
