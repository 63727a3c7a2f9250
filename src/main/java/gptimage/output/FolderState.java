package gptimage.output;

import gptimage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON file beside the images of an output folder ({@value #FILE}) that remembers what the
 * folder's last result was, so that the next call can continue from it, and which local files were
 * uploaded under which id. It holds no key. Each write goes to a temporary file in the folder, then
 * replaces the old one by an atomic rename, so a reader sees the old state or the new, never half.
 */
public final class FolderState {
  /** The state file's name in the output folder. */
  public static final String FILE = ".gpt-image-2-api-state.json";

  private final Path folder;

  public FolderState(Path folder) {
    this.folder = folder;
  }

  public Path file() {
    return folder.resolve(FILE);
  }

  /**
   * The state, or an empty map where the folder has none yet.
   *
   * @throws OutputException where the file cannot be read or is not a JSON object
   */
  public Map<String, Object> read() {
    String text;
    try {
      text = Files.readString(file());
    } catch (NoSuchFileException e) {
      return new LinkedHashMap<>();
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file() + ": " + e.getMessage(), e);
    }
    Object tree;
    try {
      tree = Json.parse(text);
    } catch (Json.JsonFormatException e) {
      tree = null;
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new OutputException(
          file() + " is not the JSON object this tool writes; delete it to start afresh.", null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) tree);
    return map;
  }

  /** Replaces the state, atomically. */
  public void write(Map<String, Object> state) {
    Path temp = null;
    try {
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, ".gpt-image-2-api-state", ".part");
      Files.writeString(temp, Json.toPrettyJson(state));
      Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException("Cannot write " + file() + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // best effort: a hidden .part file
        }
      }
    }
  }
}
