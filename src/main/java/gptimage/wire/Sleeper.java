package gptimage.wire;

import java.time.Duration;

/**
 * Waits: the one way the library passes time between retries, so that tests can count the waits
 * instead of sitting through them (as openai-java's {@code Sleeper}). {@link #SYSTEM} is {@link
 * Thread#sleep}.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  /** Waits {@code d}; an interrupt ends the wait early. */
  void sleep(Duration d) throws InterruptedException;
}
