package gptimage.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The tool calls in flight, by request id, so that {@code notifications/cancelled} finds them. */
final class Calls {
  /** How often a cancelled call is stopped again until it has ended (it may be between steps). */
  private static final long RESTOP_MILLIS = 100;

  private final Map<String, Call> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-cancel");
            t.setDaemon(true);
            return t;
          });

  Call start(Object id) {
    Call c = new Call(key(id));
    running.put(c.key, c);
    return c;
  }

  void cancel(Object id) {
    Call c = id == null ? null : running.get(key(id));
    if (c != null) {
      c.cancel();
    }
  }

  void cancelAll() {
    running.values().forEach(Call::cancel);
  }

  // 1 and "1" are different request ids.
  private static String key(Object id) {
    return (id instanceof Number n ? "n:" + n.longValue() : "s:") + id;
  }

  /** Thrown inside a call that was cancelled, to end it; never answered. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("Cancelled by the client.", null, false, false);
    }
  }

  /** One call: its thread, whether it was cancelled, and what stops it. */
  final class Call {
    private final String key;
    private final List<Runnable> stoppers = new CopyOnWriteArrayList<>();
    private volatile Thread thread;
    private volatile boolean cancelled;
    private volatile boolean finished;
    private ScheduledFuture<?> restop;

    private Call(String key) {
      this.key = key;
    }

    void runOn(Thread t) {
      thread = t;
    }

    Thread thread() {
      return thread;
    }

    boolean cancelled() {
      return cancelled;
    }

    /** Throws {@link Cancelled} where the client has cancelled the call. */
    void check() {
      if (cancelled) {
        throw new Cancelled();
      }
    }

    /** Runs {@code stop} on cancellation (now, if it was already cancelled). */
    void onCancel(Runnable stop) {
      stoppers.add(stop);
      if (cancelled) {
        stop.run();
      }
    }

    private synchronized void cancel() {
      if (cancelled || finished) {
        return;
      }
      cancelled = true;
      stoppers.forEach(Runnable::run);
      restop =
          timer.scheduleWithFixedDelay(
              () -> {
                synchronized (this) { // never after finished(): the thread may run the next call
                  if (!finished) {
                    stoppers.forEach(Runnable::run);
                  }
                }
              },
              RESTOP_MILLIS,
              RESTOP_MILLIS,
              TimeUnit.MILLISECONDS);
    }

    synchronized void finished() {
      finished = true;
      running.remove(key);
      if (restop != null) {
        restop.cancel(false);
      }
      Thread.interrupted(); // a cancel's interrupt was for this call only, not the pool's thread
    }
  }
}
