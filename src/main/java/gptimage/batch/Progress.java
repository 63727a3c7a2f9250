package gptimage.batch;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The batch's progress on stderr: on a terminal, one bar redrawn in place four times a second;
 * otherwise a plain line every five seconds. Both give done, failed, in flight, images a minute,
 * the time left and the spend so far.
 */
final class Progress implements AutoCloseable {
  final AtomicInteger done = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger images = new AtomicInteger();
  private final AtomicLong spentMicros = new AtomicLong();
  private final int toRun;
  private final PrintStream err;
  private final boolean terminal;
  private final IntSupplier inFlight;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker;

  Progress(int toRun, PrintStream err, boolean terminal, boolean quiet, IntSupplier inFlight) {
    this.toRun = toRun;
    this.err = err;
    this.terminal = terminal;
    this.inFlight = inFlight;
    if (quiet || toRun == 0) {
      ticker = null;
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "batch-progress");
              t.setDaemon(true);
              return t;
            });
    long every = terminal ? 250 : 5000;
    ticker.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
  }

  void spent(double usd) {
    spentMicros.addAndGet(Math.round(usd * 1e6));
  }

  double spent() {
    return spentMicros.get() / 1e6;
  }

  String line() {
    int d = done.get();
    int f = failed.get();
    double minutes = (System.nanoTime() - started) / 60e9;
    double perMinute = minutes > 0 ? images.get() / minutes : 0;
    double jobsPerMinute = minutes > 0 ? (d + f) / minutes : 0;
    int left = toRun - d - f;
    String eta =
        jobsPerMinute > 0 && left > 0 ? duration(left / jobsPerMinute * 60) : left > 0 ? "?" : "0s";
    return String.format(
        Locale.ROOT,
        "%d/%d done, %d failed, %d in flight, %.0f images/min, ETA %s, $%.4f spent",
        d,
        toRun,
        f,
        inFlight.getAsInt(),
        perMinute,
        eta,
        spent());
  }

  private void print() {
    if (terminal) {
      int width = 24;
      int filled = toRun == 0 ? width : (done.get() + failed.get()) * width / toRun;
      err.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + line() + "\033[K");
      err.flush();
    } else {
      err.println("batch: " + line());
    }
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? s / 3600 + "h" + (s % 3600) / 60 + "m"
        : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      print();
      if (terminal) {
        err.println();
      }
    }
  }
}
