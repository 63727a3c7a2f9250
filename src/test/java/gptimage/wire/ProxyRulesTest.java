package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy variables, read as curl reads them. */
class ProxyRulesTest {
  private static final ProxyRules RULES =
      ProxyRules.fromEnvironment(
          Map.of(
              "HTTPS_PROXY", "http://secure-proxy:3128",
              "http_proxy", "plain-proxy:8080",
              "HTTP_PROXY", "http://ignored-upper:1",
              "NO_PROXY", "internal.example, .corp, 10.0.0.0/8, gateway.example:8443"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.openai.com/v1, http://secure-proxy:3128",
    "http://api.openai.com/v1, http://plain-proxy:8080",
    "https://internal.example/v1, ",
    "https://a.internal.example/v1, ",
    "https://notinternal.example/v1, http://secure-proxy:3128",
    "https://x.corp/v1, ",
    "http://10.2.3.4/v1, ",
    "http://11.2.3.4/v1, http://plain-proxy:8080",
    "https://gateway.example:8443/v1, ",
    "https://gateway.example/v1, http://secure-proxy:3128",
    "http://127.0.0.1:3688/v1, ",
    "http://localhost:3688/v1, ",
    "http://[::1]:3688/v1, ",
  })
  void choosesTheProxyByHostAndScheme(String target, String proxy) {
    URI chosen = RULES.proxyFor(URI.create(target));
    assertEquals(proxy, chosen == null ? null : chosen.toString());
  }

  @Test
  void noVariablesMeansNoProxyAndAStarBypassesAll() {
    assertNull(ProxyRules.fromEnvironment(Map.of()));
    ProxyRules all = ProxyRules.fromEnvironment(Map.of("ALL_PROXY", "http://p:1", "no_proxy", "*"));
    assertNull(all.proxyFor(URI.create("https://api.openai.com/v1")));
  }

  @Test
  void onlyHttpProxiesAreAcceptedAndPasswordsAreNeverShown() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProxyRules.fromEnvironment(Map.of("https_proxy", "socks5://me:hunter2@p:1080")));
    assertTrue(e.getMessage().contains("HTTPS_PROXY") && !e.getMessage().contains("hunter2"));
  }
}
