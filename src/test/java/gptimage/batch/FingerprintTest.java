package gptimage.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job fingerprint's exact canonical text, and {@code results.jsonl} lines of 0.1.0. */
class FingerprintTest {
  @TempDir Path dir;

  private static Job line(int n, String prompt) {
    return new Job(n, String.valueOf(n), null, prompt, Map.of(), List.of(), null);
  }

  @Test
  void theCanonicalTextHoldsTheWireFieldsSortedWithoutDefaultsAndTheStemSource() {
    ImageRequest r =
        ImageRequest.builder("a red fox").model("dall-e-2").size("256x256").n(1).stream(false)
            .extra(Map.of("zeta", Map.of("b", 2, "a", 1)))
            .build();
    assertEquals(
        "{\"endpoint\":\"/images/generations\",\"fields\":{\"model\":\"dall-e-2\","
            + "\"prompt\":\"a red fox\",\"size\":\"256x256\",\"zeta\":{\"a\":1,\"b\":2}},"
            + "\"inputs\":[],\"stem\":\"line:7\",\"v\":2}",
        new Fingerprint().canonical(line(7, "a red fox"), r));
    Job named = new Job(7, "x", "fox", "a red fox", Map.of(), List.of(), null);
    assertTrue(new Fingerprint().canonical(named, r).contains("\"stem\":\"name:fox\""));
    assertTrue(new Fingerprint().of(named, r).matches("v2:[0-9a-f]{32}"));
  }

  @Test
  void anEditIsKnownByTheBytesOfItsFilesNotTheirPaths() throws Exception {
    byte[] png = Files.readAllBytes(pngFile(dir.resolve("a.png")));
    Path other = Files.createDirectories(dir.resolve("moved/deeper")).resolve("renamed.png");
    Files.write(other, png);
    Job job = line(2, "edit");
    ImageRequest here =
        ImageRequest.builder("edit")
            .model("dall-e-2")
            .images(List.of(dir.resolve("a.png")))
            .build();
    ImageRequest there =
        ImageRequest.builder("edit").model("dall-e-2").images(List.of(other)).build();
    Fingerprint f = new Fingerprint();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
    assertTrue(f.canonical(job, here).contains("\"inputs\":[[\"image\",\"" + sha + "\"]]"));
    assertEquals(f.of(job, here), f.of(job, there));
    Files.write(other, new byte[] {1, 2, 3}); // changed bytes, and size: the cache notices
    assertNotEquals(f.of(job, here), f.of(job, there));
  }

  private static Path pngFile(Path file) throws Exception {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    javax.imageio.ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void the010FormIsRebuiltExactlyAsTheRecordOf010PrintedItself() throws Exception {
    Path image = pngFile(dir.resolve("in.png"));
    ImageRequest edit =
        ImageRequest.builder("edit it")
            .model("gpt-image-1")
            .quality("high")
            .n(2)
            .outputFormat("webp")
            .background("transparent")
            .outputCompression(80)
            .inputFidelity("high")
            .stream(true)
            .partialImages(2)
            .user("u-1")
            .extra(Map.of("seed", 7))
            .images(List.of(image, image))
            .mask(image)
            .build();
    ImageRequest plain = ImageRequest.builder("plain").build();
    // While the record keeps the components it had in 0.1.0, its own toString is the oracle.
    assertEquals(edit.toString(), Fingerprint.toString010(edit));
    assertEquals(plain.toString(), Fingerprint.toString010(plain));
    assertEquals(fingerprint010(edit, 4), Fingerprint.legacy(line(4, "edit it"), edit));
  }

  /** The 0.1.0 fingerprint, written out here as 0.1.0 computed it. */
  private static String fingerprint010(ImageRequest r, int line) throws Exception {
    byte[] d =
        MessageDigest.getInstance("SHA-256")
            .digest((r + "|line:" + line).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 8);
  }

  private static long posts(Emulator e) {
    return e.requests().stream().filter((RecordedRequest r) -> r.method().equals("POST")).count();
  }

  private static Outcome run(Emulator e, Path jobs, Path out, BatchRun.Planner planner)
      throws Exception {
    BatchRun run =
        new BatchRun(
            JobFile.open(jobs),
            planner,
            new BatchRun.Options(out, 2, 0, null, false, false, true, false),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            UnaryOperator.identity());
    try (ImageClient client = ImageClient.builder().baseUrl(e.baseUrl()).apiKey("k").build()) {
      return run.run(client, new ByteArrayOutputStream());
    }
  }

  @Test
  void resultsWrittenBy010AreHonouredOnceAndThenKeptInTheNewForm() throws Exception {
    Path jobs = Files.write(dir.resolve("jobs.txt"), List.of("one", "two", "three"));
    Path out = Files.createDirectories(dir.resolve("out"));
    BatchRun.Planner planner =
        job -> ImageRequest.builder(job.prompt()).model("dall-e-2").size("256x256").build();
    // Jobs 1 and 2 done by 0.1.0, in its form; job 3 never ran.
    StringBuilder old = new StringBuilder();
    for (int n = 1; n <= 2; n++) {
      ImageRequest r = planner.request(line(n, n == 1 ? "one" : "two"));
      old.append(
          "{\"id\":\""
              + n
              + "\",\"line\":"
              + n
              + ",\"status\":\"ok\",\"files\":[],\"images\":[],\"prompt\":\""
              + r.prompt()
              + "\",\"attempts\":1,\"fingerprint\":\""
              + fingerprint010(r, n)
              + "\"}\n");
    }
    Files.writeString(out.resolve("results.jsonl"), old);
    try (Emulator e = Emulator.start(EmulatorOptions.defaults())) {
      assertEquals(Outcome.ALL_DONE, run(e, jobs, out, planner));
      assertEquals(1, posts(e)); // job 3 only
      List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
      assertEquals(5, lines.size()); // two old, two written again in the new form, job 3
      for (String l : lines.subList(2, 5)) {
        assertTrue(String.valueOf(Json.at(Json.parse(l), "fingerprint")).startsWith("v2:"), l);
      }
      assertEquals(
          fingerprint010(planner.request(line(1, "one")), 1),
          Json.at(Json.parse(lines.get(2)), "fingerprint_0_1_0"));

      // A request whose toString changes but whose wire form does not (stream=false, n=1 stated):
      // the 0.1.0 form would no longer match; the new one does, so nothing is sent.
      e.clearRequests();
      BatchRun.Planner restated =
          job ->
              ImageRequest.builder(job.prompt()).model("dall-e-2").size("256x256").n(1).stream(
                      false)
                  .build();
      assertNotEquals(
          planner.request(line(1, "one")).toString(), restated.request(line(1, "one")).toString());
      assertEquals(Outcome.ALL_DONE, run(e, jobs, out, restated));
      assertEquals(0, posts(e));
      assertEquals(5, Files.readAllLines(out.resolve("results.jsonl")).size());
    }
  }
}
