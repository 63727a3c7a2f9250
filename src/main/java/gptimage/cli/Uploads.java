package gptimage.cli;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.RequestChanges;
import gptimage.output.FolderState;
import gptimage.output.OutputException;
import gptimage.wire.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --upload}: sends the local input images and mask of a request once to the Files API
 * ({@code POST /files}, purpose {@value #PURPOSE}) and sends their ids instead. Ids are remembered
 * in the output folder's {@link FolderState} under {@value #KEY}, by the file's SHA-256, and reused
 * while the provider still knows them (a {@code GET /files/{id}} that answers 404 means upload
 * again, once).
 */
final class Uploads {
  /** The Files API purpose of images used as model input. */
  static final String PURPOSE = "vision";

  /** The key of the uploaded ids in the folder state: SHA-256 (hex) to file id. */
  static final String KEY = "uploads";

  private final ImageClient client;
  private final FolderState state;

  /** Ids checked with the provider during this run, not checked again. */
  private final Set<String> checked = new HashSet<>();

  /**
   * @param folder the output folder, whose state remembers the ids
   */
  Uploads(ImageClient client, Path folder) {
    this.client = client;
    this.state = new FolderState(folder);
  }

  /**
   * The request with its local images and mask replaced by Files API ids. One call at a time, so
   * that concurrent jobs of a batch that share a reference upload it once.
   */
  synchronized ImageRequest apply(ImageRequest r) {
    if (r.images().isEmpty() && r.mask() == null) {
      return r;
    }
    Map<String, Object> all = state.read();
    Map<String, Object> known = new LinkedHashMap<>();
    if (all.get(KEY) instanceof Map<?, ?> m) {
      m.forEach((k, v) -> known.put(String.valueOf(k), v));
    }
    List<String> refs = new ArrayList<>();
    for (Path p : r.images()) {
      refs.add(idOf(p, known));
    }
    refs.addAll(r.imageRefs());
    String maskRef = r.mask() == null ? r.maskRef() : idOf(r.mask(), known);
    Map<String, Object> fresh = state.read();
    fresh.put(KEY, known);
    state.write(fresh);
    return RequestChanges.withReferences(r, refs, maskRef);
  }

  private String idOf(Path file, Map<String, Object> known) {
    String sha = sha256(file);
    if (known.get(sha) instanceof String id) {
      try {
        if (checked.add(id)) {
          client.batches().getJson("/files/" + id);
        }
        return id;
      } catch (NotFoundException e) {
        known.remove(sha); // the provider forgot it: upload again
      }
    }
    Object id = client.batches().uploadFile(file, PURPOSE, contentType(file)).get("id");
    known.put(sha, String.valueOf(id));
    checked.add(String.valueOf(id));
    return String.valueOf(id);
  }

  private static String contentType(Path file) {
    String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    return n.endsWith(".webp") ? "image/webp" : "image/png";
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      for (int k; (k = in.read(buf)) > 0; ) {
        d.update(buf, 0, k);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
