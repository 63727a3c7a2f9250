package gptimage.emulator;

/**
 * The size an edit without {@code size} (or with {@code auto}) comes back at: of the sizes every
 * model of its family can make, the one nearest the first input image's aspect ratio. A 64x64 input
 * gives 1024x1024, a 1600x900 one 1536x1024, a 300x900 one 1024x1536; never a size the model would
 * refuse if asked for it.
 */
final class AutoSize {
  private static final int[][] GPT = {{1024, 1024}, {1536, 1024}, {1024, 1536}};
  private static final int[][] DALL_E_3 = {{1024, 1024}, {1792, 1024}, {1024, 1792}};
  private static final int[][] DALL_E_2 = {{1024, 1024}};

  private AutoSize() {}

  /** Width and height for an input of {@code width} x {@code height}; ties go to the square. */
  static int[] nearest(String model, int width, int height) {
    int[][] sizes =
        switch (model) {
          case "dall-e-2" -> DALL_E_2;
          case "dall-e-3" -> DALL_E_3;
          default -> GPT;
        };
    double aspect = Math.log((double) width / height);
    int[] best = sizes[0];
    double bestDistance = Double.MAX_VALUE;
    for (int[] size : sizes) {
      double distance = Math.abs(Math.log((double) size[0] / size[1]) - aspect);
      if (distance < bestDistance) {
        best = size;
        bestDistance = distance;
      }
    }
    return best.clone();
  }
}
