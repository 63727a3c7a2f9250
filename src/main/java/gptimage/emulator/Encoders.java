package gptimage.emulator;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Real encoders for the formats the API answers in. PNG and lossless WebP are written here (fast,
 * no native code); JPEG and GIF use the JDK's ImageIO writers.
 */
final class Encoders {
  private Encoders() {}

  static byte[] encode(
      String format, int[] argb, int width, int height, boolean alpha, Integer compression) {
    return switch (format) {
      case "png" -> png(argb, width, height, alpha);
      case "webp" -> webp(argb, width, height, alpha);
      case "jpeg" -> jpeg(argb, width, height, compression == null ? 90 : 100 - compression);
      case "gif" -> gif(argb, width, height, alpha);
      default -> throw new IllegalArgumentException("no raster encoder for " + format);
    };
  }

  /** PNG, 8 bits per channel, RGB or RGBA, every row with the Sub filter. */
  static byte[] png(int[] argb, int width, int height, boolean alpha) {
    int channels = alpha ? 4 : 3;
    int stride = width * channels + 1;
    byte[] raw = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int o = y * stride;
      raw[o++] = 1; // Sub: each byte minus the same channel of the pixel to its left
      int prev = 0;
      for (int x = 0; x < width; x++) {
        int p = argb[y * width + x];
        raw[o++] = (byte) (((p >> 16) - (prev >> 16)) & 0xFF);
        raw[o++] = (byte) (((p >> 8) - (prev >> 8)) & 0xFF);
        raw[o++] = (byte) ((p - prev) & 0xFF);
        if (alpha) {
          raw[o++] = (byte) (((p >>> 24) - (prev >>> 24)) & 0xFF);
        }
        prev = p;
      }
    }
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 4 + 64);
    byte[] buf = new byte[1 << 16];
    while (!deflater.finished()) {
      idat.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = (byte) (alpha ? 6 : 2);
    pngChunk(out, "IHDR", ihdr);
    pngChunk(out, "IDAT", idat.toByteArray());
    pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /**
   * Lossless WebP (VP8L) without transforms or backward references: every pixel is four literals
   * under fixed 8-bit prefix codes (alpha under a zero-bit code when opaque). Larger than libwebp's
   * output, but a valid file any decoder reads.
   */
  static byte[] webp(int[] argb, int width, int height, boolean alpha) {
    BitWriter bits = new BitWriter(width * height * (alpha ? 4 : 3) + 256);
    bits.write(0x2F, 8);
    bits.write(width - 1, 14);
    bits.write(height - 1, 14);
    bits.write(alpha ? 1 : 0, 1);
    bits.write(0, 3); // version
    bits.write(0, 1); // no transform
    bits.write(0, 1); // no color cache
    bits.write(0, 1); // one prefix code group
    writeFlatCode(bits, 280); // green + length prefixes: 256 literals of 8 bits, the rest unused
    writeFlatCode(bits, 256); // red
    writeFlatCode(bits, 256); // blue
    if (alpha) {
      writeFlatCode(bits, 256);
    } else {
      writeSingleSymbolCode(bits, 255);
    }
    writeSingleSymbolCode(bits, 0); // distance: never used
    for (int p : argb) {
      bits.write(REVERSED[(p >> 8) & 0xFF], 8);
      bits.write(REVERSED[(p >> 16) & 0xFF], 8);
      bits.write(REVERSED[p & 0xFF], 8);
      if (alpha) {
        bits.write(REVERSED[p >>> 24], 8);
      }
    }
    byte[] vp8l = bits.toByteArray();
    int padded = vp8l.length + (vp8l.length & 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(padded + 20);
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    writeLe32(out, 4 + 8 + padded);
    out.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
    writeLe32(out, vp8l.length);
    out.writeBytes(vp8l);
    if ((vp8l.length & 1) == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  private static final int[] REVERSED = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      REVERSED[i] = Integer.reverse(i) >>> 24;
    }
  }

  /** A normal prefix code giving symbols 0-255 length 8 and any others length 0. */
  private static void writeFlatCode(BitWriter bits, int alphabet) {
    bits.write(0, 1); // normal code
    // Code-length code: only lengths 0 and 8 occur, each coded with one bit (0 -> "0", 8 -> "1").
    // Lengths are sent in the order 17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8: twelve of them.
    bits.write(12 - 4, 4);
    int[] order = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8};
    for (int symbol : order) {
      bits.write(symbol == 0 || symbol == 8 ? 1 : 0, 3);
    }
    bits.write(0, 1); // a length for every symbol of the alphabet follows
    for (int s = 0; s < alphabet; s++) {
      bits.write(s < 256 ? 1 : 0, 1);
    }
  }

  private static void writeSingleSymbolCode(BitWriter bits, int symbol) {
    bits.write(1, 1); // simple code
    bits.write(0, 1); // one symbol
    bits.write(1, 1); // eight bits wide
    bits.write(symbol, 8);
  }

  private static void writeLe32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** Packs bits least significant first, as VP8L reads them. */
  private static final class BitWriter {
    private byte[] buf;
    private int size;
    private long acc;
    private int used;

    BitWriter(int capacity) {
      buf = new byte[capacity];
    }

    void write(int value, int count) {
      acc |= ((long) value & ((1L << count) - 1)) << used;
      used += count;
      while (used >= 8) {
        if (size == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = (byte) acc;
        acc >>>= 8;
        used -= 8;
      }
    }

    byte[] toByteArray() {
      if (used > 0) {
        write(0, 8 - used);
      }
      return java.util.Arrays.copyOf(buf, size);
    }
  }

  static byte[] jpeg(int[] argb, int width, int height, int quality) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, argb, 0, width);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(Math.max(0.01f, Math.min(1f, quality / 100f)));
    return write(writer, image, param);
  }

  /** GIF over a 6x6x6 colour cube; with alpha, index 216 is transparent. */
  static byte[] gif(int[] argb, int width, int height, boolean alpha) {
    byte[] r = new byte[217];
    byte[] g = new byte[217];
    byte[] b = new byte[217];
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    IndexColorModel model =
        alpha ? new IndexColorModel(8, 217, r, g, b, 216) : new IndexColorModel(8, 216, r, g, b);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
    byte[] indices = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      if (alpha && (p >>> 24) < 128) {
        indices[i] = (byte) 216;
      } else {
        int ri = (((p >> 16) & 0xFF) + 25) / 51;
        int gi = (((p >> 8) & 0xFF) + 25) / 51;
        int bi = ((p & 0xFF) + 25) / 51;
        indices[i] = (byte) (ri * 36 + gi * 6 + bi);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    return write(writer, image, writer.getDefaultWriteParam());
  }

  private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
