package gptimage.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Takes the base64 image values out of a JSON byte stream before a JSON parser sees them: the value
 * of each {@code "b64_json"}, {@code "image_base64"} or {@code "b64"} key is decoded in bulk by
 * {@link java.util.Base64} straight into a file, and the parser reads the short string {@code
 * "@spooled:N"} in its place. A parser decodes such a value a character at a time; this does it a
 * block at a time. JSON escapes inside the value ({@code \/}, and {@code \n}, {@code \r}, {@code
 * \t} between MIME lines) are honoured. A small lexer tracks strings and escapes, so a key name
 * that appears inside some other string is never taken for a key.
 */
final class Base64Diverter extends BulkInputStream {
  static final String PLACEHOLDER = "@spooled:";
  private static final Set<String> FIELDS = Set.of("b64_json", "image_base64", "b64");
  private static final int KEY_LIMIT = 16;

  /** Where each diverted value goes: a new output per value, in order. */
  interface Sink {
    OutputStream next() throws IOException;
  }

  private enum State {
    OUTSIDE,
    IN_STRING,
    IN_ESCAPE,
    AFTER_KEY,
    AFTER_COLON,
    DIVERTING
  }

  private final InputStream in;
  private final Sink sink;
  private final byte[] buf = new byte[1 << 16];
  private final ByteScan scan = new ByteScan(buf);
  private int pos;
  private int limit;
  private State state = State.OUTSIDE;
  private final byte[] key = new byte[KEY_LIMIT];
  private int keyLength;
  private boolean keyTooLong;
  private String lastString;
  private byte[] pendingOut; // bytes owed to the reader: a placeholder and its closing quote
  private int pendingPos;
  private int diverted;

  // Decoding state of the value being diverted.
  private final byte[] chars = new byte[1 << 16]; // a multiple of 4
  private int charCount;
  private final byte[] decoded = new byte[(1 << 16) / 4 * 3];
  private OutputStream out;
  private boolean valueEscape;

  /**
   * @param firstIndex the number in the first placeholder, so that placeholders stay unique across
   *     several streams read for one answer (the events of an SSE stream)
   */
  Base64Diverter(InputStream in, Sink sink, int firstIndex) {
    this.in = in;
    this.sink = sink;
    this.diverted = firstIndex;
  }

  /** How many values have been diverted so far. */
  int diverted() {
    return diverted;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (pendingOut != null) {
        int k = Math.min(len - n, pendingOut.length - pendingPos);
        System.arraycopy(pendingOut, pendingPos, b, off + n, k);
        n += k;
        pendingPos += k;
        if (pendingPos == pendingOut.length) {
          pendingOut = null;
        }
        continue;
      }
      if (pos == limit) {
        if (n > 0 && state != State.DIVERTING) {
          return n; // hand over what we have before blocking for more
        }
        int got = in.read(buf, 0, buf.length);
        if (got < 0) {
          if (state == State.DIVERTING) {
            throw new java.io.EOFException("the answer ended inside a base64 image");
          }
          return n == 0 ? -1 : n;
        }
        pos = 0;
        limit = got;
        continue;
      }
      if (state == State.DIVERTING) {
        divert();
        continue;
      }
      byte c = buf[pos++];
      b[off + n++] = c;
      step(c);
    }
    return n;
  }

  /** The lexer, outside diverted values. */
  private void step(byte c) throws IOException {
    switch (state) {
      case OUTSIDE, AFTER_KEY, AFTER_COLON -> {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          return;
        }
        if (state == State.AFTER_KEY && c == ':') {
          state = State.AFTER_COLON;
          return;
        }
        if (state == State.AFTER_COLON && c == '"' && FIELDS.contains(lastString)) {
          startDiverting();
          return;
        }
        lastString = null;
        state = State.OUTSIDE;
        if (c == '"') {
          state = State.IN_STRING;
          keyLength = 0;
          keyTooLong = false;
        }
      }
      case IN_STRING -> {
        if (c == '\\') {
          state = State.IN_ESCAPE;
          keyTooLong = true; // an escaped key is never one of ours
        } else if (c == '"') {
          lastString = keyTooLong ? null : new String(key, 0, keyLength, StandardCharsets.US_ASCII);
          state = State.AFTER_KEY;
        } else if (keyLength < KEY_LIMIT) {
          key[keyLength++] = c;
        } else {
          keyTooLong = true;
        }
      }
      case IN_ESCAPE -> state = State.IN_STRING;
      default -> throw new IllegalStateException(state.toString());
    }
  }

  private void startDiverting() throws IOException {
    state = State.DIVERTING;
    out = sink.next();
    charCount = 0;
    valueEscape = false;
    pendingOut =
        (PLACEHOLDER + diverted++).getBytes(StandardCharsets.US_ASCII); // then, later, the quote
    pendingPos = 0;
  }

  /** Consumes base64 from the buffer up to the closing quote, decoding full blocks in bulk. */
  private void divert() throws IOException {
    while (pos < limit) {
      if (valueEscape) {
        byte e = buf[pos++];
        valueEscape = false;
        if (e == '/') {
          add((byte) '/');
        } else if (e != 'n' && e != 'r' && e != 't') {
          throw bad("an escape \\" + (char) e + " inside the base64");
        }
        continue;
      }
      // The fast path: a run of plain base64 characters, copied into the block buffer at once.
      int start = pos;
      int end = Math.min(limit, pos + (chars.length - charCount));
      pos = scan.indexOfEither(pos, end, (byte) '"', (byte) '\\');
      System.arraycopy(buf, start, chars, charCount, pos - start);
      charCount += pos - start;
      if (charCount == chars.length) {
        flushBlocks(false);
      }
      if (pos < end) {
        byte c = buf[pos++];
        if (c == '\\') {
          valueEscape = true;
        } else { // the closing quote
          flushBlocks(true);
          out.close();
          out = null;
          state = State.OUTSIDE;
          lastString = null;
          byte[] owed = pendingOut;
          // The placeholder may still be owed; the closing quote follows it.
          if (owed == null) {
            pendingOut = new byte[] {'"'};
          } else {
            byte[] both = new byte[owed.length - pendingPos + 1];
            System.arraycopy(owed, pendingPos, both, 0, owed.length - pendingPos);
            both[both.length - 1] = '"';
            pendingOut = both;
          }
          pendingPos = 0;
          return;
        }
      }
    }
  }

  private void add(byte c) throws IOException {
    chars[charCount++] = c;
    if (charCount == chars.length) {
      flushBlocks(false);
    }
  }

  /** Decodes the whole 4-character blocks gathered (all of them, padding included, at the end). */
  private void flushBlocks(boolean last) throws IOException {
    int usable = last ? charCount : charCount - charCount % 4;
    if (usable == 0) {
      return;
    }
    int n;
    try {
      if (usable == chars.length) {
        n = Base64.getDecoder().decode(chars, decoded);
      } else {
        n = Base64.getDecoder().decode(java.util.Arrays.copyOf(chars, usable), decoded);
      }
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    try {
      out.write(decoded, 0, n);
    } catch (RuntimeException | IOException e) {
      closeQuietly(); // a full disk: the file is given up at once, its descriptor too
      throw e;
    }
    System.arraycopy(chars, usable, chars, 0, charCount - usable);
    charCount -= usable;
  }

  private static IOException bad(String why) {
    return new Base64Exception(why);
  }

  /** The value is not base64. */
  static final class Base64Exception extends IOException {
    Base64Exception(String message) {
      super(message);
    }
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (RuntimeException | IOException ignored) {
        // the write already failed; that is the error to report
      }
      out = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeQuietly();
    in.close();
  }
}
