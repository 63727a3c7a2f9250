package gptimage.output;

/**
 * The output folder cannot be used (a file in its place, not creatable, not writable), found before
 * anything was sent.
 */
public final class UnusableFolderException extends OutputException {
  public UnusableFolderException(String message) {
    super(message);
  }
}
