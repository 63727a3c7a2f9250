package gptimage.wire;

import java.io.IOException;
import java.io.InputStream;

/** A stream whose reads are all bulk reads: reading one byte is a bulk read of one. */
abstract class BulkInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
