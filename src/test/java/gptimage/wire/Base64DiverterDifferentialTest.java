package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnswerReader} (the {@link Base64Diverter} in front of Jackson) against plain Jackson with
 * {@code readBinaryValue} on thousands of generated answers: key orders, white space, escapes in
 * keys and in base64, nested objects and arrays, unicode, long keys, numbers, nulls, base64 with
 * and without padding and line breaks, and base64 that is not valid; and data URLs of images in
 * other strings (whole values, or inside text as Markdown links, with odd heads and escapes), which
 * plain Jackson reads as strings and this test then takes apart with a regular expression. Every
 * answer must be read to the same tree and the same bytes, or refused by both. A failure names its
 * seed; rerun one with {@code -Ddiverter.seed=N -Ddiverter.cases=1}.
 */
class Base64DiverterDifferentialTest {
  private static final Set<String> IMAGE_KEYS = Set.of("b64_json", "image_base64", "b64");
  private static final Base64Variant JACKSON =
      Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();
  private static final Pattern DATA_URL =
      Pattern.compile("data:image/[A-Za-z0-9.+-]{1,40};base64,([A-Za-z0-9+/]*=*)");

  @TempDir Path dir;

  /** Data URLs the regular expression found, to show the generator makes them. */
  private static int dataUrlsFound;

  @Test
  void theDiverterReadsEveryAnswerAsJacksonDoes() throws IOException {
    long first = Long.getLong("diverter.seed", 20261126L);
    int cases = Integer.getInteger("diverter.cases", 3000);
    ImageStore store = new ImageStore(dir);
    int refusedByBoth = 0;
    dataUrlsFound = 0;
    for (int i = 0; i < cases; i++) {
      long seed = first + i;
      Random random = new Random(seed);
      byte[] json = new Generator(random).document().getBytes(StandardCharsets.UTF_8);
      Object want;
      try {
        want = jackson(json);
      } catch (IOException | IllegalArgumentException e) {
        want = "refused";
      }
      Object got;
      AnswerReader reader = new AnswerReader(store);
      try {
        got = bytes(reader.read(chunked(json, random), "answer"));
      } catch (NetworkException e) {
        got = "refused";
      } catch (RuntimeException e) {
        throw new AssertionError(failure(seed, json, "threw " + e), e);
      } finally {
        for (Path p : reader.spooled()) {
          Files.deleteIfExists(p);
        }
      }
      if (!want.equals(got)) {
        fail(failure(seed, json, "Jackson read " + want + "\nthe diverter read " + got));
      }
      if (want.equals("refused")) {
        refusedByBoth++;
      }
    }
    // The generator must make both kinds, and data URLs, or the test proves little.
    if (cases >= 1000) {
      assertEquals(true, dataUrlsFound > cases / 10, "data URLs found: " + dataUrlsFound);
      assertEquals(
          true, refusedByBoth > cases / 50 && refusedByBoth < cases / 2, "" + refusedByBoth);
    }
  }

  private static String failure(long seed, byte[] json, String what) {
    String text = new String(json, StandardCharsets.UTF_8);
    return "seed "
        + seed
        + " (rerun with -Ddiverter.seed="
        + seed
        + " -Ddiverter.cases=1): "
        + what
        + "\nanswer: "
        + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
  }

