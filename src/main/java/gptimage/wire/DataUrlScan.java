package gptimage.wire;

import java.util.Arrays;

/**
 * Finds the data URLs of images in a string, fed one decoded character at a time: a head {@code
 * data:image/TYPE;base64,} (TYPE being 1 to 40 of {@code A-Z a-z 0-9 . + -}), then its base64 run
 * ({@code A-Z a-z 0-9 + /}) and any {@code =} padding. It finds what the regular expression {@code
 * data:image/[A-Za-z0-9.+-]{1,40};base64,[A-Za-z0-9+/]*=*} finds, left to right, without holding
 * more than a head's characters. The {@link Base64Diverter} feeds it the bytes of every string as a
 * parser decodes them and the {@link AnswerReader} the strings it reads, so both find the same data
 * URLs.
 */
final class DataUrlScan {
  private static final String HEAD = "data:image/";
  private static final String TAIL = ";base64,";
  private static final int MOST = 40;

  private final char[] seen = new char[HEAD.length() + MOST + TAIL.length()];
  private int length;
  private int typeLength;
  private int tailLength;
  private boolean inRun;
  private boolean inPadding;
  private int headLength;

  /** Forgets everything: a new string starts. */
  void reset() {
    length = 0;
    typeLength = 0;
    tailLength = 0;
    inRun = false;
    inPadding = false;
  }

  /**
   * Takes the next character (-1 or any other non-ASCII value for one that can be in no data URL).
   *
   * @return whether it ends a head: the data URL's base64 starts after it
   */
  boolean feed(int c) {
    if (inRun && isBase64(c)) {
      return false;
    }
    if ((inRun || inPadding) && c == '=') {
      inRun = false;
      inPadding = true;
      return false;
    }
    inRun = false;
    inPadding = false;
    if (c >= 0 && c < 0x80 && accepts((char) c)) {
      seen[length++] = (char) c;
      if (tailLength == TAIL.length()) {
        headLength = length;
        length = 0;
        typeLength = 0;
        tailLength = 0;
        inRun = true;
        return true;
      }
      return false;
    }
    if (length == 0) {
      return false;
    }
    // No match starts where this one did: try from the next character on, as a regex would.
    char[] again = Arrays.copyOfRange(seen, 1, length);
    length = 0;
    typeLength = 0;
    tailLength = 0;
    for (char a : again) {
      feed(a); // cannot end a head: that would have ended this one too
    }
    return feed(c);
  }

  /** How many characters the last head found had. */
  int headLength() {
    return headLength;
  }

  /** Whether the character just fed is part of a data URL's base64 or its padding. */
  boolean inData() {
    return inRun || inPadding;
  }

  private boolean accepts(char c) {
    if (length < HEAD.length()) {
      return c == HEAD.charAt(length);
    }
    if (tailLength > 0) {
      if (c == TAIL.charAt(tailLength)) {
        tailLength++;
        return true;
      }
      return false;
    }
    if (c == ';' && typeLength > 0) {
      tailLength = 1;
      return true;
    }
    if (typeLength < MOST && isType(c)) {
      typeLength++;
      return true;
    }
    return false;
  }

  private static boolean isType(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-');
  }

  static boolean isBase64(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/';
  }
}
