package gptimage.mcp;

import gptimage.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor}: the command's checks as a tool. Doctor answering is a successful call whatever it
 * found: a configuration that cannot generate is {@code ok: false} in the result (and its first
 * line says why), not {@code isError}, which is kept for calls that could not run (bad arguments, a
 * probe without {@code confirm_cost}). The paid probe never asks on stdin (that is the protocol
 * stream): the call must say {@code confirm_cost: true}.
 */
final class DoctorTool {
  static final String NAME = "doctor";

  static final String DESCRIPTION =
      "Check why images cannot be made, or that they can: the server's configuration (where each"
          + " value came from, the key masked), proxy and TLS, the endpoint (DNS, TCP, the key)"
          + " and which routes answer, with requests that cost nothing. Call it when"
          + " generate_image or edit_image fail with a connection, key or route error, or before"
          + " a large batch. The first line of the result says what is wrong or that a generation"
          + " can work; ok is false when none can (the call itself still succeeds). probe=true"
          + " also makes one real low-quality 1024x1024 image, which the provider bills (about"
          + " one US cent at OpenAI's list price), and then needs confirm_cost=true: only ask"
          + " for it when the user agreed to pay.";

  private final Doctor doctor;

  DoctorTool(Doctor doctor) {
    this.doctor = doctor;
  }

  static Map<String, Object> input() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "probe",
        Map.of(
            "type",
            "boolean",
            "default",
            false,
            "description",
            "Also make one low-quality image to prove a generation works (paid; default false)."));
    p.put(
        "confirm_cost",
        Map.of(
            "type",
            "boolean",
            "default",
            false,
            "description",
            "Must be true with probe=true: the user agreed to pay for the probe image."));
    return Map.of("type", "object", "properties", p);
  }

  static Map<String, Object> output() {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("type", "object");
    check.put(
        "properties",
        Map.of(
            "name", Map.of("type", "string"),
            "state", Map.of("type", "string", "enum", List.of("ok", "warn", "fail", "info")),
            "detail", Map.of("type", "string")));
    check.put("required", List.of("name", "state", "detail"));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("ok", Map.of("type", "boolean", "description", "Whether a generation can work."));
    p.put("summary", Map.of("type", "string", "description", "The first line: what is wrong."));
    p.put("checks", Map.of("type", "array", "items", check));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", "object");
    o.put("properties", p);
    o.put("required", List.of("ok", "summary", "checks"));
    return o;
  }

  Map<String, Object> run(Map<String, Object> args, Session session) {
    boolean probe = Boolean.TRUE.equals(args.get("probe"));
    if (probe && !Boolean.TRUE.equals(args.get("confirm_cost"))) {
      throw new UsageException(
          "doctor: probe=true makes one paid image (low quality, 1024x1024): ask the user, then"
              + " call again with \"confirm_cost\": true; or leave probe out for the free checks.");
    }
    Doctor.Result r = doctor.check(probe);
    Map<String, Object> result = new LinkedHashMap<>();
    if (session.structured()) {
      result.put("structuredContent", r.json());
      result.put("content", List.of(ToolResults.text(r.text())));
    } else {
      result.put(
          "content",
          List.of(
              ToolResults.text(r.text()), ToolResults.text(gptimage.json.Json.toJson(r.json()))));
    }
    return result;
  }
}
