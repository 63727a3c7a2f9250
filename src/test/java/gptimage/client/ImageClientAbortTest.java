package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.InterruptedRunException;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Latency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageClient#abort}: a call waiting for a slow answer ends at once, not retried. */
class ImageClientAbortTest {
  @TempDir Path dir;

  @Test
  void anAbortedCallEndsInterruptedWithoutARetryAndLeavesNoFile() throws Exception {
    try (Emulator emulator =
            Emulator.start(
                EmulatorOptions.defaults().latency(Latency.fixed(Duration.ofSeconds(600))));
        ImageClient client =
            ImageClient.builder().baseUrl(emulator.baseUrl()).apiKey("k").maxRetries(2).build()) {
      Thread[] worker = new Thread[1];
      CompletableFuture<ImageResult> call =
          CompletableFuture.supplyAsync(
              () -> {
                worker[0] = Thread.currentThread();
                return client.generate(
                    ImageRequest.builder("slow").build(), ImageClient.SaveOptions.in(dir));
              });
      while (emulator.requests().isEmpty()) {
        Thread.sleep(10); // the request is on its way: the emulator is holding the answer
      }
      client.abort(worker[0]);
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof InterruptedRunException, String.valueOf(e.getCause()));
      assertEquals(1, emulator.requests().size(), "not retried");
      try (Stream<Path> files = Files.list(dir)) {
        assertFalse(files.findAny().isPresent(), "no file, no temporary file");
      }
    }
  }
}
