package gptimage.wire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Bytes handed over one a read, as a slow network would: for tests of stream readers. */
final class Trickle {
  private Trickle() {}

  static InputStream of(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }
}
