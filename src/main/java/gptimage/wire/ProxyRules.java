package gptimage.wire;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy variables users behind company proxies set, read as curl reads them: {@code
 * https_proxy} for https URLs, {@code http_proxy} for http URLs, {@code all_proxy} for both where
 * those are unset, and {@code no_proxy} for hosts to reach directly (a comma-separated list of host
 * names, which also match their subdomains, {@code .suffix}es, IP addresses, IPv4 CIDR ranges, each
 * optionally with {@code :port}, or {@code *} for all). Each name is read in lower case first, then
 * upper case. Loopback addresses are always reached directly, so the built-in emulator works behind
 * any proxy. Only {@code http://} proxies are supported (the JDK client speaks no SOCKS); {@code
 * user:password@} in the proxy URL is answered to the proxy's 407.
 */
public final class ProxyRules extends ProxySelector {
  private final URI httpsProxy;
  private final URI httpProxy;
  private final List<String> noProxy;

  private ProxyRules(URI httpsProxy, URI httpProxy, List<String> noProxy) {
    this.httpsProxy = httpsProxy;
    this.httpProxy = httpProxy;
    this.noProxy = noProxy;
  }

  /**
   * Reads the variables; null where no proxy is set.
   *
   * @throws IllegalArgumentException naming the variable whose value is not a usable proxy URL
   */
  public static ProxyRules fromEnvironment(Map<String, String> env) {
    URI all = proxy(env, "all_proxy");
    URI https = proxy(env, "https_proxy");
    URI http = proxy(env, "http_proxy");
    https = https != null ? https : all;
    http = http != null ? http : all;
    if (https == null && http == null) {
      return null;
    }
    List<String> none = new ArrayList<>();
    String list = value(env, "no_proxy");
    if (list != null) {
      for (String entry : list.split("[,\\s]+")) {
        if (!entry.isBlank()) {
          none.add(entry.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return new ProxyRules(https, http, List.copyOf(none));
  }

  private static String value(Map<String, String> env, String lower) {
    String v = env.get(lower);
    if (v == null || v.isBlank()) {
      v = env.get(lower.toUpperCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static URI proxy(Map<String, String> env, String name) {
    String v = value(env, name);
    if (v == null) {
      return null;
    }
    String shown = name.toUpperCase(Locale.ROOT) + "=" + withoutPassword(v);
    URI uri;
    try {
      uri = URI.create(v.contains("://") ? v : "http://" + v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(shown + " is not a URL; give http://HOST:PORT.");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          shown
              + ": only http:// proxies are supported (they carry https too, through CONNECT);"
              + " got "
              + uri.getScheme()
              + "://.");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(shown + " names no host; give http://HOST:PORT.");
    }
    return uri;
  }

  private static String withoutPassword(String v) {
    return v.replaceAll("//[^/@]*@", "//***@");
  }

  /** The proxy for {@code target}, or null where it is reached directly. */
  public URI proxyFor(URI target) {
    String host = target.getHost();
    if (host == null || isLoopback(host) || bypassed(host.toLowerCase(Locale.ROOT), port(target))) {
      return null;
    }
    return "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
  }

  @Override
  public List<Proxy> select(URI uri) {
    URI p = proxyFor(uri);
    if (p == null) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(
        new Proxy(
            Proxy.Type.HTTP,
            InetSocketAddress.createUnresolved(p.getHost(), p.getPort() > 0 ? p.getPort() : 80)));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // the request fails with its own message; there is no other proxy to try
  }

  /** Answers the proxy's 407 with the {@code user:password} of its URL; null where none has one. */
  public Authenticator authenticator() {
    if (userInfo(httpsProxy) == null && userInfo(httpProxy) == null) {
      return null;
    }
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
          return null;
        }
        for (URI p : new URI[] {httpsProxy, httpProxy}) {
          String info = userInfo(p);
          if (info != null
              && p.getHost().equalsIgnoreCase(getRequestingHost())
              && (p.getPort() > 0 ? p.getPort() : 80) == getRequestingPort()) {
            int colon = info.indexOf(':');
            return new PasswordAuthentication(
                colon < 0 ? info : info.substring(0, colon),
                (colon < 0 ? "" : info.substring(colon + 1)).toCharArray());
          }
        }
        return null;
      }
    };
  }

  private static String userInfo(URI p) {
    return p == null ? null : p.getUserInfo();
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  private boolean bypassed(String host, int port) {
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String name = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d+")) {
        if (Integer.parseInt(entry.substring(colon + 1)) != port) {
          continue;
        }
        name = entry.substring(0, colon);
      }
      if (name.contains("/")) {
        if (inCidr(host, name)) {
          return true;
        }
        continue;
      }
      String bare = name.startsWith(".") ? name.substring(1) : name;
      if (host.equals(bare) || host.endsWith("." + bare)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inCidr(String host, String cidr) {
    long[] ip = ipv4(host);
    String[] parts = cidr.split("/", 2);
    long[] net = ipv4(parts[0]);
    if (ip == null || net == null || !parts[1].matches("\\d{1,2}")) {
      return false;
    }
    int bits = Integer.parseInt(parts[1]);
    if (bits > 32) {
      return false;
    }
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (ip[0] & mask) == (net[0] & mask);
  }

  private static long[] ipv4(String s) {
    String[] octets = s.split("\\.");
    if (octets.length != 4) {
      return null;
    }
    long v = 0;
    for (String o : octets) {
      if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
        return null;
      }
      v = v << 8 | Integer.parseInt(o);
    }
    return new long[] {v};
  }
}
