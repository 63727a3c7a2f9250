package gptimage.batch;

import gptimage.UsageException;
import gptimage.client.ImageRequest;
import gptimage.client.WireForm;
import gptimage.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What identifies a job already paid for (design rule 13): the SHA-256 of a canonical JSON text
 * holding the endpoint, the request's fields as they go on the wire (keys sorted at every depth,
 * fields at the API's defaults left out), the SHA-256 of each input file's bytes with the field
 * that carries it (never its path), and the stem source (the job's {@code name}, or its line).
 * Written as {@value #PREFIX} and 32 hex digits. A moved folder, a new optional request field left
 * at its default or a refactor of the request class change nothing; changed image bytes do.
 *
 * <p>{@code results.jsonl} lines written by 0.1.0 hold the older form (16 hex digits: a hash of the
 * request's {@code toString} and the stem source); {@link #matches} still accepts them, and the run
 * then writes the job's record again in this form ({@link Adoption}).
 */
final class Fingerprint {
  /** The version mark that starts every fingerprint of this form. */
  static final String PREFIX = "v2:";

  /**
   * Fields at the value the API takes when they are left out; left out here too, so that sending a
   * default or not sending it is the same job.
   */
  private static final Map<String, Set<String>> DEFAULTS =
      Map.of(
          "n", Set.of("1"),
          "stream", Set.of("false"),
          "partial_images", Set.of("0"));

  /** Digests of input files by path, kept while size and modification time stay the same. */
  private final Map<Path, FileDigest> digests = new ConcurrentHashMap<>();

  private record FileDigest(long size, long modified, String sha256) {}

  /** The fingerprint of a job whose request is {@code request}. */
  String of(Job job, ImageRequest request) {
    return PREFIX + HexFormat.of().formatHex(sha256(canonical(job, request)), 0, 16);
  }

  /**
   * The canonical text hashed by {@link #of}; its keys are sorted, so the same job gives the same
   * bytes.
   */
  String canonical(Job job, ImageRequest request) {
    WireForm form = WireForm.of(request);
    TreeMap<String, Object> c = new TreeMap<>();
    c.put("endpoint", form.endpoint());
    TreeMap<String, Object> fields = new TreeMap<>();
    form.fields()
        .forEach(
            (k, v) -> {
              if (v != null && !DEFAULTS.getOrDefault(k, Set.of()).contains(String.valueOf(v))) {
                fields.put(k, sorted(v));
              }
            });
    c.put("fields", fields);
    List<Object> inputs = new ArrayList<>();
    for (WireForm.FilePart f : form.files()) {
      inputs.add(List.of(f.field(), digest(job, f.path())));
    }
    c.put("inputs", inputs);
    c.put("stem", stemSource(job));
    c.put("v", 2);
    return Json.toJson(c);
  }

  /** Whether a fingerprint recorded earlier, in either form, is this job's. */
  boolean matches(String recorded, Job job, ImageRequest request) {
    if (recorded == null) {
      return false;
    }
    if (recorded.startsWith(PREFIX)) {
      return recorded.equals(of(job, request));
    }
    return recorded.equals(legacy(job, request));
  }

  /** Whether a recorded fingerprint is of the 0.1.0 form. */
  static boolean isLegacy(String recorded) {
    return recorded != null && !recorded.startsWith(PREFIX);
  }

  /**
   * The 0.1.0 form, read only to honour old results: never written. 0.1.0 hashed the request
   * record's {@code toString}; that text is rebuilt here from the twenty components the record had
   * in 0.1.0, so a component added later does not orphan old results.
   */
  static String legacy(Job job, ImageRequest request) {
    byte[] digest = sha256(toString010(request) + "|" + stemSource(job));
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  /** {@code ImageRequest.toString()} as the record of 0.1.0 wrote it. */
  static String toString010(ImageRequest r) {
    Object[] parts = {
      "prompt", r.prompt(),
      "model", r.model(),
      "protocol", r.protocol(),
      "size", r.size(),
      "quality", r.quality(),
      "n", r.n(),
      "outputFormat", r.outputFormat(),
      "responseFormat", r.responseFormat(),
      "background", r.background(),
      "moderation", r.moderation(),
      "outputCompression", r.outputCompression(),
      "partialImages", r.partialImages(),
      "inputFidelity", r.inputFidelity(),
      "style", r.style(),
      "stream", r.stream(),
      "user", r.user(),
      "extra", r.extra(),
      "images", r.images(),
      "mask", r.mask(),
      "autoMask", r.autoMask(),
    };
    StringBuilder b = new StringBuilder("ImageRequest[");
    for (int i = 0; i < parts.length; i += 2) {
      b.append(i == 0 ? "" : ", ").append(parts[i]).append('=').append(parts[i + 1]);
    }
    return b.append(']').toString();
  }

  /**
   * What a job's file names come from, without the zero-padding width: a job file that grows past
   * 999 lines must not make every job done so far look new (and be paid for again).
   */
  static String stemSource(Job job) {
    return job.name() != null ? "name:" + job.name() : "line:" + job.line();
  }

  private String digest(Job job, Path file) {
    try {
      long size = Files.size(file);
      long modified = Files.getLastModifiedTime(file).toMillis();
      FileDigest known = digests.get(file);
      if (known != null && known.size() == size && known.modified() == modified) {
        return known.sha256();
      }
      MessageDigest md = newDigest();
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      String hex = HexFormat.of().formatHex(md.digest());
      digests.put(file, new FileDigest(size, modified, hex));
      return hex;
    } catch (IOException e) {
      throw new UsageException(
          "line " + job.line() + ": cannot read " + file + " (" + e.getMessage() + ").");
    }
  }

  /** Maps with their keys sorted, at every depth, so that key order never matters. */
  private static Object sorted(Object v) {
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> t = new TreeMap<>();
      m.forEach((k, x) -> t.put(String.valueOf(k), sorted(x)));
      return t;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Fingerprint::sorted).toList();
    }
    return v;
  }

  private static byte[] sha256(String text) {
    return newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
