package gptimage.mcp;

import gptimage.ImageToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The tools: {@code generate_image}, {@code edit_image}, {@code batch_images} and, where the
 * command gave its checks, {@code doctor}; their listing and their calls. At most {@link
 * Backend#concurrency()} calls work at once; the rest wait (and can be cancelled while they wait).
 */
public final class Tools {
  private final Backend backend;
  private final Resources resources = new Resources();
  private final Semaphore slots;
  private final ImageTool images;
  private final BatchTool batch;
  private final DoctorTool doctor;

  /** The image tools only, without {@code doctor}. */
  public Tools(Backend backend) {
    this(backend, null);
  }

  /**
   * @param doctor the {@code doctor} command's checks with the server's configuration; null: no
   *     {@code doctor} tool
   */
  public Tools(Backend backend, Doctor doctor) {
    this.backend = backend;
    this.doctor = doctor == null ? null : new DoctorTool(doctor);
    this.slots = new Semaphore(backend.concurrency(), true);
    this.images = new ImageTool(backend, resources);
    this.batch = new BatchTool(backend, resources);
  }

  Resources resources() {
    return resources;
  }

  String instructions() {
    return "Makes and edits images with gpt-image-2 (or the model configured) and saves them"
        + " under "
        + backend.outputFolder()
        + ". Results give file paths (as resource links), small thumbnails and the result"
        + " JSON; pass inline=true only when you need the full image bytes (never above "
        + backend.inlineCap()
        + " bytes of base64). To edit a result, give its file path to edit_image.";
  }

  List<String> names() {
    return doctor == null
        ? List.of(ToolSchemas.GENERATE, ToolSchemas.EDIT, ToolSchemas.BATCH)
        : List.of(ToolSchemas.GENERATE, ToolSchemas.EDIT, ToolSchemas.BATCH, DoctorTool.NAME);
  }

  boolean has(String name) {
    return names().contains(name);
  }

  List<Map<String, Object>> list(Session session) {
    List<Map<String, Object>> out = new ArrayList<>();
    long cap = backend.inlineCap();
    out.add(
        tool(
            ToolSchemas.GENERATE,
            "Generate images",
            "Make new images from a text prompt and save them as files. Returns the file paths,"
                + " a small thumbnail of each, size, usage and estimated cost. Use edit_image"
                + " instead to change an existing image.",
            ToolSchemas.generateInput(cap),
            ToolSchemas.imageOutput(),
            session));
    out.add(
        tool(
            ToolSchemas.EDIT,
            "Edit images",
            "Change existing images (files on this machine, such as ones generate_image saved)"
                + " as the prompt says, optionally only where a mask is transparent; or combine"
                + " up to 16 images into a new one. Saves the results as new files.",
            ToolSchemas.editInput(cap),
            ToolSchemas.imageOutput(),
            session));
    out.add(
        tool(
            ToolSchemas.BATCH,
            "Batch of images",
            "Make many images at once from a job file or an inline list of jobs, at the"
                + " provider's rate limit; safe to rerun (jobs already done are skipped). Returns"
                + " a summary with every file, results.jsonl and an index.html contact sheet. Use"
                + " for more than a few images.",
            ToolSchemas.batchInput(),
            ToolSchemas.batchOutput(),
            session));
    if (doctor != null) {
      // Not marked read-only: a host may call those unasked, and a probe is paid for.
      out.add(
          tool(
              DoctorTool.NAME,
              "Check the setup",
              DoctorTool.DESCRIPTION,
              DoctorTool.input(),
              DoctorTool.output(),
              session));
    }
    return out;
  }

  private static Map<String, Object> tool(
      String name,
      String title,
      String description,
      Map<String, Object> input,
      Map<String, Object> output,
      Session session) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("title", title);
    t.put("description", description);
    t.put("inputSchema", input);
    if (session.structured()) {
      t.put("outputSchema", output);
    }
    t.put(
        "annotations",
        Map.of("readOnlyHint", false, "destructiveHint", false, "openWorldHint", true));
    return t;
  }

  Map<String, Object> call(
      String name, Map<String, Object> args, Session session, Progress progress, Calls.Call call) {
    Map<String, Object> schema =
        switch (name) {
          case ToolSchemas.GENERATE -> ToolSchemas.generateInput(backend.inlineCap());
          case ToolSchemas.EDIT -> ToolSchemas.editInput(backend.inlineCap());
          case DoctorTool.NAME -> DoctorTool.input();
          default -> ToolSchemas.batchInput();
        };
    Arguments.check(name, schema, args);
    Thread thread = Thread.currentThread();
    call.onCancel(thread::interrupt);
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      throw new Calls.Cancelled();
    }
    try {
      call.check();
      return switch (name) {
        case ToolSchemas.GENERATE -> images.run(name, args, false, session, progress, call);
        case ToolSchemas.EDIT -> images.run(name, args, true, session, progress, call);
        case DoctorTool.NAME -> doctor.run(args, session);
        default -> batch.run(args, session, progress, call);
      };
    } catch (ImageToolException e) {
      if (call.cancelled()) {
        throw new Calls.Cancelled();
      }
      return ToolResults.error(backend.redact().apply(e.getMessage()));
    } finally {
      slots.release();
    }
  }
}
