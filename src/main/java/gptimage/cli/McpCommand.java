package gptimage.cli;

import gptimage.UsageException;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Latency;
import gptimage.mcp.Backend;
import gptimage.mcp.HttpTransport;
import gptimage.mcp.McpServer;
import gptimage.mcp.StdioTransport;
import gptimage.mcp.Tools;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code gpt-image-2-api mcp}: the tools as a Model Context Protocol server, over stdio or, with
 * {@code --http}, Streamable HTTP. Configured as the command is; the MCP classes are loaded only
 * here.
 */
final class McpCommand extends ApiCommand {
  /** The token variable, for {@code --http} on an address other than loopback. */
  static final String TOKEN_VARIABLE = "GPT_IMAGE_2_API_MCP_TOKEN";

  static final CommandSpec SPEC =
      new CommandSpec(
          "gpt-image-2-api mcp",
          List.of("gpt-image-2-api mcp [OPTIONS]", "gpt-image-2-api mcp --http [--port N]"),
          List.of(
              "Serve generate_image, edit_image, batch_images and doctor to an agent over the Model Context"
                  + " Protocol: on stdin/stdout (the default; nothing but protocol messages goes to"
                  + " stdout), or with --http at http://127.0.0.1:3689/mcp (Streamable HTTP).",
              "",
              "  claude mcp add gpt-image -- gpt-image-2-api mcp",
              "  claude mcp add gpt-image-offline -- gpt-image-2-api mcp --emulator   (no key)",
              "  gpt-image-2-api mcp --http --port 3689",
              "",
              "Every option, variable and .env file of the command applies (they are the defaults a"
                  + " call's arguments override).",
              ""),
          options(),
          null,
          0,
          null,
          List.of(
              "  " + TOKEN_VARIABLE + "        the --token, when not given as a flag",
              "Exit codes: 0 the client closed the connection; 2 bad usage or configuration."));

  /**
   * The configuration with {@code --emulator} already served: the base URL is the running
   * emulator's, and a missing key becomes the emulator's placeholder, so what reads the
   * configuration next (the client, doctor's checks) talks to it as to any server.
   */
  static Configuration pointedAt(Configuration config, Emulator emulator) {
    Configuration at =
        new Configuration(
            config
                .settings()
                .with(
                    Map.of(Setting.BASE_URL, emulator.baseUrl(), Setting.EMULATOR, "false"),
                    "--emulator"));
    if (at.settings().get(Setting.API_KEY) != null) {
      return at;
    }
    return new Configuration(
        at.settings().with(Map.of(Setting.API_KEY, "emulator-key"), "--emulator"));
  }

  private static List<OptionSpec> options() {
    List<OptionSpec> o = new ArrayList<>();
    o.add(OptionSpec.help());
    o.add(
        OptionSpec.value(
            "--output", "DIR", "Folder to save in and to resolve paths from (default: cwd)."));
    o.add(OptionSpec.flag("--http", "Serve Streamable HTTP at /mcp instead of stdio."));
    o.add(OptionSpec.value("--host", "HOST", "With --http: address (default 127.0.0.1)."));
    o.add(OptionSpec.value("--port", "N", "With --http: port (default 3689; 0 picks one)."));
    o.add(
        OptionSpec.value(
            "--token",
            "TOKEN",
            "With --http: bearer token every request must carry; required off loopback."));
    o.add(
        OptionSpec.value(
            "--concurrency", "N", "Most tool calls at work at once (default 4); more wait."));
    o.add(
        OptionSpec.value(
            "--inline-cap",
            "BYTES",
            "Most base64 bytes of a full image inlined on inline=true (default 1000000)."));
    o.add(
        OptionSpec.value(
            "--emulator-latency",
            "SPEC",
            "With --emulator: seconds before answering, as serve --latency (e.g. high=30)."));
    o.add(OptionSpec.flag("--verbose", "Log each request and answer line on stderr."));
    o.addAll(SettingOptions.OPTIONS);
    return o;
  }

