package gptimage.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Makes the emulator's server: plain http, or https presenting a {@link TlsIdentity}. */
final class TlsServer {
  private TlsServer() {}

  /**
   * @param tls the identity to present; null for plain http
   */
  static HttpServer create(InetSocketAddress address, int backlog, TlsIdentity tls)
      throws IOException {
    if (tls == null) {
      return HttpServer.create(address, backlog);
    }
    HttpsServer server = HttpsServer.create(address, backlog);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    return server;
  }
}
