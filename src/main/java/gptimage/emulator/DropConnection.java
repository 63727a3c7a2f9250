package gptimage.emulator;

/** Thrown by a route to drop the connection without an answer (faults, and closing down). */
final class DropConnection extends RuntimeException {
  DropConnection() {
    super("connection dropped on purpose", null, false, false);
  }
}
