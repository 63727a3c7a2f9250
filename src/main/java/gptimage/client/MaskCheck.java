package gptimage.client;

import gptimage.output.Alpha;
import gptimage.output.ImageType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks a mask before it is sent, as the API would refuse it (or a gateway would silently drop
 * it): a PNG with an alpha channel, the same width and height as the first image.
 */
final class MaskCheck {
  private MaskCheck() {}

  /**
   * @throws InvalidParameterException on {@code mask}, what is wrong and what is needed
   */
  static void check(Path firstImage, Path mask) {
    ImageType image;
    ImageType m;
    Boolean alpha;
    try {
      image = ImageType.of(firstImage);
      m = ImageType.of(mask);
      alpha = Alpha.of(mask);
    } catch (IOException e) {
      throw new InvalidParameterException(
          "mask", "<<mask>>: cannot read " + mask + " or " + firstImage + ": " + e);
    }
    String need =
        " A mask must be a PNG with an alpha channel (fully transparent where to edit), the same"
            + " size as the first <image>.";
    if (!m.extension().equals("png")) {
      throw new InvalidParameterException(
          "mask", "<<mask>> " + mask + " is " + m.extension() + ", not a PNG." + need);
    }
    if (image.width() > 0 && (image.width() != m.width() || image.height() != m.height())) {
      throw new InvalidParameterException(
          "mask",
          "<<mask>> "
              + mask
              + " is "
              + m.width()
              + "x"
              + m.height()
              + " but the first <image> "
              + firstImage
              + " is "
              + image.width()
              + "x"
              + image.height()
              + "."
              + need);
    }
    if (!Boolean.TRUE.equals(alpha)) {
      throw new InvalidParameterException(
          "mask", "<<mask>> " + mask + " has no alpha channel." + need);
    }
  }
}
