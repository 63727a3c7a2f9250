package gptimage.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which handler answers which request: one row per method and path pattern ({@code {id}} matches
 * one path segment), each with the {@link Gate} a request passes first. A new route is its own
 * handler class plus one {@link #add} line in {@link Emulator}. No row for the path: 404 {@code
 * unknown_url}; a row for the path but not the method: 405.
 */
final class RouteTable {
  /** Answers one request; returns the status sent. */
  @FunctionalInterface
  interface Handler {
    /**
     * @param fault the fault the plan put on this request ({@link Gate#IMAGE} routes only), or null
     */
    int answer(Exchange in, Fault fault) throws IOException;

    /**
     * Checks made after the key and before the fault plan (Azure's api-version and deployment);
     * throws the {@link ApiError} to answer with. Default: none.
     */
    default void precheck(Exchange in) {}
  }

  /** What a request passes before its handler runs. */
  enum Gate {
    /** Nothing: image downloads, which real image hosts serve by signed URL. */
    OPEN,
    /** The API key. */
    KEY,
    /** The API key, then the fault plan and the rate limit: the routes that make images. */
    IMAGE
  }

  /** One row of the table. */
  record Route(String method, String pattern, Gate gate, Handler handler) {
    boolean matches(String path) {
      String[] want = pattern.substring(1).split("/", -1);
      String[] got = path.substring(1).split("/", -1);
      if (want.length != got.length) {
        return false;
      }
      for (int i = 0; i < want.length; i++) {
        boolean any = want[i].startsWith("{") && want[i].endsWith("}");
        if (any ? got[i].isEmpty() : !want[i].equals(got[i])) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Route> routes = new ArrayList<>();

  RouteTable add(String method, String pattern, Gate gate, Handler handler) {
    routes.add(new Route(method, pattern, gate, handler));
    return this;
  }

  /** The row for a request, or the 404 or 405 the API gives. */
  Route find(String method, String path) {
    Route pathOnly = null;
    for (Route r : routes) {
      if (r.matches(path)) {
        if (r.method.equals(method)) {
          return r;
        }
        pathOnly = r;
      }
    }
    if (pathOnly != null) {
      throw new ApiError(
          405,
          "invalid_request_error",
          null,
          "method_not_allowed",
          "Use " + pathOnly.method + " for " + path + ", not " + method + ".");
    }
    throw new ApiError(
        404,
        "invalid_request_error",
        null,
        "unknown_url",
        "Unknown request URL: " + method + " " + path + ".");
  }
}
