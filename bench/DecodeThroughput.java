import gptimage.output.ImageStore;
import gptimage.wire.AnswerReader;
import gptimage.wire.SseReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/**
 * Base64 decode-to-disk throughput of the client's answer readers, in MB/s of encoded input: a
 * JSON answer and an SSE stream, each carrying 4 images of 24 MB (128 MB of base64), read from
 * memory and written to temp files on disk as the command does. Prints the median of RUNS.
 * Usage: java -cp target/skill/gpt-image-2-api/scripts/gpt-image-2-api.jar bench/DecodeThroughput.java [RUNS]
 */
public class DecodeThroughput {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    byte[] image = new byte[24 << 20];
    new Random(1).nextBytes(image);
    String b64 = Base64.getEncoder().encodeToString(image);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream sse = new ByteArrayOutputStream();
    json.write("{\"created\":1,\"data\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 4; i++) {
      json.write(((i > 0 ? "," : "") + "{\"b64_json\":\"" + b64 + "\"}").getBytes(StandardCharsets.US_ASCII));
      sse.write(("event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"b64_json\":\"" + b64 + "\"}\n\n").getBytes(StandardCharsets.US_ASCII));
    }
    json.write("]}".getBytes(StandardCharsets.US_ASCII));
    byte[] jsonBytes = json.toByteArray();
    byte[] sseBytes = sse.toByteArray();
    double encodedMb = 4.0 * b64.length() / 1e6;
    Path dir = Files.createTempDirectory("decode-bench");
    try {
      for (String shape : new String[] {"json", "sse"}) {
        double[] rates = new double[runs + 1];
        for (int r = 0; r <= runs; r++) { // the first run warms up
          ImageStore store = new ImageStore(dir);
          AnswerReader reader = new AnswerReader(store);
          long t0 = System.nanoTime();
          if (shape.equals("json")) {
            reader.read(new ByteArrayInputStream(jsonBytes), "answer");
          } else {
            try (SseReader events = new SseReader(new ByteArrayInputStream(sseBytes))) {
              SseReader.Event e;
              while ((e = events.next()) != null) {
                reader.read(e.data(), "event");
              }
            }
          }
          double s = (System.nanoTime() - t0) / 1e9;
          rates[r] = encodedMb / s;
          for (Path p : reader.spooled()) {
            if (Files.size(p) != image.length) throw new IllegalStateException("bad decode");
            store.discard(p);
          }
        }
        double[] measured = Arrays.copyOfRange(rates, 1, rates.length);
        Arrays.sort(measured);
        System.out.printf("%-5s median %.0f MB/s (min %.0f, max %.0f) over %d runs of %.0f MB%n",
            shape, measured[measured.length / 2], measured[0], measured[measured.length - 1], runs, encodedMb);
      }
    } finally {
      try (var files = Files.list(dir)) { for (Path p : (Iterable<Path>) files::iterator) Files.delete(p); }
      Files.delete(dir);
    }
  }
}
