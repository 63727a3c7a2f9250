package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.json.Json;
import gptimage.output.ImageType;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --exact WxH}: a file of exactly that size, the original kept beside it. */
class ExactSizeTest extends EmulatorHarness {

  @ParameterizedTest
  @CsvSource({
    "1920x1080,png,gpt-image-2,1936x1088",
    "1200x630,jpeg,gpt-image-2,1216x640",
    "1200x630,png,gpt-image-1.5,1536x1024",
    "800x800,png,dall-e-2,1024x1024"
  })
  void makesExactlyThatSizeFromTheNearestLegalOne(
      String exact, String format, String model, String asked) throws Exception {
    Run r =
        run(
            "--prompt",
            "a lighthouse on a cliff at dusk",
            "--exact",
            exact,
            "--output-format",
            format,
            "--model",
            model,
            "--quality",
            "low",
            "--output",
            "out",
            "--name",
            "shot");
    assertEquals(0, r.exit(), r.err());
    assertEquals(asked, Json.at(emulator.lastRequest().json(), "size"));
    assertEquals(asked, Json.at(r.json(), "size"));
    Path file = Path.of(r.files().get(0));
    Path original = Path.of((String) ((List<?>) Json.at(r.json(), "originals")).get(0));
    String ext = format.equals("jpeg") ? "jpg" : "png";
    assertEquals("shot-1-" + exact + "." + ext, file.getFileName().toString());
    assertEquals("shot-1." + ext, original.getFileName().toString());
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(exact, image.getWidth() + "x" + image.getHeight());
    assertEquals(asked, ImageType.of(original).width() + "x" + ImageType.of(original).height());
    assertEquals(ext, ImageType.of(file).extension());
    assertEquals(2, filesIn(dir.resolve("out")).size(), "the original and the exact copy");
  }

  @Test
  void refusesWhatItCannotWriteOrParseBeforeSending() throws Exception {
    Run svg = run("--prompt", "x", "--exact", "1920x1080", "--output-format", "svg");
    assertEquals(2, svg.exit());
    assertTrue(svg.err().contains("--exact writes png and jpeg"), svg.err());
    Run bad = run("--prompt", "x", "--exact", "1920by1080");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--exact must be WIDTHxHEIGHT"), bad.err());
    Run both = run("--prompt", "x", "--exact", "1920x1080", "--size", "1024x1024");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("leave out --size"), both.err());
    assertTrue(emulator.requests().isEmpty());
    assertTrue(Files.notExists(dir.resolve("out")));
  }
}
