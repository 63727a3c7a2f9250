package gptimage.wire;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The time limit of each whole attempt, from sending to the last byte of the answer (streams
 * included): when it passes, the connection or body in use is closed and the attempt's thread
 * interrupted, whatever it was blocked in.
 */
final class AttemptWatchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor alarms;

  AttemptWatchdog() {
    alarms =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "attempt-timeout");
              t.setDaemon(true);
              return t;
            });
    // A cancelled alarm would otherwise wait in the queue for its whole timeout (600 s): a
    // batch of thousands of requests would hold thousands of them.
    alarms.setRemoveOnCancelPolicy(true);
  }

  /** The armed alarm of each thread making an attempt, for {@link #breakOff}. */
  private final java.util.Map<Thread, Alarm> armed = new java.util.concurrent.ConcurrentHashMap<>();

  /** An armed limit for the attempt on the calling thread; {@link Alarm#close} disarms it. */
  Alarm arm(Duration limit) {
    Alarm a = new Alarm(limit);
    armed.put(a.worker, a);
    return a;
  }

  /**
   * Closes the connection or body of the attempt {@code worker} is making, if any: for a caller
   * that cancels the call (the limit has not passed, so {@link Alarm#fired} stays false).
   */
  void breakOff(Thread worker) {
    Alarm a = armed.get(worker);
    if (a != null) {
      a.breakOff();
    }
  }

  /** One attempt's limit. */
  final class Alarm implements AutoCloseable {
    private final Thread worker = Thread.currentThread();
    private volatile boolean fired;
    private Closeable current; // guarded by this: what the alarm breaks off
    private boolean over; // guarded by this: once the attempt is over, the alarm does nothing
    private boolean broken; // guarded by this: fired or broken off; what comes after is closed too
    private final ScheduledFuture<?> future;

    private Alarm(Duration limit) {
      future = alarms.schedule(this::fire, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void fire() {
      if (over) {
        return;
      }
      fired = true;
      broken = true;
      if (current != null) {
        try {
          current.close();
        } catch (IOException ignored) {
          // closing is all we can do
        }
      }
      // Under the lock, so it cannot land after the attempt has ended and cleared it: a stray
      // interrupt would fail whatever the thread does next (a batch's next job).
      worker.interrupt();
    }

    private synchronized void breakOff() {
      broken = !over;
      if (!over && current != null) {
        try {
          current.close();
        } catch (IOException ignored) {
          // closing is all we can do
        }
      }
    }

    /** Whether the limit has passed. */
    boolean fired() {
      return fired;
    }

    /**
     * Where the attempt says what to close when the limit passes. What it names after that (a fresh
     * connection for a request that found its kept-alive one closed, say) is closed at once: the
     * attempt is over.
     */
    Consumer<Closeable> breakable() {
      return c -> {
        synchronized (this) {
          current = c;
          if (broken) {
            try {
              c.close();
            } catch (IOException ignored) {
              // closing is all we can do
            }
          }
        }
      };
    }

    @Override
    public void close() {
      future.cancel(false);
      armed.remove(worker, this);
      synchronized (this) {
        over = true;
      }
      if (fired) {
        Thread.interrupted(); // the watchdog's interrupt was for this attempt only
      }
    }
  }

  @Override
  public void close() {
    alarms.shutdownNow();
  }
}
