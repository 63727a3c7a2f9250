package gptimage.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A connection being opened on a second thread before the request that will use it is ready: an
 * https handshake costs a short command more time than anything else it does, and most of it can
 * run while the command still builds its request. Nothing is written on the connection until that
 * request claims it. Whatever opening it throws is thrown to the claimer, as if it had connected
 * itself; closing this (the claimer's time limit, or the client closing) breaks off a connect or
 * handshake still under way and closes a connection nobody claimed.
 */
final class EarlyConnection implements Closeable {
  /** Opens the connection; hears of the TCP socket before the handshake, to break it off. */
  @FunctionalInterface
  interface Opener {
    HttpConnection open(java.util.function.Consumer<Closeable> breakable) throws IOException;
  }

  private final CompletableFuture<HttpConnection> result = new CompletableFuture<>();
  private Closeable underWay; // guarded by this: the socket being connected or shaken hands over
  private boolean closed; // guarded by this

  private EarlyConnection() {}

  /** Starts opening on a daemon thread, which a finished command does not wait for. */
  static EarlyConnection start(String origin, Opener opener) {
    EarlyConnection early = new EarlyConnection();
    Thread t = new Thread(() -> early.run(opener), "early-connect " + origin);
    t.setDaemon(true);
    t.start();
    return early;
  }

  private void run(Opener opener) {
    try {
      HttpConnection c = opener.open(this::underWay);
      c.idleSince = System.nanoTime();
      result.complete(c);
      synchronized (this) {
        if (!closed) {
          return;
        }
      }
      c.close(); // closed while the handshake finished: nobody will claim it
    } catch (IOException | RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  private void underWay(Closeable socket) {
    boolean close;
    synchronized (this) {
      underWay = socket;
      close = closed;
    }
    if (close) {
      quietly(socket);
    }
  }

  /**
   * Waits for the connection.
   *
   * @throws IOException what opening it threw (a refused connection, a TLS failure, ...), or a
   *     {@link java.net.SocketException} where {@link #close} broke it off
   */
  HttpConnection claim() throws IOException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) cause;
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting");
    }
  }

  @Override
  public void close() {
    Closeable socket;
    synchronized (this) {
      closed = true;
      socket = underWay;
    }
    if (socket != null) {
      quietly(socket);
    }
    if (result.isDone() && !result.isCompletedExceptionally()) {
      result.join().close();
    }
  }

  private static void quietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing is all that is wanted
    }
  }
}
