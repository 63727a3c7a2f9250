package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plain HTTP/1.1 client against a scripted server on a loopback socket: framing (sized,
 * chunked, until close), keep-alive reuse, a kept-alive connection the server closed, 1xx heads,
 * and answers that break off.
 */
class PlainHttpTest {
  /** What the server answers: the raw bytes, and whether it then closes the connection. */
  record Reply(String raw, boolean close) {}

  @FunctionalInterface
  interface Script {
    Reply answer(int connection, int request, String head, byte[] body);
  }

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final PlainHttp http = new PlainHttp(Duration.ofSeconds(5));

  @AfterEach
  void close() throws IOException {
    http.close();
    if (server != null) {
      server.close();
    }
  }

  private URI serve(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = server.accept();
                  int index = connections.getAndIncrement();
                  Thread c = new Thread(() -> converse(s, index, script));
                  c.setDaemon(true);
                  c.start();
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    t.setDaemon(true);
    t.start();
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/thing?x=1");
  }

  private void converse(Socket s, int connection, Script script) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (int request = 0; ; request++) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        int length = 0;
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        byte[] body = in.readNBytes(length);
        heads.add(head);
        bodies.add(body);
        Reply reply = script.answer(connection, request, head, body);
        out.write(reply.raw().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (reply.close()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private String get(URI uri) throws IOException {
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> {});
    try (InputStream body = e.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Reply sized(String body) {
    return new Reply(
        "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, false);
  }

  @Test
  void writesTheRequestLineHostLengthHeadersAndBody() throws IOException {
    URI uri = serve((c, r, head, body) -> sized("ok"));
    Request post =
        Request.post(uri, new Body("application/json").text("{\"prompt\":\"é\"}"))
            .header("Authorization", "Bearer k");
    PlainHttp.Exchange e = http.send(post, c -> {});
    e.body().readAllBytes();
    e.body().close();
    String head = heads.get(0);
    assertTrue(head.startsWith("POST /v1/thing?x=1 HTTP/1.1\r\n"), head);
    assertTrue(head.contains("\r\nHost: 127.0.0.1:" + uri.getPort() + "\r\n"), head);
    assertTrue(head.contains("\r\nContent-Type: application/json\r\n"), head);
    assertTrue(head.contains("\r\nAuthorization: Bearer k\r\n"), head);
    assertTrue(head.contains("\r\nContent-Length: 15\r\n"), head);
    assertArrayEquals("{\"prompt\":\"é\"}".getBytes(StandardCharsets.UTF_8), bodies.get(0));
    assertEquals(200, e.status());
  }

  @Test
  void keepsTheConnectionAliveAcrossSizedAndChunkedAnswers() throws IOException {
    URI uri =
        serve(
            (c, r, head, body) ->
                r % 2 == 0
                    ? sized("sized " + r)
                    : new Reply(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "6;ext=1\r\nchunk \r\n1\r\n"
                            + r
                            + "\r\n0\r\nX-Trailer: t\r\n\r\n",
                        false));
    for (int i = 0; i < 6; i++) {
      assertEquals(i % 2 == 0 ? "sized " + i : "chunk " + i, get(uri));
    }
    assertEquals(1, connections.get(), "one connection for every request");
  }

  @Test
  void readsAnAnswerThatEndsWithTheConnectionThenConnectsAfresh() throws IOException {
    URI uri =
        serve((c, r, head, body) -> new Reply("HTTP/1.0 200 OK\r\n\r\nuntil close " + c, true));
    assertEquals("until close 0", get(uri));
    assertEquals("until close 1", get(uri));
    assertEquals(2, connections.get());
  }

  @Test
  void sendsAgainOnAFreshConnectionWhenAKeptAliveOneWasClosedWhileIdle() throws IOException {
    // The server answers once per connection and closes it without saying so.
    URI uri = serve((c, r, head, body) -> new Reply(sized("conn " + c).raw(), true));
    assertEquals("conn 0", get(uri));
    assertEquals("conn 1", get(uri));
    assertEquals(2, heads.size(), "each request reached the server once");
  }

  @Test
  void closesAConnectionWhoseBodyWasLeftUnread() throws IOException {
    URI uri = serve((c, r, head, body) -> sized("x".repeat(1000)));
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> {});
    e.body().read(new byte[10]);
    e.body().close();
    assertEquals(1000, get(uri).length());
    assertEquals(2, connections.get());
  }

  @Test
  void skipsInformationalHeads() throws IOException {
    URI uri =
        serve(
            (c, r, head, body) ->
                new Reply("HTTP/1.1 100 Continue\r\n\r\n" + sized("after 100").raw(), false));
    assertEquals("after 100", get(uri));
  }

  @Test
  void headersAreCaseInsensitiveAndRepeatable() throws IOException {
    URI uri =
        serve(
            (c, r, head, body) ->
                new Reply(
                    "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nSet-Cookie: a\r\n"
                        + "set-cookie: b\r\nContent-Length: 0\r\n\r\n",
                    false));
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> {});
    assertEquals(429, e.status());
    assertEquals("2", e.headers().firstValue("retry-after").orElseThrow());
    assertEquals(List.of("a", "b"), e.headers().allValues("Set-Cookie"));
    assertEquals(-1, e.body().read());
  }

  @Test
  void anAnswerCutShortIsAnErrorNotAShortBody() throws IOException {
    URI uri =
        serve(
            (c, r, head, body) ->
                new Reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true));
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> {});
    EOFException x = assertThrows(EOFException.class, () -> e.body().readAllBytes());
    assertTrue(x.getMessage().contains("91 bytes before its end"), x.getMessage());
  }

  @Test
  void aChunkedAnswerCutShortIsAnError() throws IOException {
    URI uri =
        serve(
            (c, r, head, body) ->
                new Reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc", true));
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> {});
    assertThrows(EOFException.class, () -> e.body().readAllBytes());
  }

  @Test
  void aServerThatSaysNothingBeforeClosingIsAnError() throws IOException {
    URI uri = serve((c, r, head, body) -> new Reply("", true));
    EOFException x = assertThrows(EOFException.class, () -> get(uri));
    assertTrue(x.getMessage().contains("without answering"), x.getMessage());
  }

  @Test
  void closingTheConnectionBreaksOffABlockedRead() throws Exception {
    URI uri =
        serve(
            (c, r, head, body) ->
                new Reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nslow", false));
    java.io.Closeable[] current = new java.io.Closeable[1];
    PlainHttp.Exchange e = http.send(Request.get(uri), c -> current[0] = c);
    Thread breaker =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
                current[0].close();
              } catch (Exception ignored) {
                // the test fails below if this did not work
              }
            });
    breaker.start();
    assertThrows(IOException.class, () -> e.body().readAllBytes());
    breaker.join();
  }
}
