package gptimage.wire;

import gptimage.emulator.TlsIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Run by {@link KeyShareFallbackIT} in a JDK 20+ child process (the tests' own JVM may be 17): a
 * real TLS server on loopback that takes only the named groups given as arguments (none: the JDK's
 * defaults; a first argument such as {@code TLSv1.2} also limits its protocol), and three https
 * requests to it over {@link PlainHttp}, each on a new connection pool. Prints one line per
 * request, {@code request N: status S, handshakes H, widened W}, where H counts the TCP connections
 * the server has accepted so far.
 */
public final class KeyShareProbe {
  private KeyShareProbe() {}

  public static void main(String[] groups) throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(TlsIdentity.LOOPBACK);
    Path pem = Files.createTempFile("key-share-probe", ".pem");
    id.writeAnchorPem(pem);
    SSLServerSocket server =
        (SSLServerSocket)
            id.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
    if (groups.length > 0 && groups[0].startsWith("TLSv")) {
      server.setEnabledProtocols(new String[] {groups[0]});
      groups = java.util.Arrays.copyOfRange(groups, 1, groups.length);
    }
    if (groups.length > 0) {
      SSLParameters p = server.getSSLParameters();
      SSLParameters.class.getMethod("setNamedGroups", String[].class).invoke(p, (Object) groups);
      server.setSSLParameters(p);
    }
    AtomicInteger accepted = new AtomicInteger();
    Thread t = new Thread(() -> serve(server, accepted), "probe-server");
    t.setDaemon(true);
    t.start();
    Trust trust = Trust.withExtra(List.of(pem), List.of("probe"));
    URI uri = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/probe");
    Consumer<Closeable> ignore = c -> {};
    for (int i = 1; i <= 3; i++) {
      Duration limit = Duration.ofSeconds(30);
      try (PlainHttp http = new PlainHttp(limit, new TlsConnector(trust, null, limit))) {
        PlainHttp.Exchange e = http.send(Request.get(uri), ignore);
        e.body().readAllBytes();
        e.body().close();
        System.out.println(
            "request "
                + i
                + ": status "
                + e.status()
                + ", handshakes "
                + accepted.get()
                + ", widened "
                + KeyShareGroups.widened());
      } catch (IOException e) {
        System.out.println("request " + i + ": failed " + e + ", handshakes " + accepted.get());
      }
    }
    Files.delete(pem);
  }

  private static void serve(SSLServerSocket server, AtomicInteger accepted) {
    while (true) {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        accepted.incrementAndGet();
        try {
          s.startHandshake();
          InputStream in = s.getInputStream();
          int matched = 0;
          for (int c; matched < 4 && (c = in.read()) >= 0; ) {
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : c == '\r' ? 1 : 0;
          }
          OutputStream out = s.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException e) {
          // a refused handshake: the client tries again on a new connection
        }
      } catch (IOException e) {
        return;
      }
    }
  }
}
