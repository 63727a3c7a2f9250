package gptimage.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
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
  private final PushbackInputStream in;
  private EventData current;

  public SseReader(InputStream in) {
    this.in = new PushbackInputStream(new java.io.BufferedInputStream(in, 1 << 16), 2);
  }

  /** The next event with data, or null at the end of the stream. */
  public Event next() throws IOException {
    if (current != null) {
      current.skipRest();
      current = null;
    }
    String name = null;
    while (true) {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      if (first == '\n' || first == '\r') {
        eatLf(first);
        name = null; // a blank line with no data dispatches nothing
        continue;
      }
      in.unread(first);
      String field = readField();
      if (field.equals("data")) {
        current = new EventData();
        return new Event(name == null ? "message" : name, current);
      }
      String value = readValue();
      if (field.equals("event")) {
        name = value;
      }
    }
  }

  private void eatLf(int c) throws IOException {
    if (c == '\r') {
      int next = in.read();
      if (next != '\n' && next >= 0) {
        in.unread(next);
      }
    }
  }

  /** Reads up to and past the ':' (and one space after it), or to the end of the line. */
  private String readField() throws IOException {
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0 || c == '\n' || c == '\r') {
        if (c >= 0) {
          in.unread(c);
        }
        return name.toString(StandardCharsets.UTF_8);
      }
      if (c == ':') {
        int space = in.read();
        if (space != ' ' && space >= 0) {
          in.unread(space);
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
      int c = in.read();
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
  private final class EventData extends InputStream {
    private boolean ended;
    private boolean pendingNewline;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (ended || len == 0) {
        return ended ? -1 : 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingNewline) {
          // The line ended: another data line continues the event, a blank line ends it.
          int c = in.read();
          if (c < 0 || c == '\n' || c == '\r') {
            if (c >= 0) {
              eatLf(c);
            }
            ended = true;
            break;
          }
          in.unread(c);
          String field = readField();
          if (!field.equals("data")) {
            readValue();
            continue;
          }
          pendingNewline = false;
          buf[off + n++] = '\n';
          continue;
        }
        int c = in.read();
        if (c < 0) {
          ended = true;
          break;
        }
        if (c == '\n' || c == '\r') {
          eatLf(c);
          pendingNewline = true;
          continue;
        }
        buf[off + n++] = (byte) c;
        // Read the rest of a long line in bulk, where the stream has it ready.
        while (n < len && in.available() > 0) {
          int d = in.read();
          if (d == '\n' || d == '\r' || d < 0) {
            if (d >= 0) {
              in.unread(d);
            }
            break;
          }
          buf[off + n++] = (byte) d;
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
