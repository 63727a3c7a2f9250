package gptimage.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The exchanges that go over the JDK's HTTP client (TLS, and {@code http://} through a proxy): the
 * clients' set-up (HTTP/1.1, no redirects, proxies and their credentials, TLS context), each made
 * on first use. Redirects, time limits and retries are the {@link Transport}'s.
 */
final class JdkHttp implements AutoCloseable {
  private final Duration timeout;
  private final Duration connectTimeout;
  private final ProxyRules proxies;
  private HttpClient http; // guarded by this; for http:// through a proxy
  private HttpClient tls; // guarded by this; for https://

  /**
   * @param timeout one attempt's limit
   * @param proxies where to send requests through a proxy; null to connect directly
   */
  JdkHttp(Duration timeout, Duration connectTimeout, ProxyRules proxies) {
    this.timeout = timeout;
    this.connectTimeout = connectTimeout;
    this.proxies = proxies;
  }

  PlainHttp.Exchange send(Request req) throws IOException, InterruptedException {
    URI uri = req.uri();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    req.headers().forEach(b::header);
    b.method(
        req.method(),
        req.body() == null ? HttpRequest.BodyPublishers.noBody() : req.body().publisher());
    HttpResponse<InputStream> response =
        clientFor(uri).send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new PlainHttp.Exchange(response.statusCode(), response.headers(), response.body());
  }

  private HttpClient.Builder builder() {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
    if (proxies != null) {
      b.proxy(proxies);
      java.net.Authenticator auth = proxies.authenticator();
      if (auth != null) {
        // The JDK refuses Basic proxy credentials for https tunnels unless this is cleared; the
        // user gave them for exactly that.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
          System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        b.authenticator(auth);
      }
    }
    return b;
  }

  private static javax.net.ssl.SSLContext noTls() {
    try {
      javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
      c.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
      return c;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The client for this URI, made on first use: for https:// one with the default TLS context
   * (which parses the whole CA store), for http:// through a proxy one that trusts nothing.
   */
  private HttpClient clientFor(URI uri) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    synchronized (this) {
      if (https && tls == null) {
        try {
          tls = builder().sslContext(javax.net.ssl.SSLContext.getDefault()).build();
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      } else if (!https && http == null) {
        http = builder().sslContext(noTls()).build();
      }
      return https ? tls : http;
    }
  }

  @Override
  public void close() {
    HttpClient[] clients;
    synchronized (this) {
      clients = new HttpClient[] {http, tls};
    }
    for (HttpClient c : clients) {
      // From JDK 21 the client can be closed: its selector thread then ends, where it would
      // otherwise hold the JVM's exit for 0.3 s as a thread blocked in native code.
      if (c instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // closing is best effort
        }
      }
    }
  }
}
