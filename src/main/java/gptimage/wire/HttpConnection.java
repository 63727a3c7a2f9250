package gptimage.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A socket with its buffered streams; closing it breaks off whatever is using it. */
final class HttpConnection implements Closeable {
  static final int MAX_LINE = 64 * 1024;

  final String key;
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  long idleSince;
  boolean answered; // some answer byte came on this use of the connection

  HttpConnection(String key, Socket socket) throws IOException {
    this.key = key;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to free
    }
  }

  /** One line without its CRLF, or null at the end of the stream before any byte. */
  String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new EOFException("the answer broke off in a header line");
      }
      answered = true; // a byte arrived: the server has seen the request
      if (b == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("a header line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
