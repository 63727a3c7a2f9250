package gptimage.wire;

import java.io.EOFException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The bodies of answers read over {@link PlainHttp}: sized, chunked, or ending with the connection.
 * A body read to its end hands its connection back for the next request; one left unread closes it.
 */
final class HttpBody {
  private HttpBody() {}

  /**
   * A body read to its end frees its connection for the next request; one left unread closes it.
   */
  abstract static class BodyStream extends BulkInputStream {
    final Consumer<HttpConnection> release;
    final HttpConnection c;
    final boolean keepAlive;
    boolean done;
    boolean closed;

    BodyStream(Consumer<HttpConnection> release, HttpConnection c, boolean keepAlive) {
      this.release = release;
      this.c = c;
      this.keepAlive = keepAlive;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (done && keepAlive) {
        release.accept(c);
      } else {
        c.close();
      }
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("the answer's body was closed");
      }
      if (done) {
        return -1;
      }
      return len == 0 ? 0 : readMore(b, off, len);
    }

    /** Reads at least one byte of a body not yet done, or returns -1 at its end. */
    abstract int readMore(byte[] b, int off, int len) throws IOException;
  }

  /** A body of a known length, or (length -1) one that ends when the server closes. */
  static final class Sized extends BodyStream {
    private long remaining;

    Sized(Consumer<HttpConnection> release, HttpConnection c, long length, boolean keepAlive) {
      super(release, c, keepAlive);
      this.remaining = length;
      this.done = length == 0;
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
      int want = remaining < 0 ? len : (int) Math.min(len, remaining);
      int n = c.in.read(b, off, want);
      if (n < 0) {
        if (remaining < 0) {
          done = true;
          return -1;
        }
        throw new EOFException("the answer broke off " + remaining + " bytes before its end");
      }
      if (remaining > 0) {
        remaining -= n;
        done = remaining == 0;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done
          ? 0
          : (int) Math.min(c.in.available(), remaining < 0 ? Integer.MAX_VALUE : remaining);
    }
  }

  /** A chunked body: hex size lines, each chunk's bytes, a zero chunk and trailers. */
  static final class Chunked extends BodyStream {
    private long chunkLeft; // bytes left in the current chunk; 0 before a size line

    Chunked(Consumer<HttpConnection> release, HttpConnection c, boolean keepAlive) {
      super(release, c, keepAlive);
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
      if (chunkLeft == 0) {
        chunkLeft = nextChunkSize();
        if (chunkLeft == 0) {
          while (true) { // trailers, up to the empty line
            String trailer = c.readLine();
            if (trailer == null) {
              throw new EOFException("the chunked answer broke off in its trailers");
            }
            if (trailer.isEmpty()) {
              break;
            }
          }
          done = true;
          return -1;
        }
      }
      int n = c.in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the chunked answer broke off in a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String end = c.readLine();
        if (end == null || !end.isEmpty()) {
          throw new IOException("a chunk that does not end with CRLF");
        }
      }
      return n;
    }

    private long nextChunkSize() throws IOException {
      String line = c.readLine();
      if (line == null) {
        throw new EOFException("the chunked answer broke off before its last chunk");
      }
      int semicolon = line.indexOf(';');
      String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
      try {
        long size = Long.parseLong(hex, 16);
        if (size < 0) {
          throw new NumberFormatException();
        }
        return size;
      } catch (NumberFormatException e) {
        throw new IOException(
            "a chunk size that is not hexadecimal: " + HttpConnection.abbreviate(line));
      }
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(c.in.available(), chunkLeft);
    }
  }
}