  McpCommand(PrintStream out, PrintStream err, Environment env, Redaction redaction) {
    super(out, err, env, redaction);
  }

  int run(CommandSpec.Parsed args) throws Exception {
    SettingOptions settings = new SettingOptions(args);
    if (!settings.images.isEmpty() || settings.mask != null) {
      throw new UsageException("mcp takes no --image or --mask: edit_image's arguments give them.");
    }
    int concurrency = args.intValue("--concurrency", Backend.DEFAULT_CONCURRENCY);
    if (concurrency < 1 || concurrency > 64) {
      throw new UsageException("--concurrency must be from 1 to 64, got " + concurrency + ".");
    }
    long inlineCap = (long) args.doubleValue("--inline-cap", Backend.DEFAULT_INLINE_CAP);
    if (inlineCap < 0) {
      throw new UsageException("--inline-cap must be a number of bytes, 0 or more.");
    }
    boolean http = args.has("--http");
    String host = args.has("--host") ? args.value("--host") : "127.0.0.1";
    int port = args.intValue("--port", 3689);
    String token =
        args.has("--token") ? args.value("--token") : env.variables().get(TOKEN_VARIABLE);
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (!http && (args.has("--host") || args.has("--port") || args.has("--token"))) {
      throw new UsageException("--host, --port and --token go with --http.");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be from 0 to 65535, got " + port + ".");
    }
    if (http && token == null && !InetAddress.getByName(host).isLoopbackAddress()) {
      throw new UsageException(
          "mcp --http --host "
              + host
              + " would serve the network without a token: give --token TOKEN (or "
              + TOKEN_VARIABLE
              + "), or keep the default 127.0.0.1.");
    }
    if (token != null) {
      redaction.key(token);
    }
    Path cwd = env.workingDirectory();
    Path folder =
        cwd.resolve(args.has("--output") ? args.value("--output") : ".")
            .toAbsolutePath()
            .normalize();
    Configuration config = settings.configuration(env);
    Emulator emulator = null;
    if (config.emulator()) {
      // One emulator for the server's life, rather than one a call.
      EmulatorOptions options = EmulatorOptions.defaults();
      if (args.has("--emulator-latency")) {
        options = options.latency(parseLatency(args.value("--emulator-latency")));
      }
      emulator = Emulator.start(options);
      config = pointedAt(config, emulator);
    } else if (args.has("--emulator-latency")) {
      throw new UsageException("--emulator-latency goes with --emulator.");
    }
    try (ApiConnection api =
            connect(config, args.has("--verbose"), ApiConnection.Use.SERVE, b -> {});
        McpServer server =
            new McpServer(
                new Tools(
                    new Backend(
                        api.client,
                        config.settings(),
                        folder,
                        redaction::apply,
                        concurrency,
                        inlineCap),
                    doctor(config)))) {
      if (http) {
        try (HttpTransport t = HttpTransport.start(server, host, port, token)) {
          err.println(
              "gpt-image-2-api mcp: serving "
                  + t.url()
                  + (token != null ? " (bearer token required)" : "")
                  + "; images go to "
                  + folder
                  + ". Ctrl-C stops it.");
          err.flush();
          Thread.currentThread().join();
        }
      } else {
        err.println("gpt-image-2-api mcp: serving on stdio; images go to " + folder + ".");
        err.flush();
        new StdioTransport(server, env.stdin(), out).run();
      }
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
    return ExitCode.OK.code();
  }

  /** {@code doctor}'s own checks with the server's configuration; a probe is confirmed already. */
  private gptimage.mcp.Doctor doctor(Configuration config) {
    return probe -> {
      DoctorCommand.Report r =
          DoctorCommand.report(config, env, redaction, probe ? question -> true : null);
      return new gptimage.mcp.Doctor.Result(r.json(), r.text());
    };
  }

  private static Latency parseLatency(String text) {
    try {
      return Latency.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--emulator-latency: " + e.getMessage());
    }
  }
}
