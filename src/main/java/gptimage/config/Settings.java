package gptimage.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting's value and where it came from. Precedence, highest first: the flag; the process
 * environment (an empty value counts as unset); {@code --env-file}; the working directory's {@code
 * .env}; the install folder's {@code .env}; the built-in default.
 */
public final class Settings {
  /** A value and its source, such as {@code flag}, {@code environment} or a file's path. */
  public record Value(String text, String source) {}

  private final Map<Setting, Value> values = new EnumMap<>(Setting.class);

  /**
   * @param flags values given on the command line
   * @param environment the process environment
   * @param dotEnvFiles {@code .env} files, highest priority first; missing ones are skipped
   * @param envFile the {@code --env-file}, or null; it must exist
   */
  public static Settings resolve(
      Map<Setting, String> flags,
      Map<String, String> environment,
      List<Path> dotEnvFiles,
      Path envFile) {
    List<Map<String, String>> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (envFile != null) {
      files.add(DotEnv.read(envFile, true));
      names.add(envFile.toString());
    }
    for (Path p : dotEnvFiles) {
      if (envFile == null
          || !p.toAbsolutePath().normalize().equals(envFile.toAbsolutePath().normalize())) {
        files.add(DotEnv.read(p, false));
        names.add(p.toString());
      }
    }
    Settings s = new Settings();
    for (Setting setting : Setting.values()) {
      String flag = flags.get(setting);
      if (flag != null) {
        s.values.put(setting, new Value(flag, "flag " + setting.flag()));
        continue;
      }
      String env = environment.get(setting.variable());
      if (env != null && !env.isEmpty()) {
        s.values.put(setting, new Value(env, "environment"));
        continue;
      }
      boolean found = false;
      for (int i = 0; i < files.size() && !found; i++) {
        String v = files.get(i).get(setting.variable());
        if (v != null && !v.isEmpty()) {
          s.values.put(setting, new Value(v, names.get(i)));
          found = true;
        }
      }
      if (!found && setting.defaultValue() != null) {
        s.values.put(setting, new Value(setting.defaultValue(), "default"));
      }
    }
    return s;
  }

  /** A copy where {@code overrides} win over every other source, named {@code source}. */
  public Settings with(Map<Setting, String> overrides, String source) {
    Settings s = new Settings();
    s.values.putAll(values);
    overrides.forEach((setting, v) -> s.values.put(setting, new Value(v, source)));
    return s;
  }

  /** The value, or null where no source set it and it has no default. */
  public String get(Setting setting) {
    Value v = values.get(setting);
    return v == null ? null : v.text();
  }

  public String source(Setting setting) {
    Value v = values.get(setting);
    return v == null ? "unset" : v.source();
  }
}
