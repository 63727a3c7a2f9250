package gptimage.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gptimage.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * MCP over Streamable HTTP at {@code /mcp}: a POST carries a message; requests are answered as a
 * server-sent event stream (with the call's progress before its answer) or as one JSON object,
 * whichever the client accepts; notifications get 202. {@code initialize} opens a session named by
 * the {@code Mcp-Session-Id} header, which later requests must carry; DELETE ends it. With a token,
 * every request must carry {@code Authorization: Bearer <token>}: any other gets 401 and nothing
 * else. Without one, a request from a web page of another origin gets 403 (the DNS rebinding
 * defence the specification asks for).
 */
public final class HttpTransport implements AutoCloseable {
  /** The path served. */
  public static final String PATH = "/mcp";

  private final McpServer server;
  private final byte[] token;
  private final HttpServer http;
  private final ExecutorService pool;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private HttpTransport(McpServer server, String token, HttpServer http, ExecutorService pool) {
    this.server = server;
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.http = http;
    this.pool = pool;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one).
   *
   * @param token the bearer token every request must carry; null for none (loopback only: the
   *     caller checks)
   */
  public static HttpTransport start(McpServer server, String host, int port, String token)
      throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mcp-http");
              t.setDaemon(true);
              return t;
            });
    HttpTransport t = new HttpTransport(server, token, http, pool);
    http.createContext(PATH, t::serve);
    http.setExecutor(pool);
    http.start();
    return t;
  }

  /** The address served, such as {@code http://127.0.0.1:3689/mcp}. */
  public String url() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + PATH;
  }

  private void serve(HttpExchange x) throws IOException {
    try (x) {
      if (token != null && !authorized(x.getRequestHeaders().getFirst("Authorization"))) {
        x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        x.sendResponseHeaders(401, -1);
        return;
      }
      if (!x.getRequestURI().getPath().equals(PATH)) {
        status(x, 404, "Not found: the MCP endpoint is " + PATH + ".");
        return;
      }
      String origin = x.getRequestHeaders().getFirst("Origin");
      if (token == null && origin != null && !loopbackOrigin(origin)) {
        status(x, 403, "Requests from " + origin + " are refused.");
        return;
      }
      String version = x.getRequestHeaders().getFirst("MCP-Protocol-Version");
      if (version != null && !McpServer.VERSIONS.contains(version)) {
        status(x, 400, "Unsupported MCP-Protocol-Version " + version + ".");
        return;
      }
      switch (x.getRequestMethod()) {
        case "POST" -> post(x);
        case "DELETE" -> {
          String id = x.getRequestHeaders().getFirst("Mcp-Session-Id");
          status(x, id != null && sessions.remove(id) != null ? 200 : 404, "");
        }
        default -> {
          // No stream of server-initiated messages: this server sends none outside a request.
          x.getResponseHeaders().set("Allow", "POST, DELETE");
          status(x, 405, "Use POST (and DELETE to end a session).");
        }
      }
    }
  }

  private void post(HttpExchange x) throws IOException {
    Object body;
    try {
      body = Json.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      json(x, 400, McpServer.error(null, McpServer.PARSE_ERROR, "Not JSON: " + e.getMessage()));
      return;
    }
    List<Object> messages = body instanceof List<?> l ? new ArrayList<>(l) : List.of(body);
    boolean initialize =
        messages.stream()
            .anyMatch(m -> m instanceof Map<?, ?> mm && "initialize".equals(mm.get("method")));
    Session session;
    String sessionId = x.getRequestHeaders().getFirst("Mcp-Session-Id");
    if (initialize) {
      session = new Session();
      sessionId = HexFormat.of().formatHex(bytes());
      sessions.put(sessionId, session);
      x.getResponseHeaders().set("Mcp-Session-Id", sessionId);
    } else if (sessionId == null) {
      json(
          x,
          400,
          McpServer.error(null, McpServer.INVALID_REQUEST, "Missing Mcp-Session-Id header."));
      return;
    } else if ((session = sessions.get(sessionId)) == null) {
      json(x, 404, McpServer.error(null, McpServer.INVALID_REQUEST, "Unknown session."));
      return;
    }
    Set<Object> pending = ConcurrentHashMap.newKeySet();
    for (Object m : messages) {
      if (m instanceof Map<?, ?> mm && mm.get("method") != null && mm.containsKey("id")) {
        pending.add(mm.get("id"));
      }
    }
    if (pending.isEmpty()) {
      messages.forEach(m -> server.handle(m, session, message -> {}));
      x.sendResponseHeaders(202, -1);
      return;
    }
    String accept = String.valueOf(x.getRequestHeaders().getFirst("Accept"));
    boolean stream = accept.contains("text/event-stream");
    CountDownLatch answered = new CountDownLatch(pending.size());
    List<Map<String, Object>> answers = new ArrayList<>();
    OutputStream out = x.getResponseBody();
    if (stream) {
      x.getResponseHeaders().set("Content-Type", "text/event-stream");
      x.getResponseHeaders().set("Cache-Control", "no-cache");
      x.sendResponseHeaders(200, 0);
    }
    McpServer.Peer peer =
        new McpServer.Peer() {
          @Override
          public void send(Map<String, Object> message) {
            boolean answer = message.get("method") == null && pending.remove(message.get("id"));
            synchronized (answers) {
              if (stream) {
                event(out, message);
              } else if (answer) {
                answers.add(message);
              }
            }
            if (answer) {
              answered.countDown();
            }
          }

          @Override
          public void dropped(Object id) {
            if (pending.remove(id)) {
              answered.countDown();
            }
          }
        };
    messages.forEach(m -> server.handle(m, session, peer));
    try {
      answered.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!stream) {
      Object payload =
          body instanceof List<?> ? answers : answers.isEmpty() ? null : answers.get(0);
      if (payload == null) {
        x.sendResponseHeaders(202, -1);
        return;
      }
      json(x, 200, payload);
    }
  }

  private byte[] bytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  private static void event(OutputStream out, Map<String, Object> message) {
    try {
      out.write(
          ("event: message\ndata: " + Json.toJson(message) + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // the client went away; the call goes on (a disconnect is not a cancel)
    }
  }

  private boolean authorized(String header) {
    return header != null
        && MessageDigest.isEqual(token, header.trim().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean loopbackOrigin(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host != null
          && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void json(HttpExchange x, int status, Object payload) throws IOException {
    byte[] b = Json.toJson(payload).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  private static void status(HttpExchange x, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
  }

  /** Stops serving; calls in flight are cancelled by the server's own close. */
  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
