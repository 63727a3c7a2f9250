package gptimage.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call's {@code notifications/progress}, sent only where the client gave a progress token, and
 * none once the call was cancelled. Progress is a count of steps that only grows; {@code total} is
 * given where it is known (a batch's jobs).
 */
final class Progress {
  private final Object token;
  private final McpServer.Peer peer;
  private final Calls.Call call;
  private double done;

  Progress(Object token, McpServer.Peer peer, Calls.Call call) {
    this.token = token;
    this.peer = peer;
    this.call = call;
  }

  /** One more step, with what it was. */
  void step(String message) {
    report(message, null);
  }

  /** One more step of {@code total}. */
  synchronized void report(String message, Double total) {
    done++;
    if (token == null || call.cancelled()) {
      return;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("progressToken", token);
    params.put("progress", done);
    if (total != null) {
      params.put("total", Math.max(total, done));
    }
    params.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("method", "notifications/progress");
    m.put("params", params);
    peer.send(m);
  }
}
