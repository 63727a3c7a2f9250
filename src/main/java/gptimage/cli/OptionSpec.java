package gptimage.cli;

import java.util.List;

/**
 * One command-line option: its names (values are filed under the first long one), the label of its
 * value in the help, how it takes values, and its help line.
 */
record OptionSpec(List<String> names, String label, Takes takes, String description) {
  /** How an option takes its value. */
  enum Takes {
    /** Nothing: a switch, true when given. */
    NOTHING,
    /** One value ({@code --x v} or {@code --x=v}); given again, the last wins. */
    ONE,
    /** One value each time; repeatable, and every value is kept. */
    EACH,
    /** A boolean word if one follows ({@code true/false, 1/0, yes/no, on/off}), else true. */
    OPTIONAL_BOOLEAN,
    /**
     * A reference if one follows ({@code --x=v}, a {@code resp_...} id, or an image file name
     * ending .png, .jpg, .jpeg, .webp or .gif), else true: so that {@code --continue "make it
     * night"} leaves the prompt a prompt.
     */
    OPTIONAL_REFERENCE
  }

  /** What {@link Takes#OPTIONAL_REFERENCE} takes as its value when it follows the option. */
  static boolean isReference(String arg) {
    String a = arg.toLowerCase(java.util.Locale.ROOT);
    return a.matches("resp_[a-z0-9_-]+")
        || (!a.startsWith("-") && a.matches(".*\\.(png|jpe?g|webp|gif)"));
  }

  static OptionSpec optionalReference(String name, String label, String description) {
    return new OptionSpec(List.of(name), label, Takes.OPTIONAL_REFERENCE, description);
  }

  static final List<String> BOOLEAN_WORDS =
      List.of("true", "false", "1", "0", "yes", "no", "on", "off");

  static OptionSpec help() {
    return new OptionSpec(
        List.of("-h", "--help"), null, Takes.NOTHING, "Print this help and exit.");
  }

  static OptionSpec flag(String name, String description) {
    return new OptionSpec(List.of(name), null, Takes.NOTHING, description);
  }

  static OptionSpec value(String name, String label, String description) {
    return new OptionSpec(List.of(name), label, Takes.ONE, description);
  }

  static OptionSpec repeatable(List<String> names, String label, String description) {
    return new OptionSpec(names, label, Takes.EACH, description);
  }

  static OptionSpec optionalBoolean(String name, String description) {
    return new OptionSpec(List.of(name), "BOOL", Takes.OPTIONAL_BOOLEAN, description);
  }

  /** The name values are filed under: the first long one. */
  String key() {
    return names.stream().filter(n -> n.startsWith("--")).findFirst().orElse(names.get(0));
  }
}
