package gptimage.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson's parser with its default limits (string length lifted, as the program had it), reading
 * the same trees {@link Json} reads: the oracle the tests compare {@link JsonReader} against.
 */
public final class JacksonOracle {
  private JacksonOracle() {}

  /** One JSON value and nothing after it, as {@code Json.parse} read it on Jackson. */
  public static Object parse(byte[] json) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      return parseAll(p);
    }
  }

  /** The same from a {@code String} (Jackson's character-based parser). */
  public static Object parse(String json) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      return parseAll(p);
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
}
