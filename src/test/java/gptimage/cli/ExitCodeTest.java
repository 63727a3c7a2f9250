package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.output.OutputException;
import gptimage.output.UnusableFolderException;
import gptimage.wire.ApiErrors;
import gptimage.wire.NetworkException;
import gptimage.wire.Transport;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one map from error types to exit codes: by type, never by how it was made. */
class ExitCodeTest {
  static ImageToolException api(int status, String body) {
    return ApiErrors.of(
        status,
        HttpHeaders.of(Map.of(), (k, v) -> true),
        body.getBytes(StandardCharsets.UTF_8),
        null);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        row(() -> new UsageException("bad flag"), ExitCode.USAGE, 2),
        row(() -> new UnusableFolderException("--output x is a file"), ExitCode.USAGE, 2),
        row(() -> new OutputException("disk full", new IOException()), ExitCode.FAILED, 1),
        row(() -> new NetworkException("reset", true, null), ExitCode.FAILED, 1),
        row(() -> api(400, "{\"error\":{\"message\":\"bad size\"}}"), ExitCode.FAILED, 1),
        row(() -> api(400, "{\"error\":{\"code\":\"moderation_blocked\"}}"), ExitCode.FAILED, 1),
        row(() -> api(503, "<html>down</html>"), ExitCode.FAILED, 1),
        row(Transport.Interrupted::new, ExitCode.INTERRUPTED, 130),
        row(
            () -> {
              gptimage.client.ImageRequest.builder("x").n(0).build();
              throw new AssertionError("n 0 is refused");
            },
            ExitCode.USAGE,
            2));
  }

  static Arguments row(Supplier<ImageToolException> e, ExitCode code, int status) {
    return Arguments.of(e, code, status);
  }

  @ParameterizedTest
  @MethodSource("errors")
  void eachErrorTypeHasItsExitCode(Supplier<ImageToolException> make, ExitCode code, int status) {
    ImageToolException e;
    try {
      e = make.get();
    } catch (ImageToolException thrown) {
      e = thrown;
    }
    assertEquals(code, Main.exitCodeOf(e));
    assertEquals(status, Main.exitCodeOf(e).code());
  }
}
