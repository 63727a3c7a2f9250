package gptimage.mcp;

import gptimage.UsageException;
import java.util.List;
import java.util.Map;

/**
 * Checks a tool call's arguments against the tool's input schema (the subset the tools use: object,
 * string, integer, boolean, array, enum, minimum/maximum, minItems/maxItems, required; no property
 * beyond those listed), with one message naming the argument and what is allowed.
 */
final class Arguments {
  private Arguments() {}

  /**
   * @throws UsageException naming the first argument that breaks the schema
   */
  static void check(String tool, Map<String, Object> schema, Map<String, Object> args) {
    Map<?, ?> properties = (Map<?, ?>) schema.get("properties");
    for (Object required : (List<?>) schema.getOrDefault("required", List.of())) {
      if (args.get(required) == null) {
        throw new UsageException(tool + ": the argument \"" + required + "\" is required.");
      }
    }
    for (Map.Entry<String, Object> e : args.entrySet()) {
      Object s = properties.get(e.getKey());
      if (!(s instanceof Map<?, ?> prop)) {
        throw new UsageException(
            tool
                + ": there is no argument \""
                + e.getKey()
                + "\"; the arguments are: "
                + String.join(", ", properties.keySet().stream().map(String::valueOf).toList())
                + ".");
      }
      if (e.getValue() != null) {
        value(tool + ": \"" + e.getKey() + "\"", prop, e.getValue());
      }
    }
  }

  private static void value(String what, Map<?, ?> schema, Object v) {
    String type = String.valueOf(schema.get("type"));
    switch (type) {
      case "string" -> {
        if (!(v instanceof String s)) {
          throw wrong(what, "a string", v);
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(s)) {
          throw new UsageException(what + " must be one of " + allowed + ", got \"" + s + "\".");
        }
      }
      case "boolean" -> {
        if (!(v instanceof Boolean)) {
          throw wrong(what, "true or false", v);
        }
      }
      case "integer" -> {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          throw wrong(what, "an integer", v);
        }
        long i = n.longValue();
        if (schema.get("minimum") instanceof Number min && i < min.longValue()
            || schema.get("maximum") instanceof Number max && i > max.longValue()) {
          throw new UsageException(
              what
                  + " must be from "
                  + schema.get("minimum")
                  + " to "
                  + schema.get("maximum")
                  + ", got "
                  + v
                  + ".");
        }
      }
      case "array" -> {
        if (!(v instanceof List<?> list)) {
          throw wrong(what, "an array", v);
        }
        if (schema.get("minItems") instanceof Number min && list.size() < min.intValue()
            || schema.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
          throw new UsageException(
              what
                  + " must have "
                  + (schema.get("maxItems") == null
                      ? "at least " + schema.get("minItems")
                      : schema.get("minItems") + " to " + schema.get("maxItems"))
                  + " items, got "
                  + list.size()
                  + ".");
        }
        Map<?, ?> items = (Map<?, ?>) schema.get("items");
        for (int i = 0; i < list.size(); i++) {
          value(what + "[" + i + "]", items, list.get(i));
        }
      }
      case "object" -> {
        if (!(v instanceof Map<?, ?> m)) {
          throw wrong(what, "an object", v);
        }
        Object req = schema.get("required");
        for (Object required : req instanceof List<?> r ? r : List.of()) {
          if (m.get(required) == null) {
            throw new UsageException(what + " needs \"" + required + "\".");
          }
        }
      }
      default -> throw new IllegalStateException("schema type " + type);
    }
  }

  private static UsageException wrong(String what, String expected, Object got) {
    return new UsageException(
        what + " must be " + expected + ", got " + gptimage.json.Json.toJson(got) + ".");
  }
}
