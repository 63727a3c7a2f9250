package gptimage.wire;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * HTTP/1.1 over a socket, on the calling thread, for {@code http://} URLs reached directly (the
 * emulator, or a gateway on this machine or network) and for {@code https://} URLs, directly or
 * through a proxy's tunnel ({@link TlsConnector}). The JDK's client would do the same work with a
 * selector thread, a pool and a TLS context; for a command that makes one call that is about a
 * third of its run, counting a JVM exit that waits out the selector thread blocked in native code.
 * HttpConnections are kept alive and reused; answers may be sized, chunked or end with the
 * connection.
 */
final class PlainHttp implements AutoCloseable {
  /** A kept-alive connection unused for longer is closed rather than reused. */
  private static final long IDLE_LIMIT_NANOS = Duration.ofSeconds(20).toNanos();

  private static final int MAX_HEADER_LINES = 200;

  /** An early connection unclaimed for longer may have been dropped by the server. */
  private static final long EARLY_STALE_NANOS = Duration.ofSeconds(5).toNanos();

  /**
   * An answer's status and headers, and its body to read; closing the body frees the connection.
   */
  record Exchange(int status, HttpHeaders headers, InputStream body) {}

  private final Duration connectTimeout;
  private final TlsConnector tls; // null: http:// only
  private final Map<String, ArrayDeque<HttpConnection>> idle = new HashMap<>(); // guarded by itself
  private final Map<String, EarlyConnection> early = new HashMap<>(); // guarded by idle

  PlainHttp(Duration connectTimeout) {
    this(connectTimeout, null);
  }

  /**
   * @param tls how https origins are reached; null for http:// only
   */
  PlainHttp(Duration connectTimeout, TlsConnector tls) {
    this.connectTimeout = connectTimeout;
    this.tls = tls;
  }

  /**
   * Sends the request and reads the answer's head.
   *
   * @param onHttpConnection hears of each connection before anything is written to it, so that a
   *     watchdog can break off a silent exchange by closing it
   */
  Exchange send(Request request, Consumer<Closeable> onHttpConnection) throws IOException {
    URI uri = request.uri();
    String host = uri.getHost();
    if (host == null) {
      throw new IOException("the URL " + uri + " has no host name");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String key = key(https, host, port);
    HttpConnection c = pooled(key);
    boolean reused = c != null;
    if (c == null) {
      c = claimEarly(key, onHttpConnection);
      // One that waited long for its request may have been dropped by the server: like a
      // kept-alive one, it gets one fresh try if it breaks before any answer byte.
      reused = c != null && System.nanoTime() - c.idleSince > EARLY_STALE_NANOS;
    }
    while (true) {
      if (c == null) {
        c = connect(key, host, port, https, onHttpConnection);
      }
      onHttpConnection.accept(c);
      try {
        write(c, request, host, uri.getPort());
        return readHead(c, request.method());
      } catch (IOException e) {
        c.close();
        // The server may have closed a kept-alive connection while it lay idle: the request
        // never reached it, so it goes once more on a fresh connection.
        if (reused && !c.answered && isStale(e)) {
          c = null;
          reused = false;
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Starts opening a connection to this https origin on a second thread (see {@link
   * EarlyConnection}), unless one is open or opening; the next request to it uses that connection.
   */
  void connectEarly(URI origin) {
    String host = origin.getHost();
    if (tls == null || host == null || !"https".equalsIgnoreCase(origin.getScheme())) {
      return;
    }
    int port = origin.getPort() > 0 ? origin.getPort() : 443;
    String key = key(true, host, port);
    synchronized (idle) {
      ArrayDeque<HttpConnection> free = idle.get(key);
      if (early.containsKey(key) || (free != null && !free.isEmpty())) {
        return;
      }
      early.put(key, EarlyConnection.start(key, s -> connect(key, host, port, true, s)));
    }
  }

  private HttpConnection claimEarly(String key, Consumer<Closeable> onHttpConnection)
      throws IOException {
    EarlyConnection e;
    synchronized (idle) {
      e = early.remove(key);
    }
    if (e == null) {
      return null;
    }
    onHttpConnection.accept(e); // the attempt's time limit breaks off a handshake still under way
    return e.claim();
  }

  private static String key(boolean https, String host, int port) {
    return (https ? "https://" : "") + host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static boolean isStale(IOException e) {
    return e instanceof EOFException
        || (e instanceof SocketException && !(e instanceof java.net.ConnectException));
  }

  private HttpConnection pooled(String key) {
    synchronized (idle) {
      ArrayDeque<HttpConnection> free = idle.get(key);
      while (free != null && !free.isEmpty()) {
        HttpConnection c = free.pollLast();
        if (System.nanoTime() - c.idleSince < IDLE_LIMIT_NANOS) {
          return c;
        }
        c.close();
      }
      return null;
    }
  }

  private void release(HttpConnection c) {
    synchronized (idle) {
      c.idleSince = System.nanoTime();
      c.answered = false;
      idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
    }
  }

  private HttpConnection connect(
      String key, String host, int port, boolean https, Consumer<Closeable> onConnection)
      throws IOException {
    try {
      return connectOnce(key, host, port, https, onConnection);
    } catch (TlsConnector.GroupsRefused e) {
      return connectOnce(key, host, port, https, onConnection); // now with the default groups
    }
  }

  private HttpConnection connectOnce(
      String key, String host, int port, boolean https, Consumer<Closeable> onConnection)
      throws IOException {
    String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (https && tls == null) {
      throw new IOException("https:// is not set up on this connection pool");
    }
    URI proxy = https ? tls.proxyFor(address, port) : null;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      InetSocketAddress to =
          proxy == null
              ? new InetSocketAddress(address, port)
              : new InetSocketAddress(proxy.getHost(), proxy.getPort() > 0 ? proxy.getPort() : 80);
      socket.connect(to, (int) connectTimeout.toMillis());
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new HttpConnectTimeoutException("connect timed out");
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    if (https) {
      onConnection.accept(socket); // a silent proxy or handshake is broken off by the watchdog
      try {
        socket = tls.secure(socket, proxy, address, port);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
    return new HttpConnection(key, socket);
  }

  private static void write(HttpConnection c, Request request, String host, int port)
      throws IOException {
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder head = new StringBuilder(256);
    head.append(request.method()).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(host);
    if (port > 0) {
      head.append(':').append(port);
    }
    head.append("\r\n");
    request
        .headers()
        .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    Body body = request.body();
    if (body != null || request.method().equals("POST")) {
      head.append("Content-Length: ").append(body == null ? 0 : body.length()).append("\r\n");
    }
    head.append("\r\n");
    c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      body.writeTo(c.out);
    }
    c.out.flush();
  }

  private Exchange readHead(HttpConnection c, String method) throws IOException {
    while (true) {
      String statusLine = c.readLine();
      if (statusLine == null) {
        throw new EOFException("the server closed the connection without answering");
      }
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP answer: " + HttpConnection.abbreviate(statusLine));
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status line: " + HttpConnection.abbreviate(statusLine));
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int lines = 0; ; lines++) {
        String line = c.readLine();
        if (line == null) {
          throw new EOFException("the answer's headers broke off");
        }
        if (line.isEmpty()) {
          break;
        }
        if (lines >= MAX_HEADER_LINES) {
          throw new IOException("more than " + MAX_HEADER_LINES + " header lines");
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers
              .computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>(1))
              .add(line.substring(colon + 1).trim());
        }
      }
      if (status / 100 == 1) {
        continue; // 100 Continue and the like come before the real answer
      }
      HttpHeaders h = HttpHeaders.of(headers, (name, value) -> true);
      boolean keepAlive =
          statusLine.startsWith("HTTP/1.1")
              ? !h.firstValue("connection").orElse("").equalsIgnoreCase("close")
              : h.firstValue("connection").orElse("").equalsIgnoreCase("keep-alive");
      InputStream body;
      if (method.equals("HEAD") || status == 204 || status == 304) {
        body = new HttpBody.Sized(this::release, c, 0, keepAlive);
      } else if (h.firstValue("transfer-encoding")
          .orElse("")
          .toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = new HttpBody.Chunked(this::release, c, keepAlive);
      } else if (h.firstValue("content-length").isPresent()) {
        long length;
        try {
          length = Long.parseLong(h.firstValue("content-length").get());
        } catch (NumberFormatException e) {
          throw new IOException("a Content-Length that is not a number");
        }
        body = new HttpBody.Sized(this::release, c, length, keepAlive);
      } else {
        body = new HttpBody.Sized(this::release, c, -1, false);
      }
      return new Exchange(status, h, body);
    }
  }

  @Override
  public void close() {
    synchronized (idle) {
      idle.values().forEach(free -> free.forEach(HttpConnection::close));
      idle.clear();
      early.values().forEach(EarlyConnection::close);
      early.clear();
    }
  }
}
