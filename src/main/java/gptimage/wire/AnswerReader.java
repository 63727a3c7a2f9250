package gptimage.wire;

import gptimage.json.Json;
import gptimage.json.JsonReader;
import gptimage.output.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an answer's JSON into a plain tree, except that base64 image fields ({@code b64_json},
 * {@code image_base64}, {@code b64}) are decoded as they arrive straight into temporary files of
 * the store, so no image is ever held whole in memory. Their place in the tree holds a {@link
 * Spooled}. The bulk of each value is decoded by the {@link Base64Diverter}; what it leaves in the
 * string (padding, odd escapes, anything it would have to guess at) is decoded by {@link
 * JsonReader#readBase64} (Jackson's {@code readBinaryValue} rules) as it is read and appended, so
 * the result is always what that decoder alone would write; an image value the diverter does not
 * see (an item of an array) is decoded that way whole, still never held as a string. Data URLs of
 * images in other strings are decoded to files the same way: a string that is one becomes a {@link
 * Spooled}, one with some inside (Markdown links in chat text) a {@link SpooledText}.
 */
public final class AnswerReader {
  /** The keys whose values are base64 images in the image and chat APIs' answers. */
  public static final Set<String> IMAGE_FIELDS = Set.of("b64_json", "image_base64", "b64");

  /**
   * The keys of base64 images in the Responses API's answers: an {@code image_generation_call}'s
   * {@code result} and a streamed {@code partial_image_b64}, besides {@link #IMAGE_FIELDS}.
   */
  public static final Set<String> RESPONSES_FIELDS =
      Set.of("b64_json", "image_base64", "b64", "result", "partial_image_b64");

  /** An image decoded to a temporary file while reading. */
  public record Spooled(Path file, long bytes) {}

  /**
   * A string with data URLs of images in it (Markdown links in a chat answer's text, say): the text
   * with the base64 of each taken out ({@code ![image](data:image/png;base64,)}), and those images,
   * in order. A string that is one data URL and nothing else is read as a {@link Spooled} instead.
   *
   * @param tail where the last data URL runs to the end of the text (a stream may go on with it in
   *     its next delta): the base64 characters after its last whole block of four, decoded into its
   *     file with the rest; else null
   */
  public record SpooledText(String text, List<Spooled> images, String tail) {}

  private final ImageStore store;
  private final List<Path> spooled = new ArrayList<>();

  /** The spooled files of the document being read (the diverter may be filling the next's). */
  private final List<Path> documentFiles = new ArrayList<>();

  /** A file the {@link Base64Diverter} is filling, or has filled, and its still open output. */
  private record Diverted(Path file, OutputStream out) {}

  /** Values diverted and not yet met by the parser, in the order of the answer. */
  private final ArrayDeque<Diverted> diverted = new ArrayDeque<>();

  private final Set<String> base64Fields;

  public AnswerReader(ImageStore store) {
    this(store, IMAGE_FIELDS);
  }

  /** A reader that decodes the values of {@code base64Fields} to files. */
  public AnswerReader(ImageStore store, Set<String> base64Fields) {
    this.store = store;
    this.base64Fields = base64Fields;
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
    try (JsonReader r = JsonReader.of(divert(in))) {
      if (r.next() == null) {
        throw new NetworkException("The " + what + " was empty.", true, null);
      }
      return Json.read(r, leaves);
    } catch (Json.JsonFormatException e) {
      if (e.cutOff()) {
        throw new NetworkException(
            "The " + what + " was cut off before its end (" + e.getMessage() + ").", true, e);
      }
      throw new NetworkException("The " + what + " is not valid JSON: " + e.getMessage(), false, e);
    } catch (java.io.EOFException e) {
      throw new NetworkException(
          "The " + what + " was cut off before its end (" + e.getMessage() + ").", true, e);
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
        },
        base64Fields);
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
    try (JsonReader r = JsonReader.of(divert(in))) {
      while (r.next() != null) {
        documentFiles.clear();
        Object tree = Json.read(r, leaves);
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
    } catch (Json.JsonFormatException e) {
      if (e.cutOff()) {
        throw new NetworkException("The file was cut off (" + e.getMessage() + ").", true, e);
      }
      throw new NetworkException("The file is not JSON Lines: " + e.getMessage(), false, e);
    } catch (java.io.EOFException e) {
      throw new NetworkException("The file was cut off (" + e.getMessage() + ").", true, e);
    } catch (IOException e) {
      throw new NetworkException("The file could not be read: " + e.getMessage(), true, e);
    } finally {
      closeDiverted();
    }
  }

  /** Strings in the tree: image fields to files, data URLs in others taken apart. */
  private final Json.Leaves leaves =
      new Json.Leaves() {
        @Override
        public Object string(JsonReader r, String field, boolean direct) throws IOException {
          if (field != null && base64Fields.contains(field)) {
            return image(r, field, direct);
          }
          return text(r.string());
        }

        @Override
        public void name(String name) throws IOException {
          dropDataUrls(name); // a key is no place for an image: its files are removed with the rest
        }
      };

  /**
   * Decodes an image field's string into the file the diverter began, or a new one.
   *
   * @param direct whether the value is the one of {@code field} itself, not an item of an array
   *     under it: only those are diverted
   */
  private Spooled image(JsonReader r, String field, boolean direct) throws IOException {
    Diverted d = direct ? diverted.poll() : null;
    Path file = d != null ? d.file() : store.newTemp();
    if (d == null) {
      spooled.add(file);
    }
    try (OutputStream out = d != null ? d.out() : store.open(file)) {
      r.readBase64(out); // the rest the diverter left, or all of the value
    } catch (Json.JsonFormatException e) {
      if (e.cutOff()) {
        throw e;
      }
      throw new NetworkException(
          "The answer's " + field + " is not valid base64: " + e.getMessage(), false, e);
    } catch (IllegalArgumentException e) {
      throw new NetworkException(
          "The answer's " + field + " is not valid base64: " + e.getMessage(), false, e);
    }
    documentFiles.add(file);
    return new Spooled(file, java.nio.file.Files.size(file));
  }

  /**
   * A string as the parser read it: the bulk of the base64 of each data URL in it was diverted to a
   * file; what is left of it here (an incomplete block, padding, characters after an escape the
   * diverter left to the parser) is decoded and appended to that file.
   */
  private Object text(String s) throws IOException {
    DataUrlScan urls = new DataUrlScan();
    List<Spooled> images = null;
    StringBuilder kept = null;
    int runStart = -1;
    int headStart = 0;
    String tail = null;
    for (int i = 0; i <= s.length(); i++) {
      boolean head = i < s.length() && urls.feed(s.charAt(i));
      if (runStart >= 0 && (i == s.length() || !urls.inData())) {
        String rest = s.substring(runStart, i);
        images.add(finish(rest));
        tail = i == s.length() ? rest : null;
        runStart = -1;
      }
      if (kept != null && runStart < 0 && i < s.length()) {
        kept.append(s.charAt(i));
      }
      if (head) {
        if (images == null) {
          images = new ArrayList<>();
          kept = new StringBuilder().append(s, 0, i + 1);
          headStart = i + 1 - urls.headLength();
        }
        runStart = i + 1;
      }
    }
    if (images == null) {
      return s;
    }
    if (images.size() == 1 && headStart == 0 && kept.length() == urls.headLength()) {
      return images.get(0);
    }
    return new SpooledText(kept.toString(), List.copyOf(images), tail);
  }

  /** Appends the rest of a data URL's base64 to the file the diverter filled, or to a new one. */
  private Spooled finish(String rest) throws IOException {
    Diverted d = diverted.poll();
    Path file = d != null ? d.file() : store.newTemp();
    if (d == null) {
      spooled.add(file);
    }
    try (OutputStream out = d != null ? d.out() : store.open(file)) {
      JsonReader.decodeBase64(rest, out);
    } catch (IllegalArgumentException e) {
      throw new NetworkException(
          "The answer's data URL is not valid base64: " + e.getMessage(), false, e);
    }
    documentFiles.add(file);
    return new Spooled(file, java.nio.file.Files.size(file));
  }

  /** Reads the data URLs of a key, for the files the diverter made of them, and drops them. */
  private void dropDataUrls(String name) throws IOException {
    DataUrlScan urls = new DataUrlScan();
    int runStart = -1;
    for (int i = 0; i <= name.length(); i++) {
      boolean head = i < name.length() && urls.feed(name.charAt(i));
      if (runStart >= 0 && (i == name.length() || !urls.inData())) {
        finish(name.substring(runStart, i));
        runStart = -1;
      }
      if (head) {
        runStart = i + 1;
      }
    }
  }
}
