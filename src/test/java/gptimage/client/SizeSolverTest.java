package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import gptimage.wire.SizeRules;
import gptimage.wire.SizeRules.Family;
import gptimage.wire.SizeRules.Size;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The size solver: every ratio, preset and family gives a legal size that is the nearest. */
class SizeSolverTest {
  private static final String[] MODELS = {
    "gpt-image-2",
    "gpt-image-2-2026-04-21",
    "gpt-image-1.5",
    "gpt-image-1-mini",
    "dall-e-2",
    "dall-e-3",
    "some-gateway-model"
  };
  private static final String[] PRESETS = {"", "@1K", "@2K", "@4K"};

  /** Ratios 1:3 to 3:1: every a:b with a, b in 1..16 inside that range, plus the named ones. */
  private static List<String> ratios() {
    List<String> out = new ArrayList<>(List.of("21:9", "9:21", "1.91:1", "2.39:1"));
    for (int a = 1; a <= 16; a++) {
      for (int b = 1; b <= 16; b++) {
        double r = (double) a / b;
        if (r >= 1 / 3.0 && r <= 3) {
          out.add(a + ":" + b);
        }
      }
    }
    return out;
  }

  /** An independent nearest: every legal size by brute force, compared by the stated distance. */
  private static Size bruteForce(Family family, double ratio, long pixels) {
    List<Size> all = new ArrayList<>();
    if (family.fixedSizes() != null) {
      all.addAll(family.fixedSizes());
    } else {
      for (int w = 16; w <= 4000; w += 16) {
        for (int h = 16; h <= 4000; h += 16) {
          all.add(new Size(w, h));
        }
      }
    }
    Size best = null;
    double bestD = Double.MAX_VALUE;
    for (Size s : all) {
      if (!SizeRules.legal(family, s)) {
        continue;
      }
      double d =
          Math.abs(Math.log((double) s.width() / s.height() / ratio))
              + 0.1 * Math.abs(Math.log((double) s.pixels() / pixels))
              - (family.fixedSizes() == null && SizeRules.STANDARD.contains(s) ? 0.05 : 0);
      if (d < bestD - 1e-12
          || Math.abs(d - bestD) <= 1e-12 && s.pixels() > best.pixels()
          || Math.abs(d - bestD) <= 1e-12
              && s.pixels() == best.pixels()
              && s.width() > best.width()) {
        best = s;
        bestD = d;
      }
    }
    return best;
  }

