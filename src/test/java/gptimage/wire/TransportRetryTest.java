package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waits between attempts, against the emulator's faults, with a sleeper that counts them
 * instead of sitting through them: exact, and milliseconds long. {@code FaultMatrixTest} keeps the
 * end-to-end runs through the command.
 */
class TransportRetryTest {
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  @ParameterizedTest(name = "{0} (always: {1}), {2} retries, listener +{3} ms -> waits {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "429   | false | 2 | 0    | 1000       | 200 | Retrying in 1 s (attempt 2 of 3).",
        "429   | true  | 2 | 0    | 1000 1000  | 429 | Retrying in 1 s (attempt 3 of 3).",
        "500   | true  | 2 | 0    | 500 1000   | 500 | Retrying in 1 s (attempt 3 of 3).",
        "500   | true  | 3 | 0    | 500 1000 2000 | 500 | Retrying in 2 s (attempt 4 of 4).",
        "500   | false | 0 | 0    | ''         | 500 | ",
        "500   | false | 2 | 2500 | 2500       | 200 | Retrying in 2.5 s (attempt 2 of 3).",
        "reset | false | 2 | 0    | 500        | 200 | Retrying in 0.5 s (attempt 2 of 3).",
      })
  void waitsComeFromThePolicyAndGoThroughTheSleeper(
      String fault,
      boolean always,
      int retries,
      long listenerMs,
      String want,
      int status,
      String last)
      throws Exception {
    EmulatorOptions options =
        EmulatorOptions.defaults().fault(Fault.Rule.parse(fault).fault(), always);
    try (Emulator emulator = Emulator.start(options);
        Transport t =
            new Transport(
                Duration.ofSeconds(30),
                new RetryPolicy(retries, Clock.systemUTC(), () -> 0),
                notices::add,
                null,
                waits::add)) {
      if (listenerMs > 0) {
        t.retryListener((s, wait, headers) -> Duration.ofMillis(listenerMs));
      }
      URI uri = URI.create(emulator.baseUrl() + "/images/generations");
      Supplier<Request> request =
          () ->
              Request.post(
                      uri,
                      new Body("application/json")
                          .text(
                              "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"size\":\"1024x1024\"}"))
                  .header("Authorization", "Bearer sk-test");
      int got;
      if (status == 200) {
        got =
            t.send(
                request,
                answer -> {
                  answer.body().readAllBytes();
                  return answer.status();
                },
                "--timeout");
      } else {
        got =
            assertThrows(
                    ApiException.class,
                    () -> t.send(request, answer -> answer.status(), "--timeout"))
                .status();
      }
      assertEquals(status, got);
      List<Duration> expected =
          want.isBlank()
              ? List.of()
              : Arrays.stream(want.trim().split("\\s+"))
                  .map(ms -> Duration.ofMillis(Long.parseLong(ms)))
                  .toList();
      assertEquals(expected, waits);
      assertEquals(expected.size(), notices.size());
      if (last != null) {
        assertEquals(true, notices.get(notices.size() - 1).endsWith(last), notices.toString());
      }
    }
  }
}
