package gptimage.emulator;

import gptimage.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The requests an emulator received, for tests to assert on: keys masked, file parts reduced to
 * their size and hash, each with the status it was answered with. Holds the newest {@link
 * #RECORD_LIMIT}, so a long-running server stays small.
 */
final class RequestLog {
  /** Requests kept; older ones go, a tenth at a time. */
  static final int RECORD_LIMIT = 20_000;

  private final List<RecordedRequest> log = new ArrayList<>();
  private final Clock clock;

  /** The sequence number of {@code log.get(0)}: slots stay right as old entries go. */
  private long firstSeq;

  RequestLog(Clock clock) {
    this.clock = clock;
  }

  /** Records a request as received; returns its slot for {@link #answered}. */
  long record(Exchange in) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : in.ex.getRequestHeaders().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = String.join(", ", e.getValue());
      if (name.equals("authorization") || name.equals("api-key")) {
        value = maskKey(value);
      }
      headers.put(name, value);
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    List<RecordedRequest.FilePart> files = new ArrayList<>();
    if (in.parts != null) {
      for (Multipart.Part p : in.parts) {
        if (p.filename() == null) {
          fields.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.text());
        } else {
          files.add(
              new RecordedRequest.FilePart(
                  p.name(), p.filename(), p.contentType(), p.data().length, sha256(p.data())));
        }
      }
    }
    Object json = in.json instanceof Json.JsonFormatException ? null : in.json;
    RecordedRequest r =
        new RecordedRequest(
            in.method,
            in.path,
            Map.copyOf(headers),
            json,
            fields,
            List.copyOf(files),
            in.body.length,
            0,
            clock.instant(),
            in.ex.getRequestURI().getRawQuery());
    synchronized (log) {
      if (log.size() >= RECORD_LIMIT) {
        int drop = RECORD_LIMIT / 10;
        log.subList(0, drop).clear();
        firstSeq += drop;
      }
      log.add(r);
      return firstSeq + log.size() - 1;
    }
  }

  /** Notes the status a request got; a slot already dropped from the log is ignored. */
  void answered(long slot, int status) {
    synchronized (log) {
      long index = slot - firstSeq;
      if (index >= 0 && index < log.size()) {
        log.set((int) index, log.get((int) index).answered(status));
      }
    }
  }

  List<RecordedRequest> all() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  RecordedRequest last() {
    synchronized (log) {
      return log.isEmpty() ? null : log.get(log.size() - 1);
    }
  }

  void clear() {
    synchronized (log) {
      firstSeq += log.size();
      log.clear();
    }
  }

  /** {@code Bearer ****abcd}: a key shown by its last four characters, short keys not at all. */
  static String maskKey(String value) {
    String prefix = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(0, 7) : "";
    String key = value.substring(prefix.length());
    return prefix + (key.length() <= 8 ? "****" : "****" + key.substring(key.length() - 4));
  }

  /** Lower-case hex SHA-256 of {@code data}. */
  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
