package gptimage.cli;

import gptimage.UsageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's options, positional parameters and help page, and the parser that reads its
 * arguments. Hand-written rather than a library: the command starts in a fraction of a second, and
 * the libraries we tried cost more to load and link than the whole HTTP call they front.
 *
 * <p>Options take {@code --name value} or {@code --name=value}; a value option given twice keeps
 * the last; {@code --} ends the options; anything else that starts with {@code -} is an unknown
 * option, not a word.
 */
final class CommandSpec {
  private static final int WIDTH = 100;
  private static final int DESCRIPTION_COLUMN = 34;

  private final String name;
  private final List<String> synopsis;
  private final List<String> description;
  private final List<OptionSpec> options;
  private final String positionalLabel;
  private final int maxPositionals;
  private final String positionalDescription;
  private final List<String> footer;
  private final Map<String, OptionSpec> byName = new HashMap<>();

  /**
   * @param name the command as typed, e.g. {@code gpt-image-2-api batch}
   * @param synopsis the usage lines after "Usage: "
   * @param description paragraphs; a line starting with spaces is kept as it is
   * @param positionalLabel the label of the positional parameters, or null for none
   * @param maxPositionals how many positional parameters at most
   */
  CommandSpec(
      String name,
      List<String> synopsis,
      List<String> description,
      List<OptionSpec> options,
      String positionalLabel,
      int maxPositionals,
      String positionalDescription,
      List<String> footer) {
    this.name = name;
    this.synopsis = synopsis;
    this.description = description;
    this.options = options;
    this.positionalLabel = positionalLabel;
    this.maxPositionals = maxPositionals;
    this.positionalDescription = positionalDescription;
    this.footer = footer;
    for (OptionSpec o : options) {
      for (String n : o.names()) {
        if (byName.put(n, o) != null) {
          throw new IllegalArgumentException("two options named " + n);
        }
      }
    }
  }

  String name() {
    return name;
  }

  List<OptionSpec> options() {
    return options;
  }

  /** The arguments read against this command's options. */
  static final class Parsed {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final String command;

    private Parsed(String command) {
      this.command = command;
    }

    /** Whether the option was given at all. */
    boolean has(String key) {
      return values.containsKey(key);
    }

    /** The option's last value, or null where it was not given; "true" for a given switch. */
    String value(String key) {
      List<String> v = values.get(key);
      return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String key) {
      return values.getOrDefault(key, List.of());
    }

    List<String> positionals() {
      return positionals;
    }

    /** A whole-number option, or {@code otherwise} where it was not given. */
    int intValue(String key, int otherwise) {
      String v = value(key);
      if (v == null) {
        return otherwise;
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new UsageException(key + " takes a whole number, not '" + v + "'." + helpHint());
      }
    }

    /** A number option, or {@code otherwise} where it was not given. */
    double doubleValue(String key, double otherwise) {
      String v = value(key);
      if (v == null) {
        return otherwise;
      }
      try {
        double d = Double.parseDouble(v.trim());
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new UsageException(key + " takes a number, not '" + v + "'." + helpHint());
      }
    }

    private String helpHint() {
      return " " + CommandSpec.helpHint(command);
    }
  }

