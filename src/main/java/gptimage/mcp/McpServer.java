package gptimage.mcp;

import gptimage.ImageToolException;
import gptimage.client.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Model Context Protocol server: JSON-RPC 2.0 messages in, answers and notifications out,
 * whatever carries them ({@link StdioTransport} or {@link HttpTransport}). {@code initialize},
 * {@code ping}, {@code tools/list}, {@code tools/call}, {@code resources/list}, {@code
 * resources/read} and {@code notifications/cancelled} are served; a tool call runs on its own
 * thread, so several run at once (at most {@link Tools#concurrency()}, the rest wait their turn).
 *
 * <p>Protocol revisions: the newest in {@link #VERSIONS} is offered; a client asking for an older
 * one it lists gets that one, and then results carry no {@code structuredContent}, {@code
 * outputSchema} or {@code resource_link} (which that revision did not have) but the same JSON as
 * text.
 */
public final class McpServer implements AutoCloseable {
  /** The protocol revisions served, newest first. */
  public static final List<String> VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /** JSON-RPC error codes. */
  static final int PARSE_ERROR = -32700;

  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  /** Where a message goes back to: the stdio stream, or one HTTP request's answer. */
  public interface Peer {
    /** Sends one JSON-RPC message; never throws (a gone peer drops it). */
    void send(Map<String, Object> message);

    /** The request {@code id} was cancelled and will get no answer. */
    default void dropped(Object id) {}
  }

  private final Tools tools;
  private final Resources resources;
  private final Calls calls = new Calls();
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mcp-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  public McpServer(Tools tools) {
    this.tools = tools;
    this.resources = tools.resources();
  }

  /**
   * Handles one message (a request, a notification or a client's answer) from the client of {@code
   * session}. Answers go to {@code peer}, from this thread or, for a tool call, from the call's
   * thread later; notifications get no answer.
   */
  public void handle(Object message, Session session, Peer peer) {
    if (!(message instanceof Map<?, ?> raw)) {
      peer.send(error(null, INVALID_REQUEST, "A JSON-RPC message must be a JSON object."));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) raw;
    Object id = m.get("id");
    Object method = m.get("method");
    if (method == null) {
      return; // an answer to a request of ours: we send none, so there is nothing to match
    }
    if (!"2.0".equals(m.get("jsonrpc")) || !(method instanceof String name)) {
      peer.send(error(id, INVALID_REQUEST, "Expected \"jsonrpc\": \"2.0\" and a string method."));
      return;
    }
    Map<String, Object> params =
        m.get("params") instanceof Map<?, ?> p ? cast(p) : new LinkedHashMap<>();
    if (!m.containsKey("id")) {
      notification(name, params);
      return;
    }
    if (!(id instanceof String || id instanceof Number)) {
      peer.send(error(null, INVALID_REQUEST, "A request id must be a string or a number."));
      return;
    }
    try {
      switch (name) {
        case "initialize" -> peer.send(result(id, initialize(params, session)));
        case "ping" -> peer.send(result(id, Map.of()));
        case "tools/list" -> peer.send(result(id, Map.of("tools", tools.list(session))));
        case "tools/call" -> call(id, params, session, peer);
        case "resources/list" -> peer.send(result(id, Map.of("resources", resources.list())));
        case "resources/templates/list" ->
            peer.send(result(id, Map.of("resourceTemplates", List.of())));
        case "resources/read" -> peer.send(result(id, resources.read(params.get("uri"))));
        default -> peer.send(error(id, METHOD_NOT_FOUND, "No method " + name + " here."));
      }
    } catch (ProtocolFault e) {
      peer.send(error(id, e.code, e.getMessage()));
    } catch (RuntimeException e) {
      peer.send(error(id, INTERNAL_ERROR, "Unexpected error: " + e));
    }
  }

  private Map<String, Object> initialize(Map<String, Object> params, Session session) {
    Object asked = params.get("protocolVersion");
    String version = asked instanceof String s && VERSIONS.contains(s) ? s : VERSIONS.get(0);
    session.protocolVersion(version);
    Map<String, Object> capabilities = new LinkedHashMap<>();
    capabilities.put("tools", Map.of("listChanged", false));
    capabilities.put("resources", Map.of("listChanged", false, "subscribe", false));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("protocolVersion", version);
    r.put("capabilities", capabilities);
    r.put(
        "serverInfo",
        Map.of("name", "gpt-image-2-api", "title", "gpt-image-2-api", "version", Version.VERSION));
    r.put("instructions", tools.instructions());
    return r;
  }

  private void notification(String name, Map<String, Object> params) {
    if (name.equals("notifications/cancelled")) {
      calls.cancel(params.get("requestId"));
    }
    // notifications/initialized and the rest need nothing from us
  }

  private void call(Object id, Map<String, Object> params, Session session, Peer peer) {
    if (!(params.get("name") instanceof String tool)) {
      throw new ProtocolFault(INVALID_PARAMS, "tools/call needs the tool's \"name\".");
    }
    Object args = params.getOrDefault("arguments", Map.of());
    if (!(args instanceof Map<?, ?> a)) {
      throw new ProtocolFault(INVALID_PARAMS, "tools/call \"arguments\" must be a JSON object.");
    }
    if (!tools.has(tool)) {
      // The specification lets this be either; a result lets the model read the message.
      peer.send(
          result(
              id,
              ToolResults.error(
                  "No tool "
                      + tool
                      + " here. The tools are: "
                      + String.join(", ", tools.names())
                      + ".")));
      return;
    }
    Object token = params.get("_meta") instanceof Map<?, ?> meta ? meta.get("progressToken") : null;
    Calls.Call c = calls.start(id);
    Progress progress = new Progress(token, peer, c);
    pool.execute(
        () -> {
          Thread.interrupted(); // nothing from an earlier call on this thread carries over
          c.runOn(Thread.currentThread());
          Map<String, Object> answer;
          try {
            answer = tools.call(tool, cast(a), session, progress, c);
          } catch (ImageToolException e) {
            answer = ToolResults.error(e.getMessage());
          } catch (RuntimeException e) {
            answer = ToolResults.error("Unexpected error: " + e);
          } finally {
            c.finished();
          }
          // The specification: a cancelled request gets no answer.
          if (!c.cancelled()) {
            peer.send(result(id, answer));
          } else {
            peer.dropped(id);
          }
        });
  }

  static Map<String, Object> result(Object id, Map<String, Object> result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("result", result);
    return m;
  }

  static Map<String, Object> error(Object id, int code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("error", Map.of("code", code, "message", message));
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** A fault in the protocol (not in a tool's work): answered with a JSON-RPC error. */
  static final class ProtocolFault extends RuntimeException {
    final int code;

    ProtocolFault(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /**
   * Waits for the calls in flight to finish (each ends within its timeout and retries), taking no
   * new ones: for a client that closed its input but still reads the answers.
   */
  public void finishCalls() throws InterruptedException {
    pool.shutdown();
    while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
      // calls in flight end on their own
    }
  }

  /** Stops the calls still running (their temporary files go) and the server's threads. */
  @Override
  public void close() {
    calls.cancelAll();
    pool.shutdown();
  }
}
