package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client context is the JDK's "TLSv1.3" one, which sets up faster than "TLS", only where the
 * two offer a client the same: the same protocols and cipher suites, in the same order.
 */
class TrustContextTest {
  @AfterEach
  void clear() {
    System.clearProperty("jdk.tls.client.protocols");
  }

  @Test
  void theTls13ContextOffersAClientWhatTheTlsContextOffers() throws Exception {
    assertEquals("TLSv1.3", Trust.protocol());
    SSLParameters ours = Trust.defaults().context().getDefaultSSLParameters();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    SSLParameters jdk = tls.getDefaultSSLParameters();
    assertArrayEquals(jdk.getProtocols(), ours.getProtocols());
    assertArrayEquals(jdk.getCipherSuites(), ours.getCipherSuites());
    assertTrue(
        java.util.List.of(ours.getProtocols()).containsAll(java.util.List.of("TLSv1.3", "TLSv1.2")),
        String.join(", ", ours.getProtocols()));
  }

  @Test
  void aUsersClientProtocolsKeepTheTlsContextThatReadsThem() {
    System.setProperty("jdk.tls.client.protocols", "TLSv1.2");
    assertEquals("TLS", Trust.protocol());
    System.setProperty("jdk.tls.client.protocols", " ");
    assertEquals("TLSv1.3", Trust.protocol());
  }
}
