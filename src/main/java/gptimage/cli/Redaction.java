package gptimage.cli;

import gptimage.client.Secrets;
import java.util.function.UnaryOperator;

/** Masks the API key in any text about to be printed, once a command has read the key. */
final class Redaction implements UnaryOperator<String> {
  private volatile String key;

  void key(String key) {
    this.key = key;
  }

  @Override
  public String apply(String text) {
    return Secrets.redact(text, key);
  }
}
