package gptimage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real HTTP proxy on loopback that only tunnels ({@code CONNECT}), as company proxies do
 * for https: every host name is sent on to the same port on 127.0.0.1, so a name only the proxy
 * "knows" reaches the emulator. With {@code credentials}, a tunnel without that {@code
 * Proxy-Authorization} gets a 407.
 */
final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String credentials;

  /** Each request line received, with " auth" appended where credentials came with it. */
  final List<String> asked = new CopyOnWriteArrayList<>();

  /** Tunnels over: both sides closed (or refused). */
  final java.util.concurrent.atomic.AtomicInteger finished =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param credentials the whole expected header value ({@code Basic ...}), or null for none
   */
  ConnectProxy(String credentials) throws IOException {
    this.credentials = credentials;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptAll, "connect-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "connect-proxy-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String request = line(in);
      String auth = null;
      for (String h; !(h = line(in)).isEmpty(); ) {
        if (h.toLowerCase().startsWith("proxy-authorization:")) {
          auth = h.substring(h.indexOf(':') + 1).trim();
        }
      }
      asked.add(request + (auth != null ? " auth" : ""));
      String[] parts = request.split(" ");
      if (!parts[0].equals("CONNECT")) {
        out.write(answer("405 Method Not Allowed"));
        return;
      }
      if (credentials != null && !credentials.equals(auth)) {
        out.write(
            answer(
                "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                    + " realm=\"test\"\r\nContent-Length: 0"));
        return;
      }
      int port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
        out.write(answer("200 Connection established"));
        out.flush();
        Thread back =
            new Thread(
                () -> {
                  try {
                    upstream.getInputStream().transferTo(out);
                  } catch (IOException ignored) {
                    // the other side closed
                  } finally {
                    try {
                      client.shutdownOutput();
                    } catch (IOException ignored) {
                      // already closed
                    }
                  }
                });
        back.setDaemon(true);
        back.start();
        try {
          in.transferTo(upstream.getOutputStream());
          upstream.shutdownOutput();
        } catch (IOException ignored) {
          // the client closed
        }
        back.join(10_000);
      }
    } catch (IOException | InterruptedException ignored) {
      // a test that is over
    } finally {
      finished.incrementAndGet();
    }
  }

  private static byte[] answer(String statusAndHeaders) {
    return ("HTTP/1.1 " + statusAndHeaders + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
