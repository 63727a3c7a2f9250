package gptimage.wire;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import gptimage.json.Json;
import gptimage.output.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an answer's JSON into a plain tree, except that base64 image fields ({@code b64_json},
 * {@code image_base64}, {@code b64}) are decoded as they arrive straight into temporary files of
 * the store, so no image is ever held whole in memory. Their place in the tree holds a {@link
 * Spooled}. The bulk of each value is decoded by the {@link Base64Diverter}; what it leaves in the
 * string (padding, odd escapes, anything it would have to guess at) is read by Jackson's {@code
 * readBinaryValue} and appended, so the result is always what Jackson alone would read.
 */
public final class AnswerReader {
  private static final Set<String> BASE64_FIELDS = Set.of("b64_json", "image_base64", "b64");

  /** How Jackson reads base64: MIME alphabet, padding allowed but not required. */
  static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

  /** An image decoded to a temporary file while reading. */
  public record Spooled(Path file, long bytes) {}

  private final ImageStore store;
  private final List<Path> spooled = new ArrayList<>();

  /** The spooled files of the document being read (the diverter may be filling the next's). */
  private final List<Path> documentFiles = new ArrayList<>();

  /** A file the {@link Base64Diverter} is filling, or has filled, and its still open output. */
  private record Diverted(Path file, OutputStream out) {}

  /** Values diverted and not yet met by the parser, in the order of the answer. */
  private final ArrayDeque<Diverted> diverted = new ArrayDeque<>();

  public AnswerReader(ImageStore store) {
    this.store = store;
  }

  /** Every temporary file made so far, in the order made. */
  public List<Path> spooled() {
    return spooled;
  }

  /**
   * Reads one JSON document from {@code in}.
   *
   * @throws NetworkException for a cut answer (retryable) or one that is not JSON
   */
  public Object read(InputStream in, String what) {
    closeDiverted();
    try (JsonParser p = Json.FACTORY.createParser(divert(in))) {
      if (p.nextToken() == null) {
        throw new NetworkException("The " + what + " was empty.", true, null);
      }
      return value(p, null, false);
    } catch (JsonEOFException | java.io.EOFException e) {
      throw new NetworkException(
          "The " + what + " was cut off before its end (" + e.getMessage() + ").", true, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new NetworkException(
          "The " + what + " is not valid JSON: " + e.getOriginalMessage(), false, e);
    } catch (IOException e) {
      throw new NetworkException("The " + what + " could not be read: " + e.getMessage(), true, e);
    } finally {
      closeDiverted();
    }
  }

  /** Base64 image values go straight to temp files; the parser sees what is left of them. */
  private InputStream divert(InputStream in) {
    return new Base64Diverter(
        in,
        () -> {
          Path temp = store.newTemp();
          spooled.add(temp);
          OutputStream out = store.open(temp);
          diverted.add(new Diverted(temp, out));
          return out;
        });
  }

  /** Closes the outputs of values diverted but never met (the answer failed on the way). */
  private void closeDiverted() {
    for (Diverted d; (d = diverted.poll()) != null; ) {
      try {
        d.out().close();
      } catch (RuntimeException | IOException ignored) {
        // the answer already failed; that is the error to report
      }
    }
  }

  /**
   * Reads every JSON document of a stream of them (JSON Lines), one at a time: for a Batch API
   * output file, where each line holds a whole answer with its images. After {@code each} has seen
   * a document, its image files that were not saved are removed.
   */
  public void readEach(InputStream in, java.util.function.Consumer<Object> each) {
    try (JsonParser p = Json.FACTORY.createParser(divert(in))) {
      while (p.nextToken() != null) {
        documentFiles.clear();
        Object tree = value(p, null, false);
        List<Path> mine = List.copyOf(documentFiles);
        try {
          each.accept(tree);
        } finally {
          for (Path file : mine) {
            store.discard(file); // saved ones were moved away: this removes only the rest
          }
          spooled.removeAll(mine);
        }
      }
    } catch (JsonEOFException | java.io.EOFException e) {
      throw new NetworkException("The file was cut off (" + e.getMessage() + ").", true, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new NetworkException("The file is not JSON Lines: " + e.getOriginalMessage(), false, e);
    } catch (IOException e) {
      throw new NetworkException("The file could not be read: " + e.getMessage(), true, e);
    } finally {
      closeDiverted();
    }
  }

  /**
   * @param direct whether the value is the one of {@code field} itself, not an item of an array
   *     under it: only those are diverted
   */
  private Object value(JsonParser p, String field, boolean direct) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING && field != null && BASE64_FIELDS.contains(field)) {
      Diverted d = direct ? diverted.poll() : null;
      Path file = d != null ? d.file() : store.newTemp();
      if (d == null) {
        spooled.add(file);
      }
      try (OutputStream out = d != null ? d.out() : store.open(file)) {
        p.readBinaryValue(BASE64, out); // the rest the diverter left, or all of the value
      } catch (com.fasterxml.jackson.core.JsonParseException e) {
        if (e instanceof JsonEOFException) {
          throw e;
        }
        throw new NetworkException(
            "The answer's " + field + " is not valid base64: " + e.getOriginalMessage(), false, e);
      } catch (IllegalArgumentException e) { // Jackson's word for a bad base64 character
        throw new NetworkException(
            "The answer's " + field + " is not valid base64: " + e.getMessage(), false, e);
      }
      documentFiles.add(file);
      return new Spooled(file, java.nio.file.Files.size(file));
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        map.put(name, value(p, name, true));
      }
      return map;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(value(p, field, false));
      }
      return list;
    }
    return Json.read(p);
  }
}
