package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.wire.NewerJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https call by the command on JDK 20+ no longer builds the JDK's P-256 table: the JVM's
 * class-initialisation log of a real call to the TLS emulator (whose certificate is ECDSA P-256)
 * never names the class whose static initialiser builds it, and names the command's own verifier
 * instead. The same call with a user's {@code jdk.tls.namedGroups} putting P-256 first does build
 * it, which shows the log can tell. Skipped where this machine has no JDK 20+.
 */
class NoP256TableIT {
  static final String TABLE = "sun/security/ec/ECOperations$Secp256R1GeneratorMontgomeryMultiplier";
  @TempDir Path dir;

  private String callLoggingClassInits(String extraFlag) throws Exception {
    Optional<Path> java = NewerJdk.java(20);
    assumeTrue(java.isPresent(), "no JDK 20 or later here");
    try (Emulator emulator =
        Emulator.start(EmulatorOptions.defaults().tls(FaultMatrixTlsTest.IDENTITY))) {
      Path log = dir.resolve("init.log");
      List<String> command = new ArrayList<>();
      command.add(java.get().toString());
      if (extraFlag != null) {
        command.add(extraFlag);
      }
      command.addAll(
          List.of(
              "-Xlog:class+init=info:file=" + log,
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "--model",
              "dall-e-2",
              "--size",
              "256x256",
              "--prompt",
              "no table",
              "--ca-file",
              FaultMatrixTlsTest.PEM.toString(),
              "--output",
              dir.resolve("out").toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment()
          .keySet()
          .removeIf(k -> k.startsWith("OPENAI_") || k.equals("JDK_JAVA_OPTIONS"));
      pb.environment().put("OPENAI_API_KEY", "k");
      pb.environment().put("OPENAI_BASE_URL", emulator.baseUrl());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertEquals(1, emulator.requests().size(), "one generation made over https");
      return Files.readString(log);
    }
  }

  @Test
  void aHandshakeToTheTlsEmulatorLeavesTheP256TableUnbuilt() throws Exception {
    String log = callLoggingClassInits(null);
    assertFalse(log.contains("Initializing '" + TABLE + "'"), "the P-256 table was built");
    assertTrue(log.contains("Initializing 'gptimage/tls/P256'"), "our verifier checked the server");
  }

  @Test
  void theLogTellsWhenTheTableIsBuilt() throws Exception {
    String log = callLoggingClassInits("-Djdk.tls.namedGroups=secp256r1,x25519");
    assertTrue(log.contains("Initializing '" + TABLE + "'"), "a P-256 key share builds the table");
  }
}
