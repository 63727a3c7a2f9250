package gptimage.emulator;

import java.util.List;
import java.util.Map;

/**
 * One request as the emulator received it, for tests to assert on.
 *
 * @param method HTTP method
 * @param path the path, without the query
 * @param headers header names in lower case; the bearer key and {@code api-key} are masked to their
 *     last four characters
 * @param json the parsed JSON body (map, list, ...), or null when the body was not JSON
 * @param fields multipart text fields by name, in order received
 * @param files multipart file parts, in order received
 * @param bodyBytes the size of the body as received
 * @param status the status the emulator answered with (0 when it answered none)
 * @param receivedAt when the request had been read
 * @param query the raw query string after {@code ?}, or null where there was none
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, String> headers,
    Object json,
    Map<String, List<String>> fields,
    List<FilePart> files,
    long bodyBytes,
    int status,
    java.time.Instant receivedAt,
    String query) {

  /** A file part of a multipart body; {@code sha256} in lower-case hex. */
  public record FilePart(
      String name, String filename, String contentType, long size, String sha256) {}

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The first value of a multipart field, or null. */
  public String field(String name) {
    List<String> v = fields.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  RecordedRequest answered(int code) {
    return new RecordedRequest(
        method, path, headers, json, fields, files, bodyBytes, code, receivedAt, query);
  }
}
