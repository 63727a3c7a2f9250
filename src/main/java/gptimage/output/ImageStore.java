package gptimage.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saves images into one folder without ever overwriting or leaving half a file: each image is
 * written to a hidden temporary file in the folder, then linked to a name that did not exist (an
 * atomic create-exclusive), and the temporary name is removed.
 */
public final class ImageStore {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final Set<Path> LIVE_TEMPS = ConcurrentHashMap.newKeySet();
  private static final java.util.Queue<Path> KEPT =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final java.util.concurrent.atomic.AtomicInteger KEPT_COUNT =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Files remembered for {@link #keptSoFar}: the newest, so a long batch stays small. */
  static final int KEPT_REMEMBERED = 1000;

  private final Path folder;

  public ImageStore(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  public Path folder() {
    return folder;
  }

  /**
   * Creates the folder where it is missing.
   *
   * @throws OutputException where it cannot be created or is not a folder
   */
  public void prepare() {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new UnusableFolderException(
          "<<folder>> " + folder + " is a file, not a folder: give a folder to save images in.");
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UnusableFolderException(
          "<<folder>> " + folder + " cannot be created (" + reason(e) + ").");
    }
    if (!Files.isWritable(folder)) {
      throw new UnusableFolderException("<<folder>> " + folder + " is not writable.");
    }
  }

  /** A new, empty temporary file in the folder, removed by {@link #discardAll} if never kept. */
  public Path newTemp() {
    try {
      // Not createTempFile: its owner-only permissions would stick to the saved image.
      while (true) {
        Path temp =
            folder.resolve(".gpt-image-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
        try {
          Files.createFile(temp);
          LIVE_TEMPS.add(temp);
          return temp;
        } catch (FileAlreadyExistsException taken) {
          // another name
        }
      }
    } catch (IOException e) {
      throw new OutputException("Cannot write in " + folder + " (" + reason(e) + ").", e);
    }
  }

  /**
   * Opens a temporary file for writing. A failed write (a full disk, say) throws {@link
   * OutputException}, not {@link IOException}, so that it is never mistaken for a broken connection
   * and retried.
   */
  public OutputStream open(Path temp) throws IOException {
    OutputStream file =
        Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    return new java.io.FilterOutputStream(file) {
      @Override
      public void write(byte[] b, int off, int len) {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw writeFailed(e);
        }
      }

      @Override
      public void write(int b) {
        try {
          out.write(b);
        } catch (IOException e) {
          throw writeFailed(e);
        }
      }

      @Override
      public void close() {
        try {
          out.close();
        } catch (IOException e) {
          throw writeFailed(e);
        }
      }
    };
  }

  private OutputException writeFailed(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("No space left") || m.contains("Disk quota exceeded")) {
      return new OutputException(
          "The disk holding "
              + folder
              + " is full ("
              + m
              + "); free some space or give another --output folder.",
          e);
    }
    return new OutputException("Cannot write in " + folder + " (" + reason(e) + ").", e);
  }

  /**
   * Gives a finished temporary file its final name, {@code stem.ext}, or {@code stem-2.ext}, {@code
   * stem-3.ext}... where that name is taken, even by another process at the same moment.
   */
  public Path keep(Path temp, String stem, String extension) {
    for (int attempt = 1; ; attempt++) {
      Path target = folder.resolve(stem + (attempt == 1 ? "" : "-" + attempt) + "." + extension);
      try {
        try {
          Files.createLink(target, temp);
          Files.delete(temp);
        } catch (UnsupportedOperationException | FileSystemException e) {
          if (e instanceof FileAlreadyExistsException || e instanceof AccessDeniedException) {
            throw e;
          }
          // No hard links here (some network and FAT file systems): reserve the name, then
          // move over the reservation, which is ours alone.
          Files.createFile(target);
          Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        LIVE_TEMPS.remove(temp);
        KEPT.add(target);
        if (KEPT_COUNT.incrementAndGet() > KEPT_REMEMBERED && KEPT.poll() != null) {
          KEPT_COUNT.decrementAndGet();
        }
        return target;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10_000) {
          throw new OutputException("Cannot find a free name for " + stem + " in " + folder, e);
        }
      } catch (IOException e) {
        throw new OutputException("Cannot save " + target + " (" + reason(e) + ").", e);
      }
    }
  }

  public void discard(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // best effort: the file is hidden and marked .part
    }
    LIVE_TEMPS.remove(temp);
  }

  /** The files this process has saved under their final names (the newest 1,000), oldest first. */
  public static List<Path> keptSoFar() {
    return List.copyOf(KEPT);
  }

  /** Removes every temporary file not yet kept, in every store: for interrupts and failures. */
  public static void discardAll() {
    for (Path temp : Set.copyOf(LIVE_TEMPS)) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // best effort
      }
      LIVE_TEMPS.remove(temp);
    }
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
