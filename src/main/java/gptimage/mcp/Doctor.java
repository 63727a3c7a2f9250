package gptimage.mcp;

import java.util.Map;

/**
 * The {@code doctor} command's work, handed to the server by the {@code mcp} command so the {@code
 * doctor} tool runs exactly what {@code gpt-image-2-api doctor} runs, with the server's
 * configuration.
 */
@FunctionalInterface
public interface Doctor {
  /**
   * What one run found.
   *
   * @param json what {@code doctor --json} prints: {@code ok}, {@code summary}, {@code checks}
   * @param text what {@code doctor} prints: the first line, then one line a check
   */
  record Result(Map<String, Object> json, String text) {}

  /**
   * Runs the checks; never reads stdin.
   *
   * @param probe also make the paid probe image, without asking (the caller has confirmed)
   */
  Result check(boolean probe);
}
