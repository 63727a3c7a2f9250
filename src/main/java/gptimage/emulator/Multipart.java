package gptimage.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a {@code multipart/form-data} body held in memory into its parts. */
final class Multipart {
  /** One part; {@code filename} is null for a text field. */
  record Part(String name, String filename, String contentType, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private Multipart() {}

  static String boundary(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
      }
    }
    return null;
  }

  static List<Part> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw ApiError.invalid(null, "invalid_multipart", "The multipart body has no boundary.");
    }
    while (true) {
      int lineEnd = at + delimiter.length;
      if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
        return parts;
      }
      int headersStart = indexOf(body, new byte[] {'\r', '\n'}, lineEnd) + 2;
      int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, headersStart);
      if (headersStart < 2 || headersEnd < 0) {
        throw ApiError.invalid(null, "invalid_multipart", "A multipart part has no headers.");
      }
      String headers =
          new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int dataStart = headersEnd + 4;
      byte[] next = new byte[delimiter.length + 2];
      next[0] = '\r';
      next[1] = '\n';
      System.arraycopy(delimiter, 0, next, 2, delimiter.length);
      int dataEnd = indexOf(body, next, dataStart);
      if (dataEnd < 0) {
        throw ApiError.invalid(null, "invalid_multipart", "The multipart body is cut short.");
      }
      String name = null;
      String filename = null;
      String type = null;
      for (String line : headers.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-disposition:")) {
          name = param(line, "name");
          filename = param(line, "filename");
        } else if (lower.startsWith("content-type:")) {
          type = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      byte[] data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
      parts.add(new Part(name, filename, type, data));
      at = dataEnd + 2;
    }
  }

  private static String param(String header, String key) {
    String needle = key + "=\"";
    int i = 0;
    while ((i = header.indexOf(needle, i)) >= 0) {
      char before = i == 0 ? ' ' : header.charAt(i - 1);
      if (before == ' ' || before == ';') {
        int start = i + needle.length();
        int end = header.indexOf('"', start);
        return end < 0 ? null : header.substring(start, end);
      }
      i += needle.length();
    }
    return null;
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