  /** Reads the arguments; a mistake in them is a {@link UsageException} naming the argument. */
  Parsed parse(List<String> args) {
    Parsed p = new Parsed(name);
    boolean optionsOver = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsOver || arg.equals("-") || !arg.startsWith("-")) {
        if (positionalLabel == null || p.positionals.size() >= maxPositionals) {
          throw usage(
              positionalLabel == null
                  ? name + " takes no words, but got '" + arg + "'."
                  : name + " takes one " + positionalLabel + ", but got another: '" + arg + "'.");
        }
        p.positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsOver = true;
        continue;
      }
      String optionName = nameOf(arg);
      String inline =
          optionName.length() < arg.length() ? arg.substring(optionName.length() + 1) : null;
      OptionSpec o = byName.get(optionName);
      if (o == null) {
        throw usage("Unknown option '" + optionName + "'" + suggestion(optionName));
      }
      String value;
      switch (o.takes()) {
        case NOTHING -> {
          if (inline != null) {
            throw usage(optionName + " takes no value, but got '" + inline + "'.");
          }
          value = "true";
        }
        case OPTIONAL_BOOLEAN -> {
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.size()
              && OptionSpec.BOOLEAN_WORDS.contains(args.get(i + 1).toLowerCase(Locale.ROOT))) {
            value = args.get(++i);
          } else {
            value = "true";
          }
        }
        case OPTIONAL_REFERENCE -> {
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.size() && OptionSpec.isReference(args.get(i + 1))) {
            value = args.get(++i);
          } else {
            value = "true";
          }
        }
        default -> {
          if (inline != null) {
            value = inline;
          } else if (i + 1 < args.size() && !byName.containsKey(nameOf(args.get(i + 1)))) {
            value = args.get(++i);
          } else {
            throw usage(optionName + " needs a value (" + o.label() + ").");
          }
        }
      }
      p.values.computeIfAbsent(o.key(), k -> new ArrayList<>(1)).add(value);
    }
    return p;
  }

  /** The option name in an argument: all of it, or what comes before {@code =} in {@code --x=v}. */
  private static String nameOf(String arg) {
    int eq = arg.indexOf('=');
    return eq > 0 && arg.startsWith("--") ? arg.substring(0, eq) : arg;
  }

  private String suggestion(String unknown) {
    String best = null;
    int bestDistance = unknown.length() > 4 ? 3 : 0; // a typo of a long name, not a guess
    for (String known : byName.keySet()) {
      int d = distance(unknown, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best == null ? "." : "; did you mean " + best + "?";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private UsageException usage(String message) {
    return new UsageException(message + " " + helpHint(name));
  }

  private static String helpHint(String command) {
    return "Run " + command + " --help for every option.";
  }

  /** The help page: usage, description, options, positional parameters, footer. */
  String help() {
    StringBuilder out = new StringBuilder(8192);
    for (int i = 0; i < synopsis.size(); i++) {
      out.append(i == 0 ? "Usage: " : "       ").append(synopsis.get(i)).append('\n');
    }
    out.append('\n');
    paragraphs(out, description);
    out.append("Options:\n");
    if (positionalLabel != null) {
      column(out, "  " + positionalLabel, positionalDescription);
    }
    for (OptionSpec o : options) {
      StringBuilder left = new StringBuilder("  ");
      boolean shortFirst = o.names().get(0).length() == 2;
      if (!shortFirst) {
        left.append("    ");
      }
      left.append(String.join(", ", o.names()));
      if (o.takes() == OptionSpec.Takes.OPTIONAL_BOOLEAN
          || o.takes() == OptionSpec.Takes.OPTIONAL_REFERENCE) {
        left.append("[=").append(o.label()).append(']');
      } else if (o.label() != null) {
        left.append('=').append(o.label());
      }
      column(out, left.toString(), o.description());
    }
    if (!footer.isEmpty()) {
      out.append('\n');
      paragraphs(out, footer);
    }
    return out.toString();
  }

  private static void paragraphs(StringBuilder out, List<String> lines) {
    for (String line : lines) {
      if (line.isEmpty() || line.startsWith(" ")) {
        out.append(line).append('\n');
      } else {
        wrapRest(out, line, 0);
      }
    }
  }

  private static void column(StringBuilder out, String left, String text) {
    out.append(left);
    int indent = DESCRIPTION_COLUMN;
    if (left.length() >= indent - 1) {
      out.append('\n').append(" ".repeat(indent));
    } else {
      out.append(" ".repeat(indent - left.length()));
    }
    wrapRest(out, text, indent);
  }

  /** Appends {@code text} word-wrapped to the width, continuation lines indented. */
  private static void wrapRest(StringBuilder out, String text, int indent) {
    int column = indent;
    boolean first = true;
    for (String word : text.split(" ")) {
      if (!first && column + 1 + word.length() > WIDTH) {
        out.append('\n').append(" ".repeat(indent));
        column = indent;
        first = true;
      }
      if (!first) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
      first = false;
    }
    out.append('\n');
  }
}
