package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.json.Json;
import gptimage.output.Alpha;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Sizes people mean, and the check of what came back against what was asked. */
class SizeAndTruthTest extends EmulatorHarness {

  @Test
  void aRatioAtAPresetIsSolvedSentAndReported() throws Exception {
    Run r = run("--prompt", "a banner", "--size", "16:9@2K", "--quality", "low");
    assertEquals(0, r.exit(), r.err());
    assertEquals("2560x1440", Json.at(emulator.lastRequest().json(), "size"));
    assertEquals("2560x1440", Json.at(r.json(), "size"));
    BufferedImage image = ImageIO.read(Path.of(r.files().get(0)).toFile());
    assertEquals(2560, image.getWidth());
    assertEquals(1440, image.getHeight());
    assertNull(Json.at(r.json(), "warnings"));
    assertEquals("", r.err());
  }

  @Test
  void dryRunShowsTheSolvedSize() {
    Run r = run("--prompt", "x", "--size", "9:16", "--model", "dall-e-3", "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals("1024x1792", Json.at(r.json(), "body", "size"));
    assertTrue(emulator.requests().isEmpty());
  }

  @Test
  void aBrokenWxhIsSentWithAWarningAndRefusedUnderStrictSize() {
    Run r = run("--prompt", "x", "--size", "1920x1080", "--model", "gpt-image-2", "--dry-run");
    assertEquals(0, r.exit());
    assertTrue(
        r.err()
            .contains(
                "warning: Invalid size '1920x1080'. Width and height must both be divisible by"
                    + " 16. Nearest legal for gpt-image-2: 1936x1088"),
        r.err());
    assertEquals("1920x1080", Json.at(r.json(), "body", "size"), "still sent: gateways differ");

    Run strict = run("--prompt", "x", "--size", "1920x1080", "--strict-size");
    assertEquals(2, strict.exit());
    assertEquals("", strict.out());
    assertTrue(strict.err().contains("--strict-size is set, so nothing was sent"), strict.err());
    assertTrue(emulator.requests().isEmpty());

    Run bad = run("--prompt", "x", "--size", "16:9@3K");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--size / OPENAI_IMAGE_SIZE must be WIDTHxHEIGHT"), bad.err());
  }

  @Test
  void aGatewayThatIgnoresSizeBackgroundAndNGivesThreeWarnings() throws Exception {
    serve(EmulatorOptions.defaults().fault(Fault.IGNORE_PARAMS, true));
    Run r =
        run(
            "--prompt",
            "a sticker",
            "--size",
            "1536x1024",
            "--background",
            "transparent",
            "--n",
            "4",
            "--quality",
            "low",
            "--output-format",
            "png");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.files().size());
    List<String> expected =
        List.of(
            "asked 4 images, got 2",
            "asked 1536x1024, got 1024x1024: the endpoint ignored size",
            "asked a transparent background, the image has no alpha");
    assertEquals(expected, Json.at(r.json(), "warnings"));
    for (String w : expected) {
      assertTrue(r.err().contains("gpt-image-2-api: warning: " + w + "\n"), r.err());
    }
    assertEquals(3, r.err().lines().count(), r.err());
  }

  @Test
  void anHonestAnswerGivesNoWarnings() throws Exception {
    Run r =
        run(
            "--prompt",
            "a sticker",
            "--size",
            "1536x1024",
            "--background",
            "transparent",
            "--n",
            "2",
            "--quality",
            "low");
    assertEquals(0, r.exit(), r.err());
    assertNull(Json.at(r.json(), "warnings"));
    assertEquals(Boolean.TRUE, Alpha.of(Path.of(r.files().get(0))));
    assertEquals("", r.err());
  }

  @Test
  void aMaskOfAnotherSizeOrWithoutAlphaStopsBeforeSending() throws Exception {
    png(dir.resolve("in.png"), 64, 64, 0xFF336699);
    png(dir.resolve("small.png"), 32, 32, 0x00000000);
    BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(rgb, "png", dir.resolve("opaque.png").toFile());
    ImageIO.write(rgb, "jpeg", dir.resolve("mask.jpg").toFile());

    Run size = run("--prompt", "x", "--image", "in.png", "--mask", "small.png");
    assertEquals(2, size.exit());
    assertTrue(size.err().contains("is 32x32 but the first --image"), size.err());
    assertTrue(size.err().contains("is 64x64"), size.err());

    Run alpha = run("--prompt", "x", "--image", "in.png", "--mask", "opaque.png");
    assertEquals(2, alpha.exit());
    assertTrue(alpha.err().contains("opaque.png has no alpha channel"), alpha.err());

    Run jpeg = run("--prompt", "x", "--image", "in.png", "--mask", "mask.jpg");
    assertEquals(2, jpeg.exit());
    assertTrue(jpeg.err().contains("is jpg, not a PNG"), jpeg.err());

    assertEquals(1, size.err().lines().count(), "one clear message: " + size.err());
    assertTrue(emulator.requests().isEmpty());
    assertEquals(List.of("in.png", "mask.jpg", "opaque.png", "small.png"), names());
  }

  @Test
  void alphaIsReadFromRealEncodersHeaders() throws Exception {
    Path argb = png(dir.resolve("a.png"), 8, 8, 0x80FF0000);
    assertEquals(Boolean.TRUE, Alpha.of(argb));
    Path rgb = dir.resolve("b.png");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
    assertEquals(Boolean.FALSE, Alpha.of(rgb));
    Path jpg = dir.resolve("c.jpg");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg", jpg.toFile());
    assertEquals(Boolean.FALSE, Alpha.of(jpg));
    Run webp =
        run(
            "--prompt",
            "w",
            "--output-format",
            "webp",
            "--background",
            "transparent",
            "--quality",
            "low");
    assertEquals(0, webp.exit(), webp.err());
    assertEquals(Boolean.TRUE, Alpha.of(Path.of(webp.files().get(0))));
    Run opaqueWebp = run("--prompt", "w", "--output-format", "webp", "--quality", "low");
    assertEquals(Boolean.FALSE, Alpha.of(Path.of(opaqueWebp.files().get(0))));
  }

  private List<String> names() throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
