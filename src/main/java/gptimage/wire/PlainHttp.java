package gptimage.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Connections are kept alive and reused; answers may be sized, chunked or end with the connection.
 */
final class PlainHttp implements AutoCloseable {
  /** A kept-alive connection unused for longer is closed rather than reused. */
  private static final long IDLE_LIMIT_NANOS = Duration.ofSeconds(20).toNanos();

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADER_LINES = 200;

  /**
   * An answer's status and headers, and its body to read; closing the body frees the connection.
   */
  record Exchange(int status, HttpHeaders headers, InputStream body) {}

  private final Duration connectTimeout;
  private final TlsConnector tls; // null: http:// only
  private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>(); // guarded by itself

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
   * @param onConnection hears of each connection before anything is written to it, so that a
   *     watchdog can break off a silent exchange by closing it
   */
  Exchange send(Request request, Consumer<Closeable> onConnection) throws IOException {
    URI uri = request.uri();
    String host = uri.getHost();
    if (host == null) {
      throw new IOException("the URL " + uri + " has no host name");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String key = (https ? "https://" : "") + host.toLowerCase(Locale.ROOT) + ":" + port;
    Connection c = pooled(key);
    while (true) {
      boolean reused = c != null;
      if (c == null) {
        c = connect(key, host, port, https, onConnection);
      }
      onConnection.accept(c);
      try {
        write(c, request, host, uri.getPort());
        return readHead(c, request.method());
      } catch (IOException e) {
        c.close();
        // The server may have closed a kept-alive connection while it lay idle: the request
        // never reached it, so it goes once more on a fresh connection.
        if (reused && !c.answered && isStale(e)) {
          c = null;
          continue;
        }
        throw e;
      }
    }
  }

  private static boolean isStale(IOException e) {
    return e instanceof EOFException
        || (e instanceof SocketException && !(e instanceof java.net.ConnectException));
  }

  private Connection pooled(String key) {
    synchronized (idle) {
      ArrayDeque<Connection> free = idle.get(key);
      while (free != null && !free.isEmpty()) {
        Connection c = free.pollLast();
        if (System.nanoTime() - c.idleSince < IDLE_LIMIT_NANOS) {
          return c;
        }
        c.close();
      }
      return null;
    }
  }

  private void release(Connection c) {
    synchronized (idle) {
      c.idleSince = System.nanoTime();
      c.answered = false;
      idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
    }
  }

  private Connection connect(
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
    return new Connection(key, socket);
  }

  private static void write(Connection c, Request request, String host, int port)
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

  private Exchange readHead(Connection c, String method) throws IOException {
    while (true) {
      String statusLine = readLine(c.in, c);
      if (statusLine == null) {
        throw new EOFException("the server closed the connection without answering");
      }
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int lines = 0; ; lines++) {
        String line = readLine(c.in, c);
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
        body = new Sized(c, 0, keepAlive);
      } else if (h.firstValue("transfer-encoding")
          .orElse("")
          .toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = new Chunked(c, keepAlive);
      } else if (h.firstValue("content-length").isPresent()) {
        long length;
        try {
          length = Long.parseLong(h.firstValue("content-length").get());
        } catch (NumberFormatException e) {
          throw new IOException("a Content-Length that is not a number");
        }
        body = new Sized(c, length, keepAlive);
      } else {
        body = new Sized(c, -1, false);
      }
      return new Exchange(status, h, body);
    }
  }

  /** One line without its CRLF, or null at the end of the stream before any byte. */
  private static String readLine(InputStream in, Connection c) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new EOFException("the answer broke off in a header line");
      }
      c.answered = true; // a byte arrived: the server has seen the request
      if (b == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("a header line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  @Override
  public void close() {
    synchronized (idle) {
      idle.values().forEach(free -> free.forEach(Connection::close));
      idle.clear();
    }
  }

  /** A socket with its buffered streams; closing it breaks off whatever is using it. */
  private static final class Connection implements Closeable {
    final String key;
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    long idleSince;
    boolean answered; // some answer byte came on this use of the connection

    Connection(String key, Socket socket) throws IOException {
      this.key = key;
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing more to free
      }
    }
  }

  /**
   * A body read to its end frees its connection for the next request; one left unread closes it.
   */
  private abstract class BodyStream extends BulkInputStream {
    final Connection c;
    final boolean keepAlive;
    boolean done;
    boolean closed;

    BodyStream(Connection c, boolean keepAlive) {
      this.c = c;
      this.keepAlive = keepAlive;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (done && keepAlive) {
        release(c);
      } else {
        c.close();
      }
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("the answer's body was closed");
      }
      if (done) {
        return -1;
      }
      return len == 0 ? 0 : readMore(b, off, len);
    }

    /** Reads at least one byte of a body not yet done, or returns -1 at its end. */
    abstract int readMore(byte[] b, int off, int len) throws IOException;
  }

  /** A body of a known length, or (length -1) one that ends when the server closes. */
  private final class Sized extends BodyStream {
    private long remaining;

    Sized(Connection c, long length, boolean keepAlive) {
      super(c, keepAlive);
      this.remaining = length;
      this.done = length == 0;
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
      int want = remaining < 0 ? len : (int) Math.min(len, remaining);
      int n = c.in.read(b, off, want);
      if (n < 0) {
        if (remaining < 0) {
          done = true;
          return -1;
        }
        throw new EOFException("the answer broke off " + remaining + " bytes before its end");
      }
      if (remaining > 0) {
        remaining -= n;
        done = remaining == 0;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done
          ? 0
          : (int) Math.min(c.in.available(), remaining < 0 ? Integer.MAX_VALUE : remaining);
    }
  }

  /** A chunked body: hex size lines, each chunk's bytes, a zero chunk and trailers. */
  private final class Chunked extends BodyStream {
    private long chunkLeft; // bytes left in the current chunk; 0 before a size line

    Chunked(Connection c, boolean keepAlive) {
      super(c, keepAlive);
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
      if (chunkLeft == 0) {
        chunkLeft = nextChunkSize();
        if (chunkLeft == 0) {
          while (true) { // trailers, up to the empty line
            String trailer = readLine(c.in, c);
            if (trailer == null) {
              throw new EOFException("the chunked answer broke off in its trailers");
            }
            if (trailer.isEmpty()) {
              break;
            }
          }
          done = true;
          return -1;
        }
      }
      int n = c.in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the chunked answer broke off in a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String end = readLine(c.in, c);
        if (end == null || !end.isEmpty()) {
          throw new IOException("a chunk that does not end with CRLF");
        }
      }
      return n;
    }

    private long nextChunkSize() throws IOException {
      String line = readLine(c.in, c);
      if (line == null) {
        throw new EOFException("the chunked answer broke off before its last chunk");
      }
      int semicolon = line.indexOf(';');
      String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
      try {
        long size = Long.parseLong(hex, 16);
        if (size < 0) {
          throw new NumberFormatException();
        }
        return size;
      } catch (NumberFormatException e) {
        throw new IOException("a chunk size that is not hexadecimal: " + abbreviate(line));
      }
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(c.in.available(), chunkLeft);
    }
  }
}
