package gptimage.batch;

import gptimage.UsageException;
import gptimage.config.Setting;
import gptimage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A job file, read one line at a time so that its size never matters: JSONL (one object a line:
 * {@code prompt} and any request option by its flag name or API field name, {@code image} and
 * {@code mask} paths relative to the file, optional {@code id} and {@code name}) or plain text (one
 * prompt a line). The format is the first line's: JSONL where it starts with <code>{</code>. Blank
 * lines and lines starting with {@code #} are skipped in both.
 */
public final class JobFile {
  /** Job keys that set a request option: the flag's name and the API field's name. */
  private static final Map<String, Setting> OPTION_KEYS = new LinkedHashMap<>();

  static {
    for (Setting s : Setting.values()) {
      if (s.flag() == null
          || s == Setting.BASE_URL
          || s == Setting.EMULATOR
          || s == Setting.TIMEOUT
          || s == Setting.MAX_RETRIES
          || s == Setting.SAVE_PARTIALS
          || s == Setting.PROVIDER
          || s == Setting.DEPLOYMENT
          || s == Setting.API_VERSION) {
        continue; // one connection and one policy for the whole batch
      }
      String flag = s.flag().substring(2);
      OPTION_KEYS.put(flag, s);
      OPTION_KEYS.put(flag.replace('-', '_'), s);
    }
    OPTION_KEYS.put("extra", Setting.EXTRA_JSON);
  }

  private static final List<String> OWN_KEYS =
      List.of("prompt", "id", "name", "image", "images", "input", "mask");

  /** Reads one job; thrown with the line number for a line that is not a job. */
  public static final class BadLine extends Exception {
    final int line;

    BadLine(int line, String message) {
      super("line " + line + ": " + message, null, false, false);
      this.line = line;
    }
  }

  /** Receives each job in order. */
  @FunctionalInterface
  public interface JobConsumer {
    void accept(Job job) throws Exception;
  }

  /** Receives each job, or the reason its line is not one. */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(Job job, BadLine bad) throws Exception;
  }

  private final Path file;
  private final boolean jsonl;

  private JobFile(Path file, boolean jsonl) {
    this.file = file;
    this.jsonl = jsonl;
  }

  /**
   * Opens a job file.
   *
   * @throws UsageException where it is missing, a folder, unreadable, not UTF-8, or has no job
   */
  public static JobFile open(Path file) {
    if (!Files.exists(file)) {
      throw new UsageException("batch " + file + ": no such file.");
    }
    if (Files.isDirectory(file)) {
      throw new UsageException("batch " + file + " is a folder; give a job file (JSONL or text).");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        String t = strip(line);
        if (!t.isEmpty() && !t.startsWith("#")) {
          return new JobFile(file, t.startsWith("{"));
        }
      }
    } catch (CharacterCodingException e) {
      throw new UsageException("batch " + file + " is not UTF-8 text.");
    } catch (IOException e) {
      throw new UsageException("batch " + file + " cannot be read: " + e.getMessage());
    }
    throw new UsageException(
        "batch " + file + " holds no job: give one prompt a line, or one JSON object a line.");
  }

  /** Copies standard input to {@code spool} and opens that: a job file is read twice. */
  public static JobFile fromStream(InputStream in, Path spool) {
    try {
      Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UsageException("Cannot read the jobs from standard input: " + e.getMessage());
    }
    return open(spool);
  }

  public Path file() {
    return file;
  }

  /** The folder that relative image and mask paths start from. */
  public Path folder() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  public boolean isJsonLines() {
    return jsonl;
  }

  /** Reads every line in order, handing over jobs and bad lines alike. */
  public void read(LineConsumer consumer) throws Exception {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = in.readLine()) != null) {
        number++;
        String t = strip(text);
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        Job job = null;
        BadLine bad = null;
        try {
          job =
              jsonl
                  ? parseJson(t, number)
                  : new Job(number, String.valueOf(number), null, t, Map.of(), List.of(), null);
        } catch (BadLine b) {
          bad = b;
        }
        consumer.accept(job, bad);
      }
    }
  }

  private static String strip(String line) {
    String t = line.strip();
    return t.startsWith("\uFEFF") ? t.substring(1).strip() : t;
  }

  static Job parseJson(String text, int line) throws BadLine {
    Object tree;
    try {
      tree = Json.parse(text);
    } catch (Json.JsonFormatException e) {
      throw new BadLine(line, "not valid JSON (" + e.getMessage() + ").");
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new BadLine(line, "must be a JSON object like {\"prompt\": \"...\"}.");
    }
    String prompt = null;
    String id = String.valueOf(line);
    String name = null;
    List<String> images = new ArrayList<>();
    String mask = null;
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object v = e.getValue();
      switch (key) {
        case "prompt" -> prompt = text(line, key, v);
        case "id" -> {
          if (!(v instanceof String) && !(v instanceof Number)) {
            throw new BadLine(line, "\"id\" must be a string or a number.");
          }
          id = String.valueOf(v);
        }
        case "name" -> name = fileName(line, text(line, key, v));
        case "image", "images", "input" -> {
          if (v instanceof List<?> list) {
            for (Object item : list) {
              images.add(text(line, key, item));
            }
          } else {
            images.add(text(line, key, v));
          }
        }
        case "mask" -> mask = text(line, key, v);
        default -> {
          Setting s = OPTION_KEYS.get(key);
          if (s == null) {
            throw new BadLine(
                line,
                "unknown key \""
                    + key
                    + "\"; a job takes "
                    + String.join(", ", OWN_KEYS)
                    + " and the options "
                    + String.join(", ", new TreeSet<>(OPTION_KEYS.keySet()))
                    + ".");
          }
          if (v != null) {
            settings.put(
                s, v instanceof Map<?, ?> || v instanceof List<?> ? Json.toJson(v) : v.toString());
          }
        }
      }
    }
    if (prompt == null || prompt.isBlank()) {
      throw new BadLine(line, "needs a \"prompt\".");
    }
    return new Job(line, id, name, prompt, Map.copyOf(settings), List.copyOf(images), mask);
  }

  private static String text(int line, String key, Object v) throws BadLine {
    if (v instanceof String s) {
      return s;
    }
    throw new BadLine(line, "\"" + key + "\" must be a string, got " + Json.toJson(v) + ".");
  }

  private static String fileName(int line, String name) throws BadLine {
    String n = name.strip();
    if (n.isEmpty()
        || n.length() > 120
        || n.startsWith(".")
        || n.contains("/")
        || n.contains("\\")
        || n.chars().anyMatch(c -> c < 32)) {
      throw new BadLine(
          line,
          "\"name\" must be a plain file name stem (no folders, not starting with a dot, at most"
              + " 120 characters), got \""
              + name
              + "\".");
    }
    return n;
  }

  /** A file-name-safe short form of a prompt: lower case letters and digits joined by dashes. */
  public static String slug(String prompt) {
    String s =
        java.text.Normalizer.normalize(prompt, java.text.Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (s.length() > 40) {
      s = s.substring(0, 40);
      int dash = s.lastIndexOf('-');
      if (dash > 20) {
        s = s.substring(0, dash);
      }
    }
    return s.isEmpty() ? "image" : s;
  }
}
