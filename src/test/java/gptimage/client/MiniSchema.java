package gptimage.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema check of the subset OpenAI's OpenAPI description uses for request bodies:
 * {@code $ref}, {@code allOf}, {@code anyOf}, {@code oneOf} (read as anyOf: the description's
 * branches overlap, e.g. two message shapes), {@code not}, {@code type} (also {@code "null"}),
 * {@code enum}, {@code const}, {@code properties}, {@code required}, {@code additionalProperties:
 * false} or a schema, {@code items}, {@code minimum}, {@code maximum}, {@code minItems}, {@code
 * maxItems}, {@code maxLength}. Returns what failed, by JSON path; empty when the value is valid.
 */
final class MiniSchema {
  private final Map<?, ?> root;

  MiniSchema(Map<?, ?> openapi) {
    this.root = openapi;
  }

  /** The schema {@code components.schemas.NAME}. */
  Map<?, ?> named(String name) {
    Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) root.get("components")).get("schemas");
    return (Map<?, ?>) schemas.get(name);
  }

  List<String> validate(Object value, Map<?, ?> schema) {
    List<String> errors = new ArrayList<>();
    check(value, schema, "$", errors);
    return errors;
  }

  private Map<?, ?> resolve(Map<?, ?> schema) {
    while (schema.get("$ref") instanceof String ref) {
      schema = named(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return schema;
  }

  private void check(Object v, Map<?, ?> schemaIn, String at, List<String> errors) {
    Map<?, ?> s = resolve(schemaIn);
    if (s.get("allOf") instanceof List<?> all) {
      for (Object sub : all) {
        check(v, (Map<?, ?>) sub, at, errors);
      }
    }
    for (String key : List.of("anyOf", "oneOf")) {
      if (s.get(key) instanceof List<?> any) {
        List<String> why = new ArrayList<>();
        boolean ok = false;
        for (Object sub : any) {
          List<String> e = new ArrayList<>();
          check(v, (Map<?, ?>) sub, at, e);
          if (e.isEmpty()) {
            ok = true;
            break;
          }
          why.add(e.get(0));
        }
        if (!ok) {
          errors.add(at + ": matches none of " + key + " " + why);
        }
      }
    }
    if (s.get("not") instanceof Map<?, ?> not && validate(v, not).isEmpty()) {
      errors.add(at + ": matches a schema it must not");
    }
    if (s.get("type") != null && !typeMatches(v, s.get("type"))) {
      errors.add(at + ": " + describe(v) + " is not of type " + s.get("type"));
      return;
    }
    if (s.get("enum") instanceof List<?> values && !values.contains(normal(v))) {
      errors.add(at + ": " + v + " is not one of " + values);
    }
    if (s.containsKey("const") && !s.get("const").equals(normal(v))) {
      errors.add(at + ": " + v + " is not " + s.get("const"));
    }
    if (v instanceof Number n) {
      if (s.get("minimum") instanceof Number min && n.doubleValue() < min.doubleValue()) {
        errors.add(at + ": " + n + " is below " + min);
      }
      if (s.get("maximum") instanceof Number max && n.doubleValue() > max.doubleValue()) {
        errors.add(at + ": " + n + " is above " + max);
      }
    }
    if (v instanceof String str
        && s.get("maxLength") instanceof Number max
        && str.length() > max.longValue()) {
      errors.add(at + ": longer than " + max);
    }
    if (v instanceof List<?> list) {
      if (s.get("minItems") instanceof Number min && list.size() < min.intValue()) {
        errors.add(at + ": fewer than " + min + " items");
      }
      if (s.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
        errors.add(at + ": more than " + max + " items");
      }
      if (s.get("items") instanceof Map<?, ?> items) {
        for (int i = 0; i < list.size(); i++) {
          check(list.get(i), items, at + "[" + i + "]", errors);
        }
      }
    }
    if (v instanceof Map<?, ?> map) {
      Map<?, ?> props = s.get("properties") instanceof Map<?, ?> p ? p : Map.of();
      if (s.get("required") instanceof List<?> required) {
        for (Object r : required) {
          if (!map.containsKey(r)) {
            errors.add(at + ": missing required " + r);
          }
        }
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object sub = props.get(e.getKey());
        String where = at + "." + e.getKey();
        if (sub instanceof Map<?, ?> subSchema) {
          check(e.getValue(), subSchema, where, errors);
        } else if (Boolean.FALSE.equals(s.get("additionalProperties"))) {
          errors.add(where + ": not a property the schema allows");
        } else if (s.get("additionalProperties") instanceof Map<?, ?> extra) {
          check(e.getValue(), extra, where, errors);
        }
      }
    }
  }

  private static Object normal(Object v) {
    return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        ? (Object) n.intValue()
        : v;
  }

  private static boolean typeMatches(Object v, Object type) {
    if (type instanceof List<?> types) {
      return types.stream().anyMatch(t -> typeMatches(v, t));
    }
    return switch (String.valueOf(type)) {
      case "string" -> v instanceof String;
      case "integer" -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
      case "number" -> v instanceof Number;
      case "boolean" -> v instanceof Boolean;
      case "object" -> v instanceof Map;
      case "array" -> v instanceof List;
      case "null" -> v == null;
      default -> true;
    };
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }
}
