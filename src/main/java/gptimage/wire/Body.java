package gptimage.wire;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A request body made of segments: literal bytes, a file's bytes, or a file's bytes as base64.
 * Files are streamed from disk on every attempt and never held in memory; the length is known up
 * front, so no chunked upload is needed.
 */
public final class Body {
  private interface Segment {
    void writeTo(java.io.OutputStream out) throws IOException;

    long length();

    HttpRequest.BodyPublisher publisher();
  }

  private record Bytes(byte[] data) implements Segment {
    public void writeTo(java.io.OutputStream out) throws IOException {
      out.write(data);
    }

    public long length() {
      return data.length;
    }

    public HttpRequest.BodyPublisher publisher() {
      return HttpRequest.BodyPublishers.ofByteArray(data);
    }
  }

  private record FileBytes(Path file, long size) implements Segment {
    public void writeTo(java.io.OutputStream out) throws IOException {
      Files.copy(file, out);
    }

    public long length() {
      return size;
    }

    public HttpRequest.BodyPublisher publisher() {
      return ofFile(file);
    }
  }

  private record FileBase64(Path file, long size) implements Segment {
    public void writeTo(java.io.OutputStream out) throws IOException {
      try (InputStream in = base64(file)) {
        in.transferTo(out);
      }
    }

    public long length() {
      return (size + 2) / 3 * 4;
    }

    public HttpRequest.BodyPublisher publisher() {
      return HttpRequest.BodyPublishers.fromPublisher(
          HttpRequest.BodyPublishers.ofInputStream(() -> base64(file)), length());
    }
  }

  private final List<Segment> segments = new ArrayList<>();
  private final String contentType;

  public Body(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  public Body text(String s) {
    segments.add(new Bytes(s.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  public Body file(Path file, long size) {
    segments.add(new FileBytes(file, size));
    return this;
  }

  public Body fileAsBase64(Path file, long size) {
    segments.add(new FileBase64(file, size));
    return this;
  }

  /** Writes the whole body, files streamed from disk. */
  public void writeTo(java.io.OutputStream out) throws IOException {
    for (Segment s : segments) {
      s.writeTo(out);
    }
  }

  public long length() {
    return segments.stream().mapToLong(Segment::length).sum();
  }

  /** A fresh publisher: each call reads the files again. */
  public HttpRequest.BodyPublisher publisher() {
    return HttpRequest.BodyPublishers.concat(
        segments.stream().map(Segment::publisher).toArray(HttpRequest.BodyPublisher[]::new));
  }

  private static HttpRequest.BodyPublisher ofFile(Path file) {
    try {
      return HttpRequest.BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("The file " + file + " disappeared before it was sent", e);
    }
  }

  private static InputStream base64(Path file) {
    try {
      return new Base64Stream(Files.newInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a stream as its base64 text, 48 KB of input at a time. */
  private static final class Base64Stream extends BulkInputStream {
    private final InputStream in;
    private final byte[] raw = new byte[48 * 1024];
    private byte[] out = new byte[0];
    private int pos;
    private boolean eof;

    Base64Stream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos == out.length) {
        if (eof) {
          return -1;
        }
        int n = in.readNBytes(raw, 0, raw.length);
        if (n < raw.length) {
          eof = true;
        }
        if (n == 0) {
          return -1;
        }
        out = Base64.getEncoder().encode(java.util.Arrays.copyOf(raw, n));
        pos = 0;
      }
      int k = Math.min(len, out.length - pos);
      System.arraycopy(out, pos, b, off, k);
      pos += k;
      return k;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
