package gptimage.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Magic-byte sniffing, pinned byte for byte: each row is a file's exact first bytes (hex, or text
 * for SVG) and the type and size read from them. A file's name never counts.
 */
class ImageTypeTest {
  static final String PNG_SIG = "89504e470d0a1a0a";
  static final String IHDR_1024x768 = "0000000d49484452" + "00000400" + "00000300";
  static final String JFIF_APP0 = "ffe000104a46494600010100000100010000";
  static final String RIFF = "52494646" + "24000000" + "57454250"; // "RIFF", size, "WEBP"

  static Stream<Arguments> bytes() {
    return Stream.of(
        row("png", PNG_SIG + IHDR_1024x768, "png", "image/png", 1024, 768),
        row("png, IHDR one byte short", PNG_SIG + IHDR_1024x768.substring(0, 30), "bin"),
        row("png signature, wrong third letter", "89504e58" + "0d0a1a0a" + IHDR_1024x768, "bin"),
        row(
            "jpeg baseline (SOF0) after APP0",
            "ffd8" + JFIF_APP0 + "ffc0001108" + "0300" + "0400" + "03012200021101031101",
            "jpg",
            "image/jpeg",
            1024,
            768),
        row(
            "jpeg progressive (SOF2) after a DHT, which is not a frame",
            "ffd8" + "ffc400050000000000" + "ffc2001108" + "0200" + "0600" + "030122000211",
            "jpg",
            "image/jpeg",
            1536,
            512),
        row(
            "jpeg with fill bytes before the frame",
            "ffd8" + "ffff" + "ffc0001108" + "0010" + "0020" + "0301220002",
            "jpg",
            "image/jpeg",
            32,
            16),
        row("jpeg head without a frame yet", "ffd8" + JFIF_APP0, "jpg", "image/jpeg", 0, 0),
        row("jpeg, SOI alone", "ffd8ff", "jpg", "image/jpeg", 0, 0),
        row("ff d8 without the third ff", "ffd800e0", "bin"),
        row("gif89a", "474946383961" + "0004" + "0003" + "f70000", "gif", "image/gif", 1024, 768),
        row("gif87a", "474946383761" + "2000" + "1000", "gif", "image/gif", 32, 16),
        row("gif header one byte short", "474946383961" + "000400", "bin"),
        row(
            "webp lossless (VP8L)",
            RIFF + "5650384c" + "0a000000" + "2f" + "ffc3bf00",
            "webp",
            "image/webp",
            1024,
            768),
        row(
            "webp extended (VP8X)",
            RIFF + "56503858" + "0a000000" + "10000000" + "ff0500" + "ff0300",
            "webp",
            "image/webp",
            1536,
            1024),
        row(
            "webp lossy (VP8)",
            RIFF + "56503820" + "18000000" + "300100" + "9d012a" + "0004" + "0003",
            "webp",
            "image/webp",
            1024,
            768),
        row(
            "webp, another chunk first",
            RIFF + "414c5048" + "00000000",
            "webp",
            "image/webp",
            0,
            0),
        row("riff but wave audio", "52494646240000005741564566 6d7420".replace(" ", ""), "bin"),
        row("pdf", hex("%PDF-1.7\n%\u00e2\u00e3"), "bin"),
        row("zip", "504b030414000000080000000000", "bin"),
        row("json error body", hex("{\"error\":{\"message\":\"no\"}}"), "bin"),
        row("html error page", hex("<!DOCTYPE html><html><body>502</body></html>"), "bin"),
        row("empty", "", "bin"));
  }

  static Stream<Arguments> svgs() {
    return Stream.of(
        row(
            "svg with sizes",
            hex("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512\" height=\"256\">"),
            "svg",
            "image/svg+xml",
            512,
            256),
        row(
            "xml prolog, px and decimals",
            hex(
                "<?xml version=\"1.0\"?>\n<svg width=\"100.5px\" height=\"40px\" viewBox=\"0 0 1 1\">"),
            "svg",
            "image/svg+xml",
            100,
            40),
        row(
            "BOM and whitespace first",
            "efbbbf" + hex("  \n<svg height=\"7\" width=\"9\"/>"),
            "svg",
            "image/svg+xml",
            9,
            7),
        row("comment first, no sizes", hex("<!-- drawn --><svg>"), "svg", "image/svg+xml", 0, 0),
        row(
            "percent sizes are not pixels",
            hex("<svg width=\"100%\" height=\"50%\">"),
            "svg",
            "image/svg+xml",
            0,
            0),
        row("xml that is not svg", hex("<?xml version=\"1.0\"?><note>svg</note>"), "bin"),
        row("svg inside html is not an svg file", hex("<html><svg width=\"1\"></svg>"), "bin"));
  }

  private static Arguments row(String name, String hex, String ext) {
    return Arguments.of(name, hex, ext, "application/octet-stream", 0, 0);
  }

  private static Arguments row(String name, String hex, String ext, String mime, int w, int h) {
    return Arguments.of(name, hex, ext, mime, w, h);
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"bytes", "svgs"})
  void sniffs(String name, String hex, String ext, String mime, int w, int h) {
    ImageType t = ImageType.of(HexFormat.of().parseHex(hex));
    assertEquals(new ImageType(ext, mime, w, h), t, name);
    assertEquals(!ext.equals("bin"), t.isImage(), name);
  }

  @ParameterizedTest(name = "{0} written by ImageIO")
  @CsvSource({"png, png, 300, 200", "jpeg, jpg, 64, 480", "gif, gif, 17, 3"})
  void readsRealEncodersOutputFromAFile(String format, String ext, int w, int h, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("named-wrongly.webp");
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, file.toFile());
    ImageType t = ImageType.of(file);
    assertEquals(ext, t.extension());
    assertEquals(w, t.width());
    assertEquals(h, t.height());
  }

  @Test
  void aTextFileNamedPngIsNotAnImage(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("picture.png");
    Files.writeString(file, "not an image at all");
    assertFalse(ImageType.of(file).isImage());
  }
}
