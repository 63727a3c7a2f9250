package gptimage.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each tool takes and gives, as JSON Schema, with descriptions written for a model choosing a
 * tool and filling in its arguments. {@link Arguments} checks calls against the same schemas.
 */
final class ToolSchemas {
  private ToolSchemas() {}

  static final String GENERATE = "generate_image";
  static final String EDIT = "edit_image";
  static final String BATCH = "batch_images";

  /** The option names a tool argument shares with the command's flag (without {@code --}). */
  static final List<String> IMAGE_OPTIONS =
      List.of(
          "size",
          "quality",
          "n",
          "output_format",
          "background",
          "output_compression",
          "moderation",
          "model");

  static Map<String, Object> generateInput(long inlineCap) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "prompt",
        string(
            "What the image should show: subject, style, composition, text to render. Be"
                + " specific."));
    p.putAll(options(inlineCap));
    return object(p, List.of("prompt"));
  }

  static Map<String, Object> editInput(long inlineCap) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("prompt", string("What to change, or the new image to make from the inputs."));
    Map<String, Object> images = new LinkedHashMap<>();
    images.put("type", "array");
    images.put(
        "items", string("Path of an input image (PNG, JPEG, WebP or GIF) on the server's disk."));
    images.put("minItems", 1);
    images.put("maxItems", 16);
    images.put(
        "description",
        "1 to 16 input images: paths (absolute, or relative to the server's output folder),"
            + " such as a file a previous call saved.");
    p.put("images", images);
    p.put(
        "mask",
        string(
            "Optional PNG mask path: transparent pixels mark where to edit. Or \"auto\" to let"
                + " the model choose."));
    p.put("input_fidelity", enumOf("How closely to keep the inputs' details.", "high", "low"));
    p.putAll(options(inlineCap));
    return object(p, List.of("prompt", "images"));
  }

  static Map<String, Object> batchInput() {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("type", "object");
    job.put(
        "description",
        "One job: \"prompt\" and any option of generate_image/edit_image by name (\"size\","
            + " \"quality\", \"n\", \"image\", \"mask\", ...), optional \"id\" and \"name\".");
    job.put("properties", Map.of("prompt", string("The job's prompt.")));
    job.put("required", List.of("prompt"));
    Map<String, Object> jobs = new LinkedHashMap<>();
    jobs.put("type", "array");
    jobs.put("items", job);
    jobs.put("minItems", 1);
    jobs.put("description", "The jobs, inline (instead of job_file).");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "job_file",
        string(
            "Path of a job file on the server's disk: JSONL (one job object a line) or plain"
                + " text (one prompt a line)."));
    p.put("jobs", jobs);
    p.put(
        "output_dir",
        string(
            "Folder for the images, results.jsonl and index.html (default: <job file name>-images,"
                + " or batch-images for inline jobs). Rerunning into the same folder skips jobs"
                + " already done."));
    p.put(
        "concurrency",
        integer("Most requests in flight at once (default: the server's --concurrency).", 1, 64));
    p.put("force", bool("Redo jobs already done in output_dir (default false)."));
    return object(p, List.of());
  }

  private static Map<String, Object> options(long inlineCap) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "size",
        string(
            "WIDTHxHEIGHT such as 1024x1024 (square), 1536x1024 (landscape), 1024x1536"
                + " (portrait), or auto. Default: the server's setting (1024x1024)."));
    p.put(
        "quality",
        string("low (fastest, cheapest), medium, high (best) or auto; default: the server's."));
    p.put("n", integer("How many images (default 1).", 1, 10));
    p.put("output_format", string("png (default), jpeg or webp."));
    p.put(
        "background",
        enumOf(
            "transparent needs png or webp; auto lets the model choose.",
            "transparent",
            "opaque",
            "auto"));
    p.put("output_compression", integer("0-100, for jpeg and webp.", 0, 100));
    p.put("moderation", enumOf("Content moderation strictness.", "low", "auto"));
    p.put(
        "partial_images",
        integer(
            "Stream this many rough drafts while the image is drawn (default 0); each is saved as"
                + " <name>-partial-<k> and reported as progress.",
            0,
            3));
    p.put("model", string("Model name (default: the server's, gpt-image-2)."));
    p.put(
        "output_dir",
        string(
            "Folder to save in, absolute or relative to the server's output folder (default:"
                + " that folder)."));
    p.put("name", string("File name stem (default gpt-image-2-<epoch ms>); -<k> is appended."));
    p.put(
        "inline",
        bool(
            "Also return each full image in the result (default false: a file link and a small"
                + " thumbnail only). Images above "
                + inlineCap
                + " bytes of base64 are never inlined."));
    return p;
  }

  static Map<String, Object> imageOutput() {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("type", "object");
    image.put(
        "properties",
        Map.of(
            "file", Map.of("type", "string"),
            "mime_type", Map.of("type", "string"),
            "bytes", Map.of("type", "integer"),
            "width", Map.of("type", "integer"),
            "height", Map.of("type", "integer")));
    image.put("required", List.of("file", "mime_type", "bytes"));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("files", Map.of("type", "array", "items", Map.of("type", "string")));
    p.put("images", Map.of("type", "array", "items", image));
    p.put("usage", Map.of("type", "object"));
    p.put("cost_usd", Map.of("type", "number"));
    p.put("request_id", Map.of("type", "string"));
    p.put("model", Map.of("type", "string"));
    p.put("partials", Map.of("type", "array", "items", image));
    p.put("protocol", Map.of("type", "string"));
    p.put("elapsed_ms", Map.of("type", "integer"));
    p.put("incomplete", Map.of("type", "string"));
    return object(p, List.of("files", "images"));
  }

  static Map<String, Object> batchOutput() {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String k : List.of("jobs", "succeeded", "failed", "already_done", "not_started")) {
      p.put(k, Map.of("type", "integer"));
    }
    p.put("images", Map.of("type", "integer"));
    p.put("files", Map.of("type", "array", "items", Map.of("type", "string")));
    p.put("usage", Map.of("type", "object"));
    p.put("cost_usd", Map.of("type", "number"));
    p.put("results", Map.of("type", "string"));
    p.put("gallery", Map.of("type", "string"));
    p.put("elapsed_ms", Map.of("type", "integer"));
    return object(p, List.of("jobs", "succeeded", "failed", "files"));
  }

  private static Map<String, Object> object(Map<String, Object> properties, List<String> req) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", "object");
    o.put("properties", properties);
    if (!req.isEmpty()) {
      o.put("required", req);
    }
    return o;
  }

  private static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  private static Map<String, Object> bool(String description) {
    return Map.of("type", "boolean", "description", description);
  }

  private static Map<String, Object> integer(String description, int min, int max) {
    return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
  }

  private static Map<String, Object> enumOf(String description, String... values) {
    return Map.of("type", "string", "enum", List.of(values), "description", description);
  }
}
