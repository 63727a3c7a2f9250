package gptimage.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import gptimage.client.Usage;
import gptimage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a batch run, local or on the provider's Batch API: the gallery written, and the
 * summary JSON printed, its totals and files read back as a stream from the records this run
 * appended to {@code results.jsonl}; and the {@link Outcome} the exit code comes from.
 */
final class Summary {
  private Summary() {}

  /** Writes the gallery and the summary JSON; the files listed are streamed from the results. */
  static Outcome write(
      Results results,
      Path folder,
      OutputStream out,
      BatchRun.Plan p,
      Progress progress,
      int notStarted,
      long resultsStart,
      long started)
      throws IOException {
    int succeeded = progress.done.get();
    int failed = progress.failed.get();
    Map<String, Object> usage = null;
    long images = 0;
    CostReconciliation costs = new CostReconciliation();
    // This run's records follow resultsStart: totals first, then the files in a second pass.
    try (BufferedReader in = recordsSince(results, resultsStart)) {
      String line;
      while (in != null && (line = in.readLine()) != null) {
        if (parse(line) instanceof Map<?, ?> m) {
          costs.add(m);
          if (m.get("usage") instanceof Map<?, ?> u) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) u;
            usage = Usage.sum(usage, typed);
          }
          if (m.get("files") instanceof List<?> f) {
            images += f.size();
          }
        }
      }
    }
    Map<String, Object> totals = galleryTotals(results, p);
    Path gallery = Gallery.write(folder, results, totals);
    try (JsonGenerator g = Json.pretty(Json.FACTORY.createGenerator(new NonClosing(out)))) {
      g.writeStartObject();
      g.writeNumberField("jobs", p.jobs());
      g.writeNumberField("succeeded", succeeded);
      g.writeNumberField("failed", failed);
      g.writeNumberField("already_done", p.alreadyDone());
      g.writeNumberField("not_started", notStarted);
      g.writeNumberField("images", images);
      g.writeArrayFieldStart("files");
      try (BufferedReader in = recordsSince(results, resultsStart)) {
        String line;
        while (in != null && (line = in.readLine()) != null) {
          if (parse(line) instanceof Map<?, ?> m && m.get("files") instanceof List<?> f) {
            for (Object file : f) {
              g.writeString(String.valueOf(file));
            }
          }
        }
      }
      g.writeEndArray();
      if (usage != null) {
        g.writeFieldName("usage");
        Json.write(g, usage);
      }
      g.writeFieldName("cost_usd");
      g.writeNumber(java.math.BigDecimal.valueOf(Math.round(progress.spent() * 1e6) / 1e6));
      g.writeFieldName("cost_check");
      Json.write(g, costs.toJson());
      g.writeStringField("results", results.file().toString());
      g.writeStringField("gallery", gallery.toString());
      g.writeNumberField("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
    if (failed == 0 && notStarted == 0) {
      return Outcome.ALL_DONE;
    }
    return succeeded + p.alreadyDone() > 0 ? Outcome.PARTLY : Outcome.NONE;
  }

  /** Counts over the latest record of every job, for the gallery's heading. */
  private static Map<String, Object> galleryTotals(Results results, BatchRun.Plan p) {
    long[] t = new long[3]; // done, failed, images
    double[] cost = {0};
    results.forEachLatest(
        r -> {
          if ("ok".equals(r.get("status"))) {
            t[0]++;
          } else {
            t[1]++;
          }
          if (r.get("files") instanceof List<?> f) {
            t[2] += f.size();
          }
          if (r.get("cost_usd") instanceof Number n) {
            cost[0] += n.doubleValue();
          }
        });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobs", p.jobs());
    m.put("done_total", t[0]);
    m.put("failed", t[1]);
    m.put("not_started", Math.max(0, p.jobs() - t[0] - t[1]));
    m.put("images_total", t[2]);
    m.put("cost_usd_total", String.format(java.util.Locale.ROOT, "%.4f", cost[0]));
    return m;
  }

  private static BufferedReader recordsSince(Results results, long offset) throws IOException {
    if (!Files.exists(results.file())) {
      return null;
    }
    java.io.InputStream in = Files.newInputStream(results.file());
    in.skipNBytes(offset);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static Object parse(String line) {
    try {
      return line.isBlank() ? null : Json.parse(line);
    } catch (Json.JsonFormatException e) {
      return null;
    }
  }

  /** Keeps the caller's stream open when the generator closes. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
