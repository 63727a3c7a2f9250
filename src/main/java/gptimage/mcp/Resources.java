package gptimage.mcp;

import gptimage.output.ImageType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this server saved, readable as MCP resources by their {@code file://} URI. Only those:
 * a client cannot read any other file on the machine through the server.
 */
final class Resources {
  /** The most bytes one read returns (a 4K PNG is well under it). */
  static final long MAX_READ = 64L << 20;

  private final Set<Path> saved = ConcurrentHashMap.newKeySet();

  void add(Path file) {
    saved.add(file.toAbsolutePath().normalize());
  }

  static String uri(Path file) {
    return file.toAbsolutePath().normalize().toUri().toString();
  }

  static String mimeType(Path file) {
    try {
      ImageType t = ImageType.of(file);
      return t.isImage() ? t.mime() : "application/octet-stream";
    } catch (IOException e) {
      return "application/octet-stream";
    }
  }

  List<Map<String, Object>> list() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path p : saved.stream().sorted().toList()) {
      if (Files.isRegularFile(p)) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uri", uri(p));
        r.put("name", p.getFileName().toString());
        r.put("mimeType", mimeType(p));
        try {
          r.put("size", Files.size(p));
        } catch (IOException e) {
          continue;
        }
        out.add(r);
      }
    }
    return out;
  }

  Map<String, Object> read(Object uri) {
    Path p;
    try {
      p = Path.of(URI.create(String.valueOf(uri))).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw new McpServer.ProtocolFault(
          McpServer.INVALID_PARAMS, "resources/read needs a file:// URI, got " + uri + ".");
    }
    if (!saved.contains(p) || !Files.isRegularFile(p)) {
      throw new McpServer.ProtocolFault(
          -32002, "Resource not found: " + uri + " (only files this server saved are served).");
    }
    try {
      if (Files.size(p) > MAX_READ) {
        throw new McpServer.ProtocolFault(
            McpServer.INVALID_PARAMS, p + " is above " + (MAX_READ >> 20) + " MB; read the file.");
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("uri", uri(p));
      c.put("mimeType", mimeType(p));
      c.put("blob", Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      return Map.of("contents", List.of(c));
    } catch (IOException e) {
      throw new McpServer.ProtocolFault(
          McpServer.INTERNAL_ERROR, p + " cannot be read: " + e.getMessage());
    }
  }
}
