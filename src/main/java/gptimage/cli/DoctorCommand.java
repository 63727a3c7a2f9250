package gptimage.cli;

import gptimage.UsageException;
import gptimage.config.Configuration;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code doctor}: says whether a generation can work with this configuration, and if not, what is
 * wrong, on its first line. Sends only requests that cost nothing.
 */
final class DoctorCommand extends ApiCommand {
  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api doctor",
          List.of("gpt-image-2-api doctor [OPTIONS]"),
          List.of(
              "Check the configuration (and where each value came from; the key masked), the Java"
                  + " runtime, proxy and CA trust, then reach the endpoint (DNS, TCP, TLS, the key),"
                  + " list its models, and ask which routes answer (generations, edits, chat, Batch"
                  + " API, Responses) with requests that cost nothing. The first line says what is wrong, or"
                  + " that a generation can work. Exit 0 only then.",
              ""),
          options(),
          null,
          0,
          null,
          List.of());

  private static List<OptionSpec> options() {
    List<OptionSpec> o = new ArrayList<>();
    o.add(OptionSpec.help());
    o.add(OptionSpec.flag("--json", "One JSON object on stdout, for agents, instead of a table."));
    o.add(
        OptionSpec.flag(
            "--probe",
            "Then make one low-quality image (paid: asks first on stderr, stating its price)."));
    o.add(OptionSpec.flag("--yes", "With --probe: do not ask."));
    o.addAll(SettingOptions.OPTIONS);
    return o;
  }

  DoctorCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    super(out, err, env, redaction);
  }

  /** Asks on stderr; a line starting with y (any case) is yes, anything else (or none) no. */
  private boolean ask(String question) {
    err.print(question);
    err.flush();
    try {
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(env.stdin(), java.nio.charset.StandardCharsets.UTF_8));
      String line = in.readLine();
      return line != null && line.trim().toLowerCase(Locale.ROOT).startsWith("y");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  int run(CommandSpec.Parsed args) throws IOException {
    Configuration config = new SettingOptions(args).configuration(env);
    java.util.function.Predicate<String> askToProbe = null;
    if (args.has("--probe")) {
      boolean yes = args.has("--yes");
      askToProbe = question -> yes || ask(question);
    }
    Report report;
    if (config.emulator()) {
      try (Emulator emulator = Emulator.start(EmulatorOptions.defaults())) {
        report = report(McpCommand.pointedAt(config, emulator), env, redaction, askToProbe);
      }
    } else {
      report = report(config, env, redaction, askToProbe);
    }
    out.print(args.has("--json") ? Json.toPrettyJson(report.json()) + "\n" : report.text());
    out.flush();
    return report.ok() ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }

  /**
   * What {@code doctor} found, the key masked in both forms.
   *
   * @param ok whether a generation can work
   * @param json what {@code --json} prints: {@code ok}, {@code summary} (the first line) and {@code
   *     checks} (each {@code name}, {@code state}: ok, warn, fail or info, and {@code detail})
   * @param text what the table form prints: the first line, then one line a check
   */
  record Report(boolean ok, Map<String, Object> json, String text) {}

  /**
   * Runs the checks once: the command's work, shared with the {@code mcp} server's {@code doctor}
   * tool. Writes nothing; reads stdin only through {@code askToProbe}.
   *
   * @param askToProbe asked (with the price) before the paid probe image; null: no probe
   */
  static Report report(
      Configuration config,
      Environment env,
      Redaction redaction,
      java.util.function.Predicate<String> askToProbe) {
    DoctorChecks d = new DoctorChecks(config, env);
    d.askToProbe = askToProbe;
    try {
      d.run();
    } catch (UsageException e) {
      d.checks.add(new DoctorChecks.Check("configuration", "fail", e.getMessage()));
    }
    redaction.key(d.key);
    String problem = d.problem();
    boolean ok = problem == null && d.generationWorks;
    String first =
        ok
            ? "OK: a generation can work."
            : problem != null ? problem : "No generation can work: the generations route failed.";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", ok);
    json.put("summary", redaction.apply(first));
    List<Object> checks = new ArrayList<>();
    StringBuilder text = new StringBuilder(redaction.apply(first)).append('\n');
    for (DoctorChecks.Check c : d.checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("state", c.state());
      m.put("detail", redaction.apply(c.detail()));
      checks.add(m);
      text.append(
              redaction.apply(
                  String.format(
                      Locale.ROOT,
                      "  %-5s %-17s %s",
                      c.state().toUpperCase(Locale.ROOT),
                      c.name(),
                      c.detail())))
          .append('\n');
    }
    json.put("checks", checks);
    return new Report(ok, json, text.toString());
  }
}
