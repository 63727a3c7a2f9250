package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ClientHello offers X25519 alone on JDK 20+ ({@link KeyShareGroups}); a server that takes no
 * X25519 gets one more connection with the JDK's default groups, and the process keeps those. Run
 * in a JDK 20+ child ({@link KeyShareProbe}: a real TLS server on loopback and real requests);
 * skipped where this machine has no such JDK.
 */
class KeyShareFallbackIT {
  private static List<String> probe(List<String> jvmFlags, String... serverGroups)
      throws Exception {
    Optional<Path> java = NewerJdk.java(20);
    assumeTrue(java.isPresent(), "no JDK 20 or later here: setNamedGroups does not exist before");
    List<String> command = new ArrayList<>();
    command.add(java.get().toString());
    command.addAll(jvmFlags);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), KeyShareProbe.class.getName()));
    command.addAll(List.of(serverGroups));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JDK_JAVA_OPTIONS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> l.startsWith("request ")).toList();
  }

  @Test
  void aServerWithoutX25519CostsOneMoreConnectionOncePerProcess() throws Exception {
    assertEquals(
        List.of(
            "request 1: status 200, handshakes 2, widened true",
            "request 2: status 200, handshakes 3, widened true",
            "request 3: status 200, handshakes 4, widened true"),
        probe(List.of(), "secp256r1"));
  }

  @Test
  void aTls12ServerWithoutX25519AnswersHandshakeFailureAndIsRetriedToo() throws Exception {
    // the RFC's alert (no cipher suite in common without a shared curve), not the JDK 1.3 server's
    assertEquals(
        List.of(
            "request 1: status 200, handshakes 2, widened true",
            "request 2: status 200, handshakes 3, widened true",
            "request 3: status 200, handshakes 4, widened true"),
        probe(List.of(), "TLSv1.2", "secp256r1"));
  }

  @Test
  void aServerWithX25519TakesTheFirstHello() throws Exception {
    assertEquals(
        List.of(
            "request 1: status 200, handshakes 1, widened false",
            "request 2: status 200, handshakes 2, widened false",
            "request 3: status 200, handshakes 3, widened false"),
        probe(List.of(), "x25519"));
  }

  @Test
  void theUsersOwnNamedGroupsAreLeftAlone() throws Exception {
    // P-256 first in the user's list: the first hello already carries a P-256 share
    assertEquals(
        List.of(
            "request 1: status 200, handshakes 1, widened false",
            "request 2: status 200, handshakes 2, widened false",
            "request 3: status 200, handshakes 3, widened false"),
        probe(List.of("-Djdk.tls.namedGroups=secp256r1,x25519"), "secp256r1"));
  }
}
