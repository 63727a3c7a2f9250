package gptimage.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * Plain JSON trees, read by the project's {@link JsonReader} and written by Jackson's generator:
 * objects are {@code LinkedHashMap<String, Object>} (key order kept), arrays {@code List<Object>},
 * numbers {@code Long}, {@code BigInteger} or {@code BigDecimal}, plus {@code String}, {@code
 * Boolean} and {@code null}.
 */
public final class Json {
  /**
   * One factory for the program's generators; the program reads with {@link JsonReader} (creating
   * any Jackson parser initialises {@code BigDecimal}, ~15 ms of start-up). Jackson's 20
   * M-character string limit is lifted all the same, for a test that reads with it.
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

  /**
   * Parses one JSON value; trailing content other than white space is an error.
   *
   * @throws JsonFormatException where {@code text} is not one JSON value
   */
  public static Object parse(String text) {
    return parse(text, PLAIN);
  }

  /**
   * Parses one JSON value from UTF-8 bytes and closes {@code in}.
   *
   * @throws JsonFormatException where the bytes are not one JSON value
   * @throws UncheckedIOException where {@code in} fails
   */
  public static Object parse(InputStream in) {
    try (JsonReader r = JsonReader.of(in)) {
      return parseAll(r, PLAIN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object parseAll(JsonReader r, Leaves leaves) throws IOException {
    if (r.next() == null) {
      throw new JsonFormatException("the document is empty", r.line(), r.column(), true);
    }
    Object value = read(r, leaves);
    r.expectEnd();
    return value;
  }

  /**
   * Parses one JSON value as {@link #parse(String)} does, with {@code leaves} making the values of
   * strings and numbers (see {@link #DOUBLES}).
   */
  public static Object parse(String text, Leaves leaves) {
    try (JsonReader r = JsonReader.of(text)) {
      return parseAll(r, leaves);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String has no I/O to fail
    }
  }

  /** How a tree reader makes the values of strings and numbers; the plain one as in the class. */
  public interface Leaves {
    /**
     * The value of the reader's current {@link JsonReader.Token#STRING}.
     *
     * @param field the name of the field the string is the value of, or of the nearest field above
     *     the arrays it is in; null at the top or in arrays outside any object
     * @param direct whether the string is that field's own value, not an item of an array
     */
    Object string(JsonReader r, String field, boolean direct) throws IOException;

    /** The value of the reader's current {@link JsonReader.Token#NUMBER}. */
    default Object number(JsonReader r) {
      return r.number();
    }

    /** Sees each field name as it is read. */
    default void name(String name) throws IOException {}
  }

  private static final Leaves PLAIN = (r, field, direct) -> r.string();

  /**
   * Numbers with a fraction or an exponent as {@code Double} (not finite: an error), the rest as in
   * the class: for a few small numbers read at start-up (prices), without the ~15 ms that {@code
   * BigDecimal}'s first use costs.
   */
  public static final Leaves DOUBLES =
      new Leaves() {
        @Override
        public Object string(JsonReader r, String field, boolean direct) throws IOException {
          return r.string();
        }

        @Override
        public Object number(JsonReader r) {
          if (!r.fractional()) {
            return r.number();
          }
          double d = r.doubleValue();
          if (!Double.isFinite(d)) {
            r.number(); // an exponent beyond any BigDecimal: its own message
            throw r.problem("the number is too large for a double");
          }
          return d;
        }
      };

  /** Reads the value at the reader's current token, leaving the reader on its last token. */
  public static Object read(JsonReader r) throws IOException {
    return read(r, PLAIN);
  }

  /**
   * Reads the value at the reader's current token, leaving the reader on its last token, with
   * {@code leaves} making the values of strings and numbers. An explicit stack, not recursion: the
   * deepest document the reader takes ({@value JsonReader#MAX_DEPTH} levels) needs no deep thread
   * stack.
   */
  @SuppressWarnings("unchecked")
  public static Object read(JsonReader r, Leaves leaves) throws IOException {
    List<Object> open = new ArrayList<>(); // the objects and arrays being filled, outermost first
    List<String> fields = new ArrayList<>(); // per open one: its current key, or its field
    String field = null;
    boolean direct = false;
    JsonReader.Token t = r.current();
    while (true) {
      Object value;
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          open.add(t == JsonReader.Token.START_OBJECT ? new LinkedHashMap<>() : new ArrayList<>());
          fields.add(field);
          direct = false;
          t = r.next();
          continue;
        }
        case FIELD_NAME -> {
          field = r.name();
          leaves.name(field);
          fields.set(fields.size() - 1, field);
          direct = true;
          t = r.next();
          continue;
        }
        case END_OBJECT, END_ARRAY -> {
          value = open.remove(open.size() - 1);
          fields.remove(fields.size() - 1);
        }
        case STRING -> value = leaves.string(r, field, direct);
        case NUMBER -> value = leaves.number(r);
        case TRUE -> value = Boolean.TRUE;
        case FALSE -> value = Boolean.FALSE;
        case NULL -> value = null;
        default -> throw new IllegalStateException(String.valueOf(t));
      }
      if (open.isEmpty()) {
        return value;
      }
      Object container = open.get(open.size() - 1);
      field = fields.get(fields.size() - 1);
      if (container instanceof Map<?, ?> map) {
        ((Map<String, Object>) map).put(field, value);
      } else {
        ((List<Object>) container).add(value);
        direct = false;
      }
      t = r.next();
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

  /**
   * Thrown where text is not the JSON expected. The message names the problem and where it is:
   * {@code ... (line L, column C)}.
   */
  public static final class JsonFormatException extends RuntimeException {
    private final String problem;
    private final boolean cutOff;

    JsonFormatException(String problem, int line, long column, boolean cutOff) {
      super(problem + " (line " + line + ", column " + column + ")");
      this.problem = problem;
      this.cutOff = cutOff;
    }

    /** The problem without its place. */
    public String problem() {
      return problem;
    }

    /** Whether the input ended before the JSON did (a cut-off answer, not a wrong one). */
    public boolean cutOff() {
      return cutOff;
    }
  }
}
