package gptimage.cli;

import gptimage.ImageToolException;
import gptimage.InterruptedRunException;
import gptimage.UsageException;
import gptimage.client.InvalidParameterException;
import gptimage.client.Version;
import gptimage.config.FlagNames;
import gptimage.output.ImageStore;
import gptimage.output.UnusableFolderException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The command's entry: {@code main} only calls {@link #run} and exits with its code. */
public final class Main {
  /**
   * What a signal must finish before the process exits (a batch lets its paid requests arrive);
   * null for nothing. Set by the running command.
   */
  static volatile Runnable onInterrupt;

  private Main() {}

  public static void main(String[] args) {
    AtomicBoolean done = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(new OnSignal(done)));
    if (args.length > 0 && args[0].equals("mcp")) {
      System.setOut(System.err); // stdout carries the protocol: a stray print must not break it
    }
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    int code = run(args, out, System.err, Environment.system());
    done.set(true);
    out.flush();
    System.exit(code);
  }

  /**
   * The shutdown hook: unless the command has returned ({@code done}), finishes what {@link
   * #onInterrupt} names, removes what is half-written and halts with {@link ExitCode#INTERRUPTED}.
   * A class, not a lambda, and installed by {@link Warmup} too: the AOT cache holds what its
   * training ran, and {@code main} never runs there (a lambda here was spun anew at every start, 2
   * ms; a class outside the cache opens the jar to load it, 2.6 ms).
   */
  static final class OnSignal implements Runnable {
    private final AtomicBoolean done;

    OnSignal(AtomicBoolean done) {
      this.done = done;
    }

    @Override
    public void run() {
      if (done.get()) {
        return;
      }
      Runnable finish = onInterrupt;
      if (finish != null) {
        finish.run();
      }
      ImageStore.discardAll();
      System.err.println("gpt-image-2-api: interrupted; nothing half-written was left.");
      java.util.List<java.nio.file.Path> kept = ImageStore.keptSoFar();
      if (!kept.isEmpty() && finish == null) {
        System.err.println("Finished before the interrupt, and kept:");
        kept.forEach(p -> System.err.println("  " + p));
      }
      System.err.flush();
      Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
    }
  }

  /** Runs the command with the given streams and surroundings; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
    Redaction redaction = new Redaction();
    List<String> list = List.of(args);
    String sub = list.isEmpty() ? "" : list.get(0);
    try {
      if (sub.equals("serve")) {
        CommandSpec.Parsed p = ServeCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help") ? help(out, ServeCommand.SPEC) : new ServeCommand(err).run(p);
      }
      if (sub.equals("doctor")) {
        CommandSpec.Parsed p = DoctorCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help")
            ? help(out, DoctorCommand.SPEC)
            : new DoctorCommand(out, err, env, redaction).run(p);
      }
      if (sub.equals("mcp")) {
        CommandSpec.Parsed p = McpCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help")
            ? help(out, McpCommand.SPEC)
            : new McpCommand(out, err, env, redaction).run(p);
      }
      if (sub.equals("batch")) {
        CommandSpec.Parsed p = BatchCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help")
            ? help(out, BatchCommand.SPEC)
            : new BatchCommand(out, err, env, redaction).run(p);
      }
      if (sub.equals("info") && isVerb(list, env)) {
        CommandSpec.Parsed p = InfoCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help") ? help(out, InfoCommand.SPEC) : new InfoCommand(out, env).run(p);
      }
      if (sub.equals("replay") && isVerb(list, env)) {
        CommandSpec.Parsed p = ReplayCommand.SPEC.parse(list.subList(1, list.size()));
        return p.has("--help")
            ? help(out, ReplayCommand.SPEC)
            : new ReplayCommand(out, err, env, redaction).run(p);
      }
      CommandSpec.Parsed p = GenerateCommand.SPEC.parse(list);
      if (p.has("--help")) {
        return help(out, GenerateCommand.SPEC);
      }
      if (p.has("--version")) {
        out.println(version());
        out.flush();
        return ExitCode.OK.code();
      }
      return new GenerateCommand(out, err, env, redaction).run(p);
    } catch (InvalidParameterException e) {
      err.println("gpt-image-2-api: " + redaction.apply(FlagNames.message(e)));
      return exitCodeOf(e).code();
    } catch (UnusableFolderException e) {
      err.println("gpt-image-2-api: " + redaction.apply(FlagNames.message(e)));
      return exitCodeOf(e).code();
    } catch (ImageToolException e) {
      err.println("gpt-image-2-api: " + redaction.apply(e.getMessage()));
      return exitCodeOf(e).code();
    } catch (Exception e) {
      err.println("gpt-image-2-api: unexpected error: " + redaction.apply(String.valueOf(e)));
      return ExitCode.FAILED.code();
    }
  }

  /**
   * Whether {@code info} or {@code replay} is the verb rather than a prompt's first word (prompts
   * may be plain words): it is when an option or an existing file follows, or nothing.
   */
  private static boolean isVerb(List<String> list, Environment env) {
    if (list.size() == 1 || list.get(1).startsWith("-")) {
      return true;
    }
    try {
      return java.nio.file.Files.exists(env.workingDirectory().resolve(list.get(1)));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** The one map from the library's error types to exit codes. */
  static ExitCode exitCodeOf(ImageToolException e) {
    if (e instanceof UsageException || e instanceof UnusableFolderException) {
      return ExitCode.USAGE; // found before anything was sent
    }
    if (e instanceof InterruptedRunException) {
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.FAILED; // the API, the network, or a save after the images were paid for
  }

  private static int help(PrintStream out, CommandSpec spec) {
    out.print(spec.help());
    out.flush();
    return ExitCode.OK.code();
  }

  /** The version, and the Java runtime it runs on (which the launcher picked). */
  static String version() {
    return "gpt-image-2-api "
        + Version.VERSION
        + " (Java "
        + Runtime.version()
        + " at "
        + System.getProperty("java.home")
        + ")";
  }
}
