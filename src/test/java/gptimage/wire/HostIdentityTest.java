package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.TlsIdentity;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The https host name check on real certificates made for the names given (DNS names and IP
 * addresses in the subject alternative names): each row is the JDK's {@code HostnameChecker} rule
 * for "HTTPS" it pins. A wildcard match is left to the JDK (whose public-suffix rule needs to know
 * whether the chain ends at one of its public roots).
 */
class HostIdentityTest {
  @ParameterizedTest(name = "{0} against [{1}]: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "api.example.com | api.example.com | MATCH",
        "API.Example.COM | api.example.com | MATCH",
        "api.example.com. | api.example.com | MATCH",
        "api.example.com | other.example.com api.example.com | MATCH",
        "api.example.com | *.example.com | WILDCARD",
        "api.example.com | *.example.com api.example.com | MATCH",
        "example.com | *.example.com | none",
        "a.b.example.com | *.example.com | none",
        "foo.example.com | f*.example.com | WILDCARD",
        "bar.example.com | f*.example.com | none",
        "api.example.com | api.*.com | none",
        "api.example.com | other.example.com | none",
        "api.example.com.evil.com | api.example.com | none",
        "bücher.example | xn--bcher-kva.example | MATCH",
        "127.0.0.1 | 127.0.0.1 | MATCH",
        "127.0.0.1 | localhost | none",
        "localhost | 127.0.0.1 | none",
        "::1 | ::1 | MATCH",
        "0:0:0:0:0:0:0:1 | ::1 | MATCH",
        "127.0.0.2 | 127.0.0.1 | none",
      })
  void theJdksRulesForHttps(String host, String names, String want) throws Exception {
    X509Certificate leaf =
        TlsIdentity.selfSigned(List.of(names.trim().split("\\s+"))).chain().get(0);
    if (want.equals("none")) {
      CertificateException e =
          assertThrows(CertificateException.class, () -> HostIdentity.check(host, leaf));
      assertTrue(e.getMessage().contains(host.replaceAll("\\.$", "")), e.getMessage());
    } else {
      assertEquals(HostIdentity.Verdict.valueOf(want), HostIdentity.check(host, leaf));
    }
  }
}
