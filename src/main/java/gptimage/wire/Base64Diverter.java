package gptimage.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * Takes the base64 image values out of a JSON byte stream before a JSON parser sees them: the plain
 * part of each {@code "b64_json"}, {@code "image_base64"} or {@code "b64"} value is decoded in bulk
 * by {@link java.util.Base64} straight into an output of the {@link Sink}, and the parser reads
 * only what is left of the string. A parser decodes such a value a character at a time; this does
 * it a block at a time.
 *
 * <p>Only whole blocks of four plain base64 characters ({@code A-Z a-z 0-9 + /}, with {@code \/}
 * and the {@code \n}, {@code \r}, {@code \t} escapes between blocks) are decoded here: those are
 * read the same way by every decoder. From the first character of any other kind (padding, a {@code
 * \}{@code u} escape, a space, a character that is not base64) to the closing quote, the value is
 * handed to the parser unchanged, to be decoded by {@link gptimage.json.JsonReader#readBase64} (the
 * rules of Jackson's {@code readBinaryValue}) and appended to the same output; the parser so sees
 * each image value as a string, empty when all of it was decoded here. Nothing is guessed: where
 * this and that decoder could read a value differently, that decoder reads it. Outputs are not
 * closed here; their reader closes them after appending its part, in the order {@link Sink#next}
 * gave them.
 *
 * <p>Data URLs of images in any other string ({@code data:image/png;base64,...}, a whole value or a
 * Markdown link inside a chat answer's text, found by a {@link DataUrlScan} fed the string's
 * characters as a parser decodes them) are diverted the same way from after their comma to the
 * first character that is not plain base64; the parser gets the last incomplete block and the rest
 * of the string, which the lexer goes on reading for the next data URL.
 *
 * <p>A small lexer tracks strings and escapes (key names are decoded as a JSON parser decodes them,
 * so {@code "b64\u005fjson"} is the key {@code b64_json}), so a key name that appears inside some
 * other string is never taken for a key.
 */
final class Base64Diverter extends BulkInputStream {
  private static final int KEY_LIMIT = 24;
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (byte c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes()) {
      PLAIN[c] = true;
    }
  }

  /** Where each diverted value goes: a new output per value, in order. */
  interface Sink {
    OutputStream next() throws IOException;
  }

  private enum State {
    OUTSIDE,
    IN_STRING,
    IN_ESCAPE,
    IN_UNICODE,
    AFTER_KEY,
    AFTER_COLON,
    DIVERTING,
    PASSING
  }

  private final InputStream in;
  private final Sink sink;
  private final byte[] buf = new byte[1 << 16];
  private final ByteScan scan = new ByteScan(buf);
  private int pos;
  private int limit;
  private State state = State.OUTSIDE;

  // The string being lexed, as a parser decodes it (only as far as an image key's length).
  private final byte[] key = new byte[KEY_LIMIT];
  private int keyLength;
  private boolean notAnImageKey;
  private int hexLeft;
  private int hexValue;
  private boolean lastWasImageKey;
  private final DataUrlScan urls = new DataUrlScan();
  private boolean dataUrl; // the value diverted is the base64 of a data URL inside a string

  private byte[] pendingOut; // bytes owed to the reader: the undecoded part of a value
  private int pendingPos;
  private boolean passEscape;

  // Decoding state of the value being diverted; the buffers are made for the first image value.
  private byte[] chars; // 64 KiB, a multiple of 4
  private int charCount;
  private byte[] decoded;
  private OutputStream out;
  private boolean valueEscape;

  private final byte[][] fields;

  Base64Diverter(InputStream in, Sink sink) {
    this(in, sink, AnswerReader.IMAGE_FIELDS);
  }

  /** Diverts the values of the keys in {@code fields} (ASCII, at most 24 characters). */
  Base64Diverter(InputStream in, Sink sink, java.util.Set<String> fields) {
    this.in = in;
    this.sink = sink;
    this.fields =
        fields.stream()
            .map(f -> f.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
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
        if (dataUrl) {
          divertDataUrl();
        } else {
          divert();
        }
        continue;
      }
      byte c = buf[pos++];
      b[off + n++] = c;
      if (state == State.PASSING) {
        pass(c);
      } else {
        step(c);
      }
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
        if (state == State.AFTER_COLON && c == '"' && lastWasImageKey) {
          startDiverting();
          return;
        }
        lastWasImageKey = false;
        state = State.OUTSIDE;
        if (c == '"') {
          state = State.IN_STRING;
          keyLength = 0;
          notAnImageKey = false;
          urls.reset();
        }
      }
      case IN_STRING -> {
        if (c == '\\') {
          state = State.IN_ESCAPE;
        } else if (c == '"') {
          lastWasImageKey = !notAnImageKey && isImageKey();
          state = State.AFTER_KEY;
        } else {
          keyChar(c & 0xFF);
          stringChar(c >= 0 ? c : -1);
        }
      }
      case IN_ESCAPE -> {
        state = State.IN_STRING;
        switch (c) {
          case 'u' -> {
            state = State.IN_UNICODE;
            hexLeft = 4;
            hexValue = 0;
          }
          case '"', '\\', '/' -> {
            keyChar(c);
            stringChar(c);
          }
          default -> {
            notAnImageKey = true; // \b \f \n \r \t, or not JSON at all
            stringChar(-1);
          }
        }
      }
      case IN_UNICODE -> {
        int digit = Character.digit(c, 16);
        hexValue = hexValue * 16 + Math.max(digit, 0);
        if (digit < 0) {
          notAnImageKey = true;
        }
        if (--hexLeft == 0) {
          state = State.IN_STRING;
          keyChar(hexValue);
          stringChar(hexValue);
        }
      }
      default -> throw new IllegalStateException(state.toString());
    }
  }

  /** One decoded character of a string that may turn out to be a key. */
  private void keyChar(int c) {
    if (c >= 0x80 || keyLength == KEY_LIMIT) {
      notAnImageKey = true; // not ASCII (every image key is), or longer than any
    } else if (!notAnImageKey) {
      key[keyLength++] = (byte) c;
    }
  }

  /** One decoded character of a string: where it ends a data URL's head, its base64 follows. */
  private void stringChar(int c) throws IOException {
    if (urls.feed(c)) {
      startDiverting();
      dataUrl = true;
    }
  }

  private boolean isImageKey() {
    for (byte[] field : fields) {
      if (Arrays.equals(key, 0, keyLength, field, 0, field.length)) {
        return true;
      }
    }
    return false;
  }

  private void startDiverting() throws IOException {
    state = State.DIVERTING;
    lastWasImageKey = false;
    out = sink.next();
    if (chars == null) {
      chars = new byte[1 << 16];
      decoded = new byte[chars.length / 4 * 3];
    }
    charCount = 0;
    valueEscape = false;
    dataUrl = false;
  }

  /**
   * Consumes a data URL's base64 inside a string up to the first character that is not plain base64
   * ({@code \/} counts as {@code /}); from there the lexer reads the string on.
   */
  private void divertDataUrl() throws IOException {
    while (pos < limit && state == State.DIVERTING) {
      byte c = buf[pos];
      if (valueEscape) {
        valueEscape = false;
        if (c == '/') {
          pos++;
          dataChar(c);
        } else {
          endDataUrl(true);
        }
      } else if (PLAIN[c & 0xFF]) {
        pos++;
        dataChar(c);
      } else if (c == '\\') {
        pos++;
        valueEscape = true;
      } else {
        endDataUrl(false);
      }
    }
  }

  private void dataChar(byte c) throws IOException {
    chars[charCount++] = c;
    if (charCount == chars.length) {
      decodePlainBlocks();
    }
  }

  /** The parser gets the last incomplete block (the reader decodes it) and the rest as it is. */
  private void endDataUrl(boolean afterBackslash) throws IOException {
    decodePlainBlocks();
    handOver(afterBackslash);
    passEscape = false;
    state = afterBackslash ? State.IN_ESCAPE : State.IN_STRING;
  }

  /** Consumes base64 from the buffer up to the closing quote, decoding full blocks in bulk. */
  private void divert() throws IOException {
    while (pos < limit && state == State.DIVERTING) {
      if (valueEscape) {
        byte e = buf[pos];
        valueEscape = false;
        if (e == '/') {
          pos++;
          chars[charCount++] = '/';
          if (charCount == chars.length && !decodePlainBlocks()) {
            handOver(false);
          }
        } else if ((e == 'n' || e == 'r' || e == 't') && charCount % 4 == 0) {
          pos++; // a MIME line break between blocks, which every decoder skips
        } else {
          decodePlainBlocks();
          handOver(true); // the escape and what follows go to the parser
        }
        continue;
      }
      // The fast path: a run of characters, copied into the block buffer at once.
      int start = pos;
      int end = Math.min(limit, pos + (chars.length - charCount));
      pos = scan.indexOfEither(pos, end, (byte) '"', (byte) '\\');
      System.arraycopy(buf, start, chars, charCount, pos - start);
      charCount += pos - start;
      if (charCount == chars.length) {
        if (!decodePlainBlocks()) {
          handOver(false);
        }
      } else if (pos < end) {
        if (buf[pos] == '\\') {
          pos++;
          valueEscape = true;
        } else { // the closing quote: the parser reads any rest, then the quote
          decodePlainBlocks();
          handOver(false);
        }
      }
    }
  }

  /**
   * Decodes the leading whole blocks of plain base64 gathered so far, and keeps the rest: an
   * incomplete block, or everything from the first block with another character in it.
   *
   * @return false when such another character was found: the rest must go to the parser
   */
  private boolean decodePlainBlocks() throws IOException {
    int usable = charCount - charCount % 4;
    boolean plain = usable == 0 || chars[usable - 1] != '=';
    int n = 0;
    if (plain && usable > 0) {
      try {
        n =
            usable == chars.length
                ? Base64.getDecoder().decode(chars, decoded)
                : Base64.getDecoder().decode(Arrays.copyOf(chars, usable), decoded);
      } catch (IllegalArgumentException notPlain) {
        plain = false;
      }
    }
    if (!plain) {
      int first = 0;
      while (first < charCount && PLAIN[chars[first] & 0xFF]) {
        first++;
      }
      usable = first - first % 4;
      n = usable == 0 ? 0 : Base64.getDecoder().decode(Arrays.copyOf(chars, usable), decoded);
    }
    try {
      out.write(decoded, 0, n);
    } catch (RuntimeException | IOException e) {
      closeQuietly(); // a full disk: the file is given up at once, its descriptor too
      throw e;
    }
    System.arraycopy(chars, usable, chars, 0, charCount - usable);
    charCount -= usable;
    return plain;
  }

  /**
   * Gives the rest of the value to the parser: the characters gathered and not decoded, then (from
   * the buffer, unchanged) everything up to and with the closing quote.
   */
  private void handOver(boolean afterBackslash) {
    int owed = charCount + (afterBackslash ? 1 : 0);
    if (owed > 0) {
      pendingOut = Arrays.copyOf(chars, owed);
      if (afterBackslash) {
        pendingOut[owed - 1] = '\\';
      }
      pendingPos = 0;
    }
    charCount = 0;
    passEscape = afterBackslash;
    out = null; // the reader appends its part and closes it
    state = State.PASSING;
  }

  /** A byte of a value handed over, passed on as it is; the closing quote ends the value. */
  private void pass(byte c) {
    if (passEscape) {
      passEscape = false;
    } else if (c == '\\') {
      passEscape = true;
    } else if (c == '"') {
      state = State.OUTSIDE;
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
