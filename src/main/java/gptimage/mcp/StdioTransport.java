package gptimage.mcp;

import gptimage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * MCP over standard input and output: one JSON-RPC message a line each way (UTF-8, no embedded
 * newlines). Nothing else is written to the output; logs go to standard error.
 */
public final class StdioTransport {
  private final McpServer server;
  private final InputStream in;
  private final OutputStream out;
  private final Session session = new Session();

  public StdioTransport(McpServer server, InputStream in, OutputStream out) {
    this.server = server;
    this.in = in;
    this.out = out;
  }

  /**
   * Serves until the input ends (the client closed it), then lets the calls in flight finish and
   * answer. A client that wants them stopped at once ends the process (SIGTERM), which leaves no
   * temporary file.
   */
  public void run() throws IOException, InterruptedException {
    McpServer.Peer peer = this::write;
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      Object message;
      try {
        message = Json.parse(line);
      } catch (RuntimeException e) {
        write(McpServer.error(null, McpServer.PARSE_ERROR, "Not JSON: " + e.getMessage()));
        continue;
      }
      if (message instanceof List<?> batch) {
        batch.forEach(m -> server.handle(m, session, peer));
      } else {
        server.handle(message, session, peer);
      }
    }
    server.finishCalls();
  }

  private void write(Map<String, Object> message) {
    byte[] bytes = (Json.toJson(message) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // the client is gone; the input's end will stop the server
      }
    }
  }
}
