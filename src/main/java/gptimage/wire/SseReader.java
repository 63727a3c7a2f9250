package gptimage.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} as it arrives, one event at a time, without holding a whole
 * event: an event's data is handed over as a stream (its {@code data:} lines joined with newlines),
 * so a 30 MB base64 image flows straight through. Lines may end in LF, CRLF or CR, as the WHATWG
 * rules allow; comments and the {@code id}/{@code retry} fields are skipped.
 */
public final class SseReader implements AutoCloseable {
  /** One event; {@code data} must be read (or left) before asking for the next. */
  public record Event(String name, InputStream data) {}

  private static final int FIELD_LIMIT = 4096;
  private final InputStream in;
  // Our own buffer: data lines are copied out in runs up to the next line end, not byte by byte.
  private final byte[] buffer = new byte[1 << 16];
  private final ByteScan scan = new ByteScan(buffer);
  private int pos;
  private int limit;
  private EventData current;

  public SseReader(InputStream in) {
    this.in = in;
  }

  /** Makes at least one byte available; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private int read() throws IOException {
    return fill() ? buffer[pos++] & 0xFF : -1;
  }

  private int peek() throws IOException {
    return fill() ? buffer[pos] & 0xFF : -1;
  }

  /** The next event with data, or null at the end of the stream. */
  public Event next() throws IOException {
    if (current != null) {
      current.skipRest();
      current = null;
    }
    String name = null;
    while (true) {
      int first = peek();
      if (first < 0) {
        return null;
      }
      if (first == '\n' || first == '\r') {
        pos++;
        eatLf(first);
        name = null; // a blank line with no data dispatches nothing
        continue;
      }
      String field = readField();
      if (field.equals("data")) {
        current = new EventData();
        return new Event(name == null || name.isEmpty() ? "message" : name, current);
      }
      String value = readValue();
      if (field.equals("event")) {
        name = value;
      }
    }
  }

  /** After a CR, a following LF belongs to the same line end. */
  private void eatLf(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      pos++;
    }
  }

  /** Reads up to and past the ':' (and one space after it), or to the end of the line. */
  private String readField() throws IOException {
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    while (true) {
      int c = peek();
      if (c < 0 || c == '\n' || c == '\r') {
        return name.toString(StandardCharsets.UTF_8);
      }
      pos++;
      if (c == ':') {
        if (peek() == ' ') {
          pos++;
        }
        return name.toString(StandardCharsets.UTF_8);
      }
      if (name.size() < FIELD_LIMIT) {
        name.write(c);
      }
    }
  }

  private String readValue() throws IOException {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    while (true) {
      int c = read();
      if (c < 0) {
        break;
      }
      if (c == '\n' || c == '\r') {
        eatLf(c);
        break;
      }
      if (value.size() < FIELD_LIMIT) {
        value.write(c);
      }
    }
    return value.toString(StandardCharsets.UTF_8);
  }

  /** The data of one event: its data lines, joined by newlines, ending at the blank line. */
  private final class EventData extends BulkInputStream {
    private boolean ended;
    private boolean pendingNewline;

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (ended || len == 0) {
        return ended ? -1 : 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingNewline) {
          // The line ended: another data line continues the event, a blank line ends it.
          int c = peek();
          if (c < 0 || c == '\n' || c == '\r') {
            if (c >= 0) {
              pos++;
              eatLf(c);
            }
            ended = true;
            break;
          }
          String field = readField();
          if (!field.equals("data")) {
            readValue();
            continue;
          }
          pendingNewline = false;
          buf[off + n++] = '\n';
          continue;
        }
        if (!fill()) {
          ended = true;
          break;
        }
        // Copy the run up to the next line end (or what the caller has room for) at once.
        int end = Math.min(limit, pos + (len - n));
        int i = scan.indexOfEither(pos, end, (byte) '\n', (byte) '\r');
        System.arraycopy(buffer, pos, buf, off + n, i - pos);
        n += i - pos;
        pos = i;
        if (i < end) {
          int c = buffer[pos++];
          eatLf(c);
          pendingNewline = true;
        } else if (n > 0 && pos == limit) {
          break; // hand over what we have rather than wait for more to arrive
        }
      }
      return n == 0 && ended ? -1 : n;
    }

    void skipRest() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // drain
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
