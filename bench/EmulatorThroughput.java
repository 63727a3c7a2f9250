import gptimage.client.ImageClient;
import gptimage.client.ImageClient.SaveOptions;
import gptimage.client.ImageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images a second that our client gets from an emulator at BASE_URL: 256x256 PNGs from dall-e-2
 * (256x256 is below gpt-image-2's pixel minimum), saved to disk as the command saves them.
 * Usage: java -cp target/skill/gpt-image-2-api/scripts/gpt-image-2-api.jar bench/EmulatorThroughput.java BASE_URL SECONDS
 * THREADS same|distinct. "same" repeats one prompt (the emulator's cache answers); "distinct"
 * makes every picture anew.
 */
public class EmulatorThroughput {
  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    double seconds = Double.parseDouble(args[1]);
    int threads = Integer.parseInt(args[2]);
    boolean distinct = args[3].equals("distinct");
    Path out = Files.createTempDirectory("bench-emulator");
    AtomicInteger counter = new AtomicInteger();
    try (ImageClient client =
        ImageClient.builder()
            .baseUrl(baseUrl)
            .apiKey("bench")
            .timeout(Duration.ofSeconds(30))
            .maxRetries(0)
            .build()) {
      // Warm-up: JIT and connections, not counted.
      run(client, out, threads, 1.0, distinct, new AtomicInteger(1_000_000));
      long start = System.nanoTime();
      int done = run(client, out, threads, seconds, distinct, counter);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf("%.0f%n", done / elapsed);
    } finally {
      try (var files = Files.list(out)) {
        for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
      }
      Files.delete(out);
    }
  }

  static int run(
      ImageClient client,
      Path out,
      int threads,
      double seconds,
      boolean distinct,
      AtomicInteger counter)
      throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Future<?>[] workers = new Future<?>[threads];
    int[] done = new int[threads];
    for (int t = 0; t < threads; t++) {
      int me = t;
      workers[t] =
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  String prompt = distinct ? "bench " + counter.incrementAndGet() : "bench";
                  ImageRequest request =
                      ImageRequest.builder(prompt).model("dall-e-2").size("256x256").build();
                  var result = client.generate(request, new SaveOptions(out, "img" + me, false));
                  for (var saved : result.images()) {
                    Files.delete(saved.file());
                  }
                  done[me]++;
                }
                return null;
              });
    }
    for (Future<?> w : workers) w.get();
    pool.shutdown();
    return Arrays.stream(done).sum();
  }
}
