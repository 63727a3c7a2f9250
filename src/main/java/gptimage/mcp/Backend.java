package gptimage.mcp;

import gptimage.client.ImageClient;
import gptimage.config.Settings;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What the tools work with, set up once by the {@code mcp} command exactly as the command sets
 * itself up (flags, variables, {@code .env}, {@code --emulator}).
 *
 * @param client the client every call goes through
 * @param settings the resolved settings; a call's arguments win over them
 * @param outputFolder where images go, and what relative paths in arguments are resolved against
 * @param redact masks the key in any text that leaves the server
 * @param concurrency the most tool calls at work at once; more wait their turn (default 4)
 * @param inlineCap the most bytes of base64 an inlined full image may have (default 1,000,000)
 */
public record Backend(
    ImageClient client,
    Settings settings,
    Path outputFolder,
    UnaryOperator<String> redact,
    int concurrency,
    long inlineCap) {

  /** The default of {@link #inlineCap}: a 4K PNG is far above it, a 1024² JPEG under it. */
  public static final long DEFAULT_INLINE_CAP = 1_000_000;

  /** The default of {@link #concurrency}. */
  public static final int DEFAULT_CONCURRENCY = 4;
}
