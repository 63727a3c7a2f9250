package gptimage.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Turns a connected TCP socket into one that speaks to an {@code https://} origin: first, where the
 * origin is reached through an {@code http://} proxy, a {@code CONNECT} tunnel (with the proxy
 * URL's {@code user:password} as Basic credentials), then the TLS handshake, which checks the
 * server's certificate and host name by a {@link Trust} before a byte of the request (and so of the
 * key) is written. Each step has the handshake's time limit.
 */
final class TlsConnector {
  private final Trust trust;
  private final ProxyRules proxies;
  private final Duration limit;

  /**
   * @param proxies where https origins are reached through a proxy; null for directly
   * @param limit how long the tunnel and the handshake may each take
   */
  TlsConnector(Trust trust, ProxyRules proxies, Duration limit) {
    this.trust = trust;
    this.proxies = proxies;
    this.limit = limit;
  }

  /** The proxy to open a TCP connection to for this https origin, or null to go directly. */
  URI proxyFor(String host, int port) {
    if (proxies == null) {
      return null;
    }
    return proxies.proxyFor(URI.create("https://" + bracketed(host) + ":" + port + "/"));
  }

  /**
   * Tunnels (where {@code proxy} is given) and shakes hands over {@code tcp}.
   *
   * @param proxy the proxy {@code tcp} is connected to, or null
   * @throws GroupsRefused when the server took none of the key-exchange groups offered: connect
   *     again, and the JDK's default groups are offered
   * @throws NetworkException saying what failed and what to do, retryable where a retry may help
   */
  Socket secure(Socket tcp, URI proxy, String host, int port) throws IOException {
    String where = host + ":" + port;
    tcp.setSoTimeout((int) Math.max(1, limit.toMillis()));
    if (proxy != null) {
      Tunnel.open(tcp, proxy, bracketed(host) + ":" + port);
    }
    SSLSocket s =
        (SSLSocket) trust.context().getSocketFactory().createSocket(tcp, host, port, true);
    SSLParameters p = s.getSSLParameters();
    // The host name is checked by Trust (HostIdentity), in the handshake as the JDK would: the
    // JDK's own check first reads its whole cacerts file, a quarter of a short command's handshake.
    p.setEndpointIdentificationAlgorithm(null);
    p.setApplicationProtocols(new String[] {"http/1.1"});
    boolean narrowed = KeyShareGroups.narrow(p);
    s.setSSLParameters(p);
    try {
      s.startHandshake();
    } catch (IOException e) {
      s.close();
      if (narrowed && KeyShareGroups.shouldWiden(e)) {
        throw new GroupsRefused(where, e);
      }
      throw TlsFailure.of(e, where, host, limit);
    }
    tcp.setSoTimeout(0);
    return s;
  }

  /**
   * The server refused a ClientHello that offered X25519 alone ({@link KeyShareGroups}); the
   * connection is closed, and the next one offers the JDK's default groups.
   */
  static final class GroupsRefused extends IOException {
    private static final long serialVersionUID = 1L;

    GroupsRefused(String where, IOException cause) {
      super(where + " takes no X25519 key exchange: " + cause.getMessage(), cause);
    }
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The {@code CONNECT} exchange with an {@code http://} proxy. */
  static final class Tunnel {
    private Tunnel() {}

    static void open(Socket tcp, URI proxy, String authority) throws IOException {
      String proxyName = proxy.getHost() + ":" + (proxy.getPort() > 0 ? proxy.getPort() : 80);
      StringBuilder head = new StringBuilder(160);
      head.append("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority);
      head.append("\r\n");
      String info = proxy.getRawUserInfo();
      if (info != null) {
        String plain = URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
        head.append("Proxy-Authorization: Basic ")
            .append(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)))
            .append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = tcp.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = tcp.getInputStream();
      String status;
      try {
        status = line(in);
        while (!line(in).isEmpty()) {
          // the proxy's headers: nothing in them changes what happens next
        }
      } catch (java.net.SocketTimeoutException e) {
        throw new NetworkException(
            "The proxy " + proxyName + " did not answer the CONNECT to " + authority + " in time.",
            true,
            e);
      }
      int code = status.length() >= 12 ? parse(status.substring(9, 12)) : -1;
      if (code == 200) {
        return;
      }
      if (code == 407) {
        throw new NetworkException(
            info == null
                ? "The proxy "
                    + proxyName
                    + " asks for a user name and password (HTTP 407): put them in the proxy"
                    + " URL, https_proxy=http://USER:PASSWORD@"
                    + proxyName
                    + " (characters such as @ : / percent-encoded)."
                : "The proxy "
                    + proxyName
                    + " refused the user name and password of its URL"
                    + " (HTTP 407); check them in https_proxy.",
            false,
            null);
      }
      throw new NetworkException(
          "The proxy "
              + proxyName
              + " would not open a tunnel to "
              + authority
              + ": "
              + (status.isEmpty() ? "no answer" : status),
          code == 502 || code == 503 || code == 504 || code < 0,
          null);
    }

    private static int parse(String digits) {
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** One header line, read a byte at a time: what follows belongs to TLS. */
    private static String line(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          if (b.length() == 0) {
            return "";
          }
          break;
        }
        if (b.length() > 8192) {
          throw new IOException("the proxy's answer has a header line over 8 KB");
        }
        b.append((char) c);
      }
      int n = b.length();
      return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
    }
  }
}
