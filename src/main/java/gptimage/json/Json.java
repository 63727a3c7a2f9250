package gptimage.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON trees on Jackson's streaming core: objects are {@code LinkedHashMap<String, Object>}
 * (key order kept), arrays {@code List<Object>}, numbers {@code Long}, {@code BigInteger} or {@code
 * BigDecimal}, plus {@code String}, {@code Boolean} and {@code null}.
 */
public final class Json {
  /**
   * One factory for the program. Jackson's default 20 M-character string limit is lifted: gateways
   * put whole 4K images in JSON strings, and that must never be what fails.
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxDocumentLength(-1)
                  .build())
          .build();

  private Json() {}

  /** Parses one JSON value; trailing content other than white space is an error. */
  public static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      return parseAll(p);
    } catch (IOException e) {
      throw new JsonFormatException(e);
    }
  }

  public static Object parse(InputStream in) {
    try (JsonParser p = FACTORY.createParser(in)) {
      return parseAll(p);
    } catch (IOException e) {
      throw new JsonFormatException(e);
    }
  }

  private static Object parseAll(JsonParser p) throws IOException {
    if (p.nextToken() == null) {
      throw new IOException("empty document");
    }
    Object value = read(p);
    if (p.nextToken() != null) {
      throw new IOException("unexpected content after the JSON value");
    }
    return value;
  }

  /** Reads the value at the parser's current token, leaving the parser on its last token. */
  public static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, read(p));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        return list;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else {
      g.writeString(value.toString());
    }
  }

  /** Compact JSON text. */
  public static String toJson(Object value) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** JSON pretty-printed with two spaces, objects and arrays one entry a line, newline-ended. */
  public static String toPrettyJson(Object value) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = pretty(FACTORY.createGenerator(w))) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }

  public static JsonGenerator pretty(JsonGenerator g) {
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(indent)
            .withArrayIndenter(indent)
            .withSeparators(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(
                        com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    g.setPrettyPrinter(printer);
    return g;
  }

  public static JsonGenerator generator(OutputStream out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  public static JsonGenerator generator(Writer out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  /** Follows keys and array indexes; null where any step is missing or of another kind. */
  public static Object at(Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      if (step instanceof String key && node instanceof Map<?, ?> map) {
        node = map.get(key);
      } else if (step instanceof Integer i && node instanceof List<?> list && i < list.size()) {
        node = list.get(i);
      } else {
        return null;
      }
    }
    return node;
  }

  /** Thrown where text is not the JSON expected; the message is Jackson's, location included. */
  public static final class JsonFormatException extends RuntimeException {
    JsonFormatException(IOException cause) {
      super(describe(cause), cause);
    }

    private static String describe(IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
        var at = j.getLocation();
        return j.getOriginalMessage()
            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
      }
      return e.getMessage();
    }
  }
}
