package gptimage.batch;

import gptimage.output.OutputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html} in the output folder: a contact sheet of every job's latest result (its
 * images, prompt, parameters, cost, or error), one self-contained page that needs no network. It is
 * written to a temporary name and renamed, so a reader never sees half of it.
 */
final class Gallery {
  static final String FILE = "index.html";

  /** Beyond this many images, thumbnails load as they scroll into view. */
  private static final int EAGER_IMAGES = 500;

  private Gallery() {}

  static Path write(Path folder, Results results, Map<String, Object> summary) {
    Path target = folder.resolve(FILE);
    Path temp = folder.resolve(".index.html.part");
    long images = summary.get("images_total") instanceof Number n ? n.longValue() : 0;
    String loading = images > EAGER_IMAGES ? " loading=\"lazy\"" : "";
    try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      w.write(
          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
              + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              + "<title>gpt-image-2-api batch</title>\n<style>\n"
              + "body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#fafafa;color:#222}\n"
              + "h1{font-size:20px;margin:0 0 4px} .sum{color:#555;margin-bottom:16px}\n"
              + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));"
              + "gap:14px}\n"
              + ".job{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px}\n"
              + ".job.failed{border-color:#d33;background:#fff5f5}\n"
              + ".imgs{display:flex;flex-wrap:wrap;gap:4px}\n"
              + ".imgs a{flex:1 1 100px} .imgs img{width:100%;height:auto;display:block;"
              + "border-radius:4px;background:repeating-conic-gradient(#eee 0 25%,#fff 0 50%)"
              + " 0 0/16px 16px}\n"
              + ".p{margin:6px 0 2px;font-weight:600} .meta{color:#666;font-size:12px}\n"
              + ".err{color:#b00;font-size:12px;white-space:pre-wrap}\n"
              + "</style></head><body>\n");
      w.write(
          "<h1>Batch results</h1>\n<div class=\"sum\">" + esc(summaryLine(summary)) + "</div>\n");
      w.write("<div class=\"grid\">\n");
      BufferedWriter out = w;
      results.forEachLatest(record -> card(out, record, loading));
      w.write(
          "</div>\n<script>\n"
              + "window.addEventListener('load',function(){var ok=0,bad=0;"
              + "document.querySelectorAll('img').forEach(function(i){"
              + "if(i.complete&&i.naturalWidth>0){ok++}else{bad++}});"
              + "document.body.setAttribute('data-rendered',ok);"
              + "document.body.setAttribute('data-broken',bad);});\n"
              + "</script>\n</body></html>\n");
    } catch (IOException | java.io.UncheckedIOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
      throw new OutputException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  private static String summaryLine(Map<String, Object> s) {
    return String.format(
        Locale.ROOT,
        "%s jobs: %s done, %s failed, %s not started; %s images; cost about $%s",
        s.get("jobs"),
        s.get("done_total"),
        s.get("failed"),
        s.get("not_started"),
        s.get("images_total"),
        s.get("cost_usd_total"));
  }

  private static void card(BufferedWriter w, Map<String, Object> r, String loading) {
    try {
      boolean ok = "ok".equals(r.get("status"));
      w.write(
          "<div class=\"job" + (ok ? "" : " failed") + "\" id=\"job-" + esc(r.get("id")) + "\">");
      if (r.get("files") instanceof List<?> files && !files.isEmpty()) {
        w.write("<div class=\"imgs\">");
        for (Object f : files) {
          String name = Path.of(String.valueOf(f)).getFileName().toString();
          String href = encode(name);
          w.write(
              "<a href=\""
                  + href
                  + "\"><img src=\""
                  + href
                  + "\" alt=\""
                  + esc(name)
                  + "\""
                  + loading
                  + "></a>");
        }
        w.write("</div>");
      }
      w.write("<div class=\"p\">" + esc(r.get("prompt")) + "</div>");
      StringBuilder meta = new StringBuilder("line " + r.get("line") + " · id " + r.get("id"));
      if (r.get("params") instanceof Map<?, ?> params) {
        params.forEach((k, v) -> meta.append(" · ").append(k).append(' ').append(v));
      }
      if (r.get("cost_usd") != null) {
        meta.append(" · $").append(r.get("cost_usd"));
      }
      if (r.get("attempts") instanceof Number n && n.intValue() > 1) {
        meta.append(" · ").append(n).append(" attempts");
      }
      w.write("<div class=\"meta\">" + esc(meta) + "</div>");
      if (r.get("error") != null) {
        w.write("<div class=\"err\">" + esc(r.get("error")) + "</div>");
      }
      w.write("</div>\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xFF;
      if ((u >= 'a' && u <= 'z')
          || (u >= 'A' && u <= 'Z')
          || (u >= '0' && u <= '9')
          || u == '-'
          || u == '_'
          || u == '.') {
        b.append((char) u);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", u));
      }
    }
    return b.toString();
  }

  static String esc(Object o) {
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