  @Test
  void everyRatioPresetAndFamilyGivesTheNearestLegalSize() {
    int checked = 0;
    for (String model : MODELS) {
      Family family = Family.of(model);
      Family rules = family == Family.UNKNOWN ? Family.GPT_IMAGE_2 : family;
      for (String ratio : ratios()) {
        for (String preset : PRESETS) {
          String asked = ratio + preset;
          Size got = Size.parse(SizeSolver.resolve(model, asked, "--size"));
          assertNotNull(got, asked);
          assertNull(SizeRules.violation(rules, got), model + " " + asked + " -> " + got);
          String[] p = ratio.split(":");
          double r = Double.parseDouble(p[0]) / Double.parseDouble(p[1]);
          long pixels =
              preset.equals("@2K")
                  ? 2560L * 1440
                  : preset.equals("@4K") ? 3840L * 2160 : 1024L * 1024;
          if (family.fixedSizes() != null || ratio.length() <= 5 && checked % 7 == 0) {
            assertEquals(bruteForce(rules, r, pixels), got, model + " " + asked);
          }
          assertNull(SizeSolver.warning(model, got.toString()), model + " " + asked);
          checked++;
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  @Test
  void theThreeNearestAgreeWithBruteForceForRandomShapesAndSizes() {
    java.util.Random random = new java.util.Random(1818);
    for (int i = 0; i < 40; i++) {
      double ratio = Math.exp((random.nextDouble() * 2 - 1) * Math.log(5));
      long pixels = 200_000 + (long) (random.nextDouble() * 12_000_000);
      List<Size> all = new ArrayList<>();
      for (int w = 16; w <= 3840; w += 16) {
        for (int h = 16; h <= 3840; h += 16) {
          if (SizeRules.legal(Family.GPT_IMAGE_2, new Size(w, h))) {
            all.add(new Size(w, h));
          }
        }
      }
      all.sort(
          java.util.Comparator.<Size>comparingDouble(
                  x -> SizeSolver.distance(x, ratio, pixels, true))
              .thenComparing(java.util.Comparator.comparingLong(Size::pixels).reversed())
              .thenComparing(java.util.Comparator.comparingInt(Size::width).reversed()));
      assertEquals(
          all.subList(0, 3),
          SizeSolver.nearest(Family.GPT_IMAGE_2, ratio, pixels, 3),
          ratio + " " + pixels);
    }
  }

  @Test
  void everyPresetAloneIsASquareOfItsPixelCount() {
    assertEquals("1024x1024", SizeSolver.resolve("gpt-image-2", "1K", "--size"));
    assertEquals("1920x1920", SizeSolver.resolve("gpt-image-2", "2K", "--size"));
    assertEquals("2880x2880", SizeSolver.resolve("gpt-image-2", "4k", "--size"));
    assertEquals("1024x1024", SizeSolver.resolve("gpt-image-1.5", "4K", "--size"));
    assertEquals("1024x1024", SizeSolver.resolve("dall-e-2", "2K", "--size"));
    assertEquals("1024x1024", SizeSolver.resolve("dall-e-3", "1K", "--size"));
  }

  @ParameterizedTest
  @CsvSource({
    "gpt-image-2,16:9,1360x768",
    "gpt-image-2,16:9@2K,2560x1440",
    "gpt-image-2,16:9@4K,3840x2160",
    "gpt-image-2,9:16@4K,2160x3840",
    "gpt-image-2,3:2,1536x1024",
    "gpt-image-2,2:3,1024x1536",
    "gpt-image-2,1:1,1024x1024",
    "gpt-image-2,21:9,1568x672",
    "gpt-image-2,3:1,1776x592",
    "gpt-image-2,1:3,592x1776",
    "gpt-image-2,4:1,1776x592",
    "gpt-image-2.5-flare,16:9@2K,2560x1440",
    "gpt-image-1.5,16:9,1536x1024",
    "gpt-image-1-mini,9:16@4K,1024x1536",
    "gpt-image-1,1:1@2K,1024x1024",
    "dall-e-3,16:9,1792x1024",
    "dall-e-3,9:16,1024x1792",
    "dall-e-2,16:9,1024x1024",
    "dall-e-2,1:1,1024x1024",
  })
  void namedCases(String model, String asked, String expected) {
    assertEquals(expected, SizeSolver.resolve(model, asked, "--size"));
  }

  @Test
  void wxhAndAutoAndUnknownTextAreForwardedUnchanged() {
    assertEquals("1920x1080", SizeSolver.resolve("gpt-image-2", "1920x1080", "--size"));
    assertEquals("auto", SizeSolver.resolve("gpt-image-2", "auto", "--size"));
    assertEquals("large", SizeSolver.resolve("gpt-image-2", "large", "--size"));
  }

  @Test
  void aBrokenWxhForAKnownModelWarnsWithTheNearestLegalSizes() {
    String w = SizeSolver.warning("gpt-image-2", "1920x1080");
    assertEquals(
        "Invalid size '1920x1080'. Width and height must both be divisible by 16. Nearest legal"
            + " for gpt-image-2: 1936x1088, 1904x1072, 1968x1104. Sent unchanged (use"
            + " --strict-size to stop instead).",
        w);
    assertTrue(SizeSolver.warning("gpt-image-1.5", "1792x1024").contains("1536x1024"));
    assertTrue(SizeSolver.warning("dall-e-3", "1536x1024").contains("1792x1024"));
    assertTrue(SizeSolver.warning("gpt-image-2", "4096x2160").contains("longest edge"));
    assertNull(SizeSolver.warning("gpt-image-2", "1920x1088"));
    assertNull(SizeSolver.warning("gpt-image-2", "auto"));
    assertNull(SizeSolver.warning("my-gateway-model", "1920x1080"));
  }

  @Test
  void malformedRatiosAndPresetsAreUsageErrorsNamingTheFlag() {
    for (String bad : new String[] {"16:0", "0:9", "16:9@3K", "a:b", "16:9@", "8K", "16:9:1"}) {
      UsageException e =
          assertThrows(
              UsageException.class, () -> SizeSolver.resolve("gpt-image-2", bad, "--size"), bad);
      assertTrue(e.getMessage().startsWith("--size must be"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void strictSizeRefusesABrokenSizeAtBuild() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> ImageRequest.builder("x").size("1920x1080").strictSize(true).build());
    assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    assertEquals(
        "1920x1080", ImageRequest.builder("x").size("1920x1080").build().size(), "warn, send");
    assertEquals("2560x1440", ImageRequest.builder("x").size("16:9@2K").build().size());
  }
}
