package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code batch} over the emulator, in-process. */
class BatchTest extends EmulatorHarness {
  private Path jobs(String name, List<String> lines) throws Exception {
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  private static List<String> smallJobs(int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add(
          "{\"prompt\": \"tiny picture "
              + i
              + "\", \"model\": \"dall-e-2\", \"size\": \"256x256\"}");
    }
    return lines;
  }

  private List<Map<String, Object>> results(Path folder) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("results.jsonl"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) Json.parse(line);
      out.add(m);
    }
    return out;
  }

  private Map<String, Integer> postsByPrompt() {
    Map<String, Integer> counts = new HashMap<>();
    for (RecordedRequest r : emulator.requests()) {
      if (r.method().equals("POST")) {
        counts.merge(String.valueOf(Json.at(r.json(), "prompt")), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void twoHundredJobsCompleteWithConcurrencyEight() throws Exception {
    Path file = jobs("jobs.jsonl", smallJobs(200));
    Run r = run("batch", file.toString(), "--concurrency", "8", "--output", "out", "--quiet");
    assertEquals(0, r.exit(), r.err());
    Object summary = r.json();
    assertEquals(200, ((Number) Json.at(summary, "succeeded")).intValue());
    assertEquals(200, ((List<?>) Json.at(summary, "files")).size());
    Path out = dir.resolve("out");
    assertEquals(200, results(out).size());
    assertEquals(200, emulator.requests().size());
    assertTrue(postsByPrompt().values().stream().allMatch(n -> n == 1));
    assertTrue(Files.exists(out.resolve("001-tiny-picture-1-1.png")));
    assertTrue(Files.exists(out.resolve("200-tiny-picture-200-1.png")));
    assertEquals(256, ImageIO.read(out.resolve("123-tiny-picture-123-1.png").toFile()).getWidth());
    assertTrue(Files.readString(out.resolve("index.html")).contains("tiny picture 200"));

    // A rerun sends nothing: every job is done.
    emulator.clearRequests();
    Run again = run("batch", file.toString(), "--output", "out", "--quiet");
    assertEquals(0, again.exit(), again.err());
    assertEquals(200, ((Number) Json.at(again.json(), "already_done")).intValue());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void jobsDoneStayDoneWhenTheFileGrowsPastNineHundredNinetyNineLines() throws Exception {
    Path file = jobs("jobs.txt", List.of("first prompt", "second prompt"));
    Run r = run("batch", file.toString(), "--output", "out", "--quiet");
    assertEquals(0, r.exit(), r.err());
    List<String> grown = new ArrayList<>(List.of("first prompt", "second prompt"));
    for (int i = 3; i <= 1000; i++) {
      grown.add("prompt " + i);
    }
    Files.write(file, grown);
    // File names now pad line numbers to four digits; the two jobs done are still done.
    Run plan = run("batch", file.toString(), "--output", "out", "--dry-run");
    assertEquals(0, plan.exit(), plan.err());
    assertEquals(2, ((Number) Json.at(plan.json(), "already_done")).intValue());
    assertEquals(998, ((Number) Json.at(plan.json(), "to_run")).intValue());
    assertEquals("0003-prompt-3-<k>.png", Json.at(plan.json(), "first_jobs", 0, "files"));
  }

  @Test
  void badLinesAreAllReportedWithTheirNumbersAndNothingIsSent() throws Exception {
    Path file =
        jobs(
            "jobs.jsonl",
            List.of(
                "{\"prompt\": \"fine\"}",
                "{\"prompt\": \"x\", \"sise\": \"1024x1024\"}",
                "{\"size\": \"1024x1024\"}",
                "not json",
                "{\"prompt\": \"y\", \"n\": 11}",
                "{\"prompt\": \"z\", \"image\": \"missing.png\"}",
                "{\"prompt\": \"a\", \"id\": \"dup\"}",
                "{\"prompt\": \"b\", \"id\": \"dup\"}"));
    Run r = run("batch", file.toString(), "--output", "out");
    assertEquals(2, r.exit());
    String e = r.err();
    assertTrue(e.contains("6 bad lines"), e);
    assertTrue(e.contains("line 2: unknown key \"sise\""), e);
    assertTrue(e.contains("line 3: needs a \"prompt\""), e);
    assertTrue(e.contains("line 4: not valid JSON"), e);
    assertTrue(e.contains("line 5: --n"), e);
    assertTrue(e.contains("line 6: --image missing.png: no such file"), e);
    assertTrue(e.contains("line 8: id \"dup\" is also on line 7"), e);
    assertEquals(0, emulator.requests().size());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void plainTextFromStandardInputAndJobOptionsWinOverTheCommandsDefaults() throws Exception {
    stdin = "a red fox\n\n# skipped\na blue bird\n";
    Run r = run("batch", "-", "--output", "out", "--size", "1536x1024", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, emulator.requests().size());
    assertEquals("1536x1024", Json.at(emulator.lastRequest().json(), "size"));
    assertTrue(Files.exists(dir.resolve("out/004-a-blue-bird-1.png")));

    Path file =
        jobs(
            "named.jsonl",
            List.of(
                "{\"prompt\": \"p\", \"name\": \"hero\", \"output_format\": \"jpeg\", \"n\": 2}",
                "{\"prompt\": \"q\", \"output-format\": \"webp\", \"quality\": \"low\"}"));
    emulator.clearRequests();
    Run named = run("batch", file.toString(), "--output", "named", "--quality", "high", "--quiet");
    assertEquals(0, named.exit(), named.err());
    assertTrue(Files.exists(dir.resolve("named/hero-1.jpg")));
    assertTrue(Files.exists(dir.resolve("named/hero-2.jpg")));
    assertTrue(Files.exists(dir.resolve("named/002-q-1.webp")));
    Map<Object, Object> quality = new HashMap<>();
    emulator
        .requests()
        .forEach(q -> quality.put(Json.at(q.json(), "prompt"), Json.at(q.json(), "quality")));
    assertEquals(Map.of("p", "high", "q", "low"), quality);
  }

  @Test
  void failedJobsAreRecordedExit3AndARerunRetriesOnlyThem() throws Exception {
    Path file =
        jobs(
            "jobs.jsonl",
            List.of(
                "{\"prompt\": \"good one\"}",
                "{\"prompt\": \"bad size\", \"size\": \"1000x1000\"}",
                "{\"prompt\": \"good two\"}"));
    Run r = run("batch", file.toString(), "--output", "out", "--quiet");
    assertEquals(3, r.exit(), r.err());
    assertEquals(1, ((Number) Json.at(r.json(), "failed")).intValue());
    Map<String, Object> failed =
        results(dir.resolve("out")).stream()
            .filter(m -> m.get("status").equals("failed"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, ((Number) failed.get("line")).intValue());
    assertTrue(String.valueOf(failed.get("error")).contains("Invalid size"), failed.toString());
    assertTrue(Files.readString(dir.resolve("out/index.html")).contains("Invalid size"));

    emulator.clearRequests();
    Run again = run("batch", file.toString(), "--output", "out", "--quiet");
    assertEquals(3, again.exit());
    assertEquals(List.of("bad size"), new ArrayList<>(postsByPrompt().keySet()));

    Files.write(
        file,
        List.of(
            "{\"prompt\": \"good one\"}",
            "{\"prompt\": \"bad size\", \"size\": \"1024x1024\"}",
            "{\"prompt\": \"good two\"}"));
    Run fixed = run("batch", file.toString(), "--output", "out", "--quiet");
    assertEquals(0, fixed.exit(), fixed.err());
    Run forced = run("batch", file.toString(), "--output", "out", "--quiet", "--force");
    assertEquals(3, ((Number) Json.at(forced.json(), "succeeded")).intValue());
    assertTrue(Files.exists(dir.resolve("out/001-good-one-1-2.png")), "--force never overwrites");
  }

  @Test
  void maxCostStartsNoJobThatWouldPassIt() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add("job number " + i);
    }
    Path file = jobs("jobs.txt", lines);
    // Each 1024x1024 medium gpt-image-2 job is estimated at about $0.0317.
    Run plan = run("batch", file.toString(), "--dry-run", "--max-cost", "0.1");
    assertEquals(0, plan.exit(), plan.err());
    assertEquals(0, emulator.requests().size());
    double estimate = ((Number) Json.at(plan.json(), "estimated_cost_usd")).doubleValue();
    assertTrue(estimate > 0.3 && estimate < 0.33, "estimate " + estimate);

    Run r = run("batch", file.toString(), "--max-cost", "0.1", "--concurrency", "4", "--quiet");
    assertEquals(3, r.exit(), r.err());
    assertEquals(3, emulator.requests().size());
    assertEquals(7, ((Number) Json.at(r.json(), "not_started")).intValue());
    assertTrue(((Number) Json.at(r.json(), "cost_usd")).doubleValue() <= 0.1);
  }

  @Test
  void aRateLimitIsHeldAtNinetyPercentWithFewRejections() throws Exception {
    // 20 requests a 2 s window = 600 a minute; the batch is told the same rate.
    serve(EmulatorOptions.defaults().rateLimit(20).rateWindow(Duration.ofSeconds(2)));
    Path file = jobs("jobs.jsonl", smallJobs(60));
    Run r = run("batch", file.toString(), "--rpm", "600", "--concurrency", "8", "--quiet");
    assertEquals(0, r.exit(), r.err());
    List<RecordedRequest> seen = emulator.requests();
    long rejected = seen.stream().filter(q -> q.status() == 429).count();
    // A smoke test end to end: the exact spacing is pinned on a fake clock by ThrottleTest. A
    // busy machine only slows the batch down; loose bounds keep this test from depending on it.
    assertTrue(rejected <= seen.size() * 0.25, rejected + " of " + seen.size() + " were 429");
    List<RecordedRequest> ok = seen.stream().filter(q -> q.status() == 200).toList();
    assertEquals(60, ok.size());
    double seconds =
        Duration.between(ok.get(0).receivedAt(), ok.get(ok.size() - 1).receivedAt()).toMillis()
            / 1000.0;
    double perMinute = (ok.size() - 1) / seconds * 60;
    assertTrue(perMinute <= 1000, "held " + perMinute + " images a minute, not many more than 600");
  }

  @Test
  void withoutRpmA429TeachesTheThrottleTheServersLimit() throws Exception {
    serve(EmulatorOptions.defaults().rateLimit(10).rateWindow(Duration.ofSeconds(1)));
    Path file = jobs("jobs.jsonl", smallJobs(40));
    Run r = run("batch", file.toString(), "--concurrency", "8", "--quiet");
    assertEquals(0, r.exit(), r.err());
    long rejected = emulator.requests().stream().filter(q -> q.status() == 429).count();
    assertTrue(rejected <= 10, rejected + " rejections");
    assertEquals(40, results(dir.resolve("jobs-images")).size());
  }

  @Test
  void theGalleryRendersEveryImageInHeadlessChromium() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(Files.isExecutable(chromium), ".ci/run installs Debian's chromium");
    Path file =
        jobs(
            "jobs.jsonl",
            List.of(
                "{\"prompt\": \"a png <b>bold</b>\"}",
                "{\"prompt\": \"a jpeg\", \"output_format\": \"jpeg\", \"n\": 2}",
                "{\"prompt\": \"a webp\", \"output_format\": \"webp\"}",
                "{\"prompt\": \"a gif\", \"output_format\": \"gif\"}",
                "{\"prompt\": \"an svg\", \"output_format\": \"svg\"}",
                "{\"prompt\": \"fails\", \"size\": \"1000x1000\"}"));
    Run r = run("batch", file.toString(), "--output", "gallery", "--quiet");
    assertEquals(3, r.exit(), r.err());
    Path index = dir.resolve("gallery/index.html");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--allow-file-access-from-files",
                "--virtual-time-budget=10000",
                "--dump-dom",
                index.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(
        dom.contains("data-rendered=\"6\""),
        dom.substring(
            Math.max(0, dom.indexOf("<body")), Math.min(dom.length(), dom.indexOf("<body") + 200)));
    assertTrue(dom.contains("data-broken=\"0\""));
    assertTrue(dom.contains("a png &lt;b&gt;bold&lt;/b&gt;"), "prompts are escaped");
    assertTrue(dom.contains("Invalid size"));
  }
}
