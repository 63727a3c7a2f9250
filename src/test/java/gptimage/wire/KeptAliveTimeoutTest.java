package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive connection whose server stops answering: the attempt's time limit closes it, and the
 * request is not then sent again on a fresh connection (which the spent limit could no longer break
 * off, so the call would wait for ever). The server answers the first request on a connection and
 * reads, without answering, every one after it.
 */
class KeptAliveTimeoutTest {
  @Test
  @org.junit.jupiter.api.Timeout(
      value = 60,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // it used to hang
  void aSilentKeptAliveConnectionEndsAtTheLimitAndIsNotResentForEver() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket s = server.accept();
                    held.add(s);
                    Thread t = new Thread(() -> answerFirstOnly(s, requests));
                    t.setDaemon(true);
                    t.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      accept.setDaemon(true);
      accept.start();
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/x");
      try (Transport t =
          new Transport(
              Duration.ofSeconds(1),
              new RetryPolicy(0, Clock.systemUTC(), () -> 0),
              line -> {},
              null,
              wait -> {})) {
        int first =
            t.send(
                () -> Request.get(uri),
                answer -> {
                  answer.body().readAllBytes();
                  return answer.status();
                },
                "--timeout");
        assertEquals(200, first);
        NetworkException e =
            assertThrows(
                NetworkException.class,
                () -> t.send(() -> Request.get(uri), Transport.Answer::status, "--timeout"));
        assertTrue(e.getMessage().contains("--timeout"), e.getMessage());
      }
      assertEquals(2, requests.get(), "the silent request was not sent again");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static void answerFirstOnly(Socket s, AtomicInteger requests) {
    try {
      InputStream in = s.getInputStream();
      while (true) {
        if (!readHead(in)) {
          return;
        }
        requests.incrementAndGet();
        if (requests.get() == 1) {
          s.getOutputStream()
              .write(
                  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                      .getBytes(StandardCharsets.US_ASCII));
        }
      }
    } catch (IOException e) {
      // the client closed it
    }
  }

  /** Reads one request head (a GET has no body); false at the end of the stream. */
  private static boolean readHead(InputStream in) throws IOException {
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return true;
      }
    }
    return false;
  }
}
