package gptimage.client;

import gptimage.UsageException;

/**
 * The {@code size} a request sends: a ratio or preset solved for the model ({@link SizeSolver}), a
 * {@code WxH} or {@code auto} as given; with {@code strict_size}, a {@code WxH} the model's rules
 * forbid stops the request instead of being sent with a warning.
 */
final class SizeCheck {
  private SizeCheck() {}

  /**
   * The size to send for {@code model}.
   *
   * @param size as asked (WxH, auto, 16:9, 2K, 16:9@2K), or null to leave it to the API
   * @param strict refuse a size the model's rules forbid (default off: warn and send)
   * @throws InvalidParameterException naming {@code size} where it cannot be solved or, strict, is
   *     forbidden
   */
  static String sent(String model, String size, boolean strict) {
    String sent;
    try {
      sent = SizeSolver.resolve(model, size, "<<size>>");
    } catch (UsageException e) {
      throw new InvalidParameterException("size", e.getMessage());
    }
    String warning = SizeSolver.warning(model, sent);
    if (strict && warning != null) {
      throw new InvalidParameterException(
          "size",
          "<<size>>: "
              + warning.replace(" Sent unchanged (use --strict-size to stop instead).", "")
              + " <strict_size> is set, so nothing was sent.");
    }
    return sent;
  }
}
