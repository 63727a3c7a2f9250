package gptimage.wire;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;

/**
 * Follows redirects (at most {@value #MAX_REDIRECTS}) rather than letting the JDK do it, so that
 * the key headers go only to the origin (scheme, host and port) first asked: a redirect elsewhere
 * drops them. A POST is followed only through 307 and 308, which keep the method and body.
 */
final class Redirects {
  static final int MAX_REDIRECTS = 5;

  /** One exchange, whose connection or body {@code breakable} is told of. */
  @FunctionalInterface
  interface Exchanger {
    PlainHttp.Exchange exchange(Request req, Consumer<Closeable> breakable)
        throws IOException, InterruptedException;
  }

  private Redirects() {}

  static PlainHttp.Exchange follow(Request first, Consumer<Closeable> breakable, Exchanger http)
      throws IOException, InterruptedException {
    Request req = first;
    for (int hop = 0; ; hop++) {
      PlainHttp.Exchange response = http.exchange(req, breakable);
      int status = response.status();
      String location = response.headers().firstValue("location").orElse(null);
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      if (!redirect || location == null) {
        return response;
      }
      response.body().close();
      URI next;
      try {
        next = req.uri().resolve(location.trim());
      } catch (IllegalArgumentException e) {
        throw new NetworkException(
            req.uri().getHost() + " redirected to an address that is not a URL: " + location,
            false,
            e);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new NetworkException(
            "More than " + MAX_REDIRECTS + " redirects from " + first.uri() + "; last to " + next,
            false,
            null);
      }
      if (!req.method().equals("GET") && status != 307 && status != 308) {
        throw new NetworkException(
            "The server answered "
                + req.method()
                + " "
                + first.uri()
                + " with HTTP "
                + status
                + " to "
                + next
                + ", which would drop the request body; set the base URL to the new address.",
            false,
            null);
      }
      req = req.redirectedTo(next, sameOrigin(first.uri(), next));
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && Transport.port(a) == Transport.port(b);
  }
}