  /** The answer in reads of random sizes, as a network hands it over. */
  private static InputStream chunked(byte[] json, Random random) {
    int most =
        random.nextBoolean() && json.length < 10_000
            ? 1 + random.nextInt(8)
            : 1 + random.nextInt(100_000);
    return new ByteArrayInputStream(json) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(most)));
      }
    };
  }

  /** Plain Jackson: the same tree, with every image key's string read by readBinaryValue. */
  private static Object jackson(byte[] json) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new IOException("empty");
      }
      return value(p, null);
    }
  }

  private static Object value(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING && field != null && IMAGE_KEYS.contains(field)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.readBinaryValue(JACKSON, out);
      return "bytes:" + HexFormat.of().formatHex(out.toByteArray());
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        map.put(name, value(p, name));
      }
      return map;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(value(p, field));
      }
      return list;
    }
    if (t == JsonToken.VALUE_STRING) {
      return dataUrls(p.getText());
    }
    return gptimage.json.JacksonOracle.read(p);
  }

  /**
   * A string's data URLs of images, found by a regular expression: a string that is one is its
   * bytes; one with some is its text without their base64, and their bytes.
   */
  private static Object dataUrls(String s) {
    Matcher m = DATA_URL.matcher(s);
    StringBuilder kept = new StringBuilder();
    List<Object> images = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      kept.append(s, last, m.start(1));
      last = m.end(1);
      images.add("bytes:" + HexFormat.of().formatHex(JACKSON.decode(m.group(1))));
      dataUrlsFound++;
      if (m.start() == 0 && m.end() == s.length()) {
        return images.get(0);
      }
    }
    if (images.isEmpty()) {
      return s;
    }
    kept.append(s, last, s.length());
    return Map.of("text", kept.toString(), "images", images);
  }

  /** The reader's tree with each spooled file's bytes in place of the file. */
  private static Object bytes(Object tree) throws IOException {
    if (tree instanceof AnswerReader.Spooled s) {
      return "bytes:" + HexFormat.of().formatHex(Files.readAllBytes(s.file()));
    }
    if (tree instanceof AnswerReader.SpooledText t) {
      return Map.of("text", t.text(), "images", bytes(t.images()));
    }
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        copy.put((String) e.getKey(), bytes(e.getValue()));
      }
      return copy;
    }
    if (tree instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      for (Object o : l) {
        copy.add(bytes(o));
      }
      return copy;
    }
    return tree;
  }

  /** Random answers that a JSON parser accepts. */
  private static final class Generator {
    private static final String[] KEYS = {
      "b64_json",
      "image_base64",
      "b64",
      "b64_json",
      "b64_json",
      "b64",
      "b64_jsonx",
      "xb64_json",
      "B64_json",
      "b64 ",
      "image_base6",
      "image_base64_",
      "system_fingerprint",
      "native_finish_reason",
      "revised_prompt",
      "abcdefghijklmnop",
      "abcdefghijklmnopq",
      "url",
      "data",
      "id",
      "object",
      "created",
      "usage",
      "choices",
      "ключ",
      "b64é",
      "emoji😀",
      ""
    };
    private final Random r;

    Generator(Random r) {
      this.r = r;
    }

    String document() {
      StringBuilder s = new StringBuilder();
      ws(s);
      if (r.nextInt(10) == 0) {
        array(s, 0, null);
      } else {
        object(s, 0);
      }
      ws(s);
      return s.toString();
    }

    private void ws(StringBuilder s) {
      switch (r.nextInt(8)) {
        case 0 -> s.append(' ');
        case 1 -> s.append("\n  ");
        case 2 -> s.append("\r\n\t");
        case 3 -> s.append("  ");
        default -> {}
      }
    }

    private void object(StringBuilder s, int depth) {
      s.append('{');
      int n = r.nextInt(depth > 2 ? 3 : 6);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          s.append(',');
        }
        ws(s);
        String key = KEYS[r.nextInt(KEYS.length)];
        s.append('"').append(escapeKey(key)).append('"');
        ws(s);
        s.append(':');
        ws(s);
        value(s, depth + 1, key);
        ws(s);
      }
      s.append('}');
    }

    private void array(StringBuilder s, int depth, String key) {
      s.append('[');
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          s.append(',');
        }
        ws(s);
        value(s, depth + 1, key);
        ws(s);
      }
      s.append(']');
    }

    private void value(StringBuilder s, int depth, String key) {
      boolean image = key != null && IMAGE_KEYS.contains(key);
      int kind = r.nextInt(image ? 14 : 10);
      if (depth > 4 && kind < 2) {
        kind = 9;
      }
      switch (kind) {
        case 0 -> object(s, depth);
        case 1 -> array(s, depth, image ? key : null);
        case 2 -> s.append("null");
        case 3 -> s.append(r.nextBoolean());
        case 4 -> s.append(r.nextInt(2_000_000) - 1_000_000);
        case 5 -> s.append(r.nextDouble() * 1e6).append(r.nextBoolean() ? "e-3" : "");
        case 6 -> s.append("12345678901234567890123");
        default -> {
          s.append('"');
          if (image) {
            base64(s);
          } else if (r.nextInt(6) == 0) {
            dataUrl(s);
          } else {
            text(s);
          }
          s.append('"');
        }
      }
    }

    /** A key as a JSON writer may spell it: sometimes with escapes. */
    private String escapeKey(String key) {
      StringBuilder s = new StringBuilder();
      for (char c : key.toCharArray()) {
        if (r.nextInt(6) == 0) {
          s.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
        } else if (c == '/' && r.nextBoolean()) {
          s.append("\\/");
        } else {
          s.append(c);
        }
      }
      if (r.nextInt(40) == 0) {
        s.append(r.nextBoolean() ? "\\n" : "\\\"");
      }
      return s.toString();
    }

    private void text(StringBuilder s) {
      int n = r.nextInt(30);
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(14)) {
          case 12 -> s.append("![image](");
          case 13 -> {
            dataUrl(s);
            s.append(r.nextBoolean() ? ")" : r.nextBoolean() ? "\\n" : "");
          }
          case 0 -> s.append("\\\"");
          case 1 -> s.append("\\\\");
          case 2 -> s.append("\\n");
          case 3 -> s.append("\\u00e9");
          case 4 -> s.append("é");
          case 5 -> s.append("😀");
          case 6 -> s.append("\\\"b64_json\\\":\\\"");
          case 7 -> s.append(':');
          default -> s.append((char) ('a' + r.nextInt(26)));
        }
      }
    }

    /** A data URL as gateways write it, its head now and then odd, its base64 as below. */
    private void dataUrl(StringBuilder s) {
      String head =
          switch (r.nextInt(16)) {
            case 0 -> "data:image\\/png;base64,";
            case 1 -> "data\\u003aimage/jpeg;base64,";
            case 2 -> "data:image/;base64,";
            case 3 -> "data:image/xdata:image/webp;base64,";
            case 4 -> "DATA:image/png;base64,";
            case 5 -> "data:image/" + "x".repeat(40 + r.nextInt(2)) + ";base64,";
            case 6 -> "data:image/png;base64";
            case 7 -> "ddata:image/svg+xml;base64,";
            case 8 -> "data:image/png;bas";
            default -> "data:image/png;base64,";
          };
      s.append(head);
      base64(s);
    }

    /** Base64 as services and odd writers send it, now and then not valid. */
    private void base64(StringBuilder s) {
      int size = r.nextInt(500) == 0 ? 50_000 + r.nextInt(100_000) : r.nextInt(200);
      byte[] bytes = new byte[size];
      r.nextBytes(bytes);
      String text =
          r.nextInt(5) == 0
              ? Base64.getMimeEncoder().encodeToString(bytes)
              : Base64.getEncoder().encodeToString(bytes);
      if (r.nextInt(4) == 0) {
        text = text.replace("=", ""); // unpadded
      }
      if (r.nextInt(30) == 0) {
        text = text + Base64.getEncoder().encodeToString(new byte[] {1, 2}); // "…=AQI="
      }
      int odd = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 0; // chances of an oddity per character
      boolean large = size > 1000;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\r') {
          s.append("\\r");
          continue;
        }
        if (c == '\n') {
          s.append("\\n");
          continue;
        }
        if (odd > 0 && r.nextInt(large ? 20_000 : 40) < odd) {
          switch (r.nextInt(9)) {
            case 0 -> s.append(String.format("\\u%04x", (int) c));
            case 1 -> s.append(c == '/' ? "\\/" : String.valueOf(c));
            case 2 -> s.append("\\n").append(c);
            case 3 -> s.append(' ').append(c);
            case 4 -> s.append("\\t").append(c);
            case 5 -> s.append('*');
            case 6 -> s.append('=').append(c);
            case 7 -> s.append("é");
            default -> s.append("\\u003d");
          }
          continue;
        }
        if (c == '/' && r.nextInt(3) == 0) {
          s.append("\\/");
        } else {
          s.append(c);
        }
      }
    }
  }
}
