package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.ImageResult;
import gptimage.client.Protocol;
import gptimage.client.SavedImage;
import gptimage.output.FolderState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --continue} continues from: the output folder's last result (its Responses API id
 * where it has one and the base URL is the same, and its saved images), a {@code resp_...} id, or a
 * saved image file. Each protocol continues in its own way: Responses sends {@code
 * previous_response_id} (or, without an id, the images as input), Images edits the images, a chat
 * gateway gets them as input images. The command's {@code --continue} and the MCP server's {@code
 * continue_image} both use it.
 *
 * @param given what {@code --continue} was given: {@code last}, an id or a path
 * @param responseId the Responses API id to continue, or null
 * @param files the images to continue from, absolute, existing
 */
public record Continuation(String given, String responseId, List<Path> files) {

  /** The state key of the folder's last result. */
  public static final String LAST = "last";

  /**
   * Reads {@code --continue}'s value: {@code true} (no value) for the folder's last result.
   *
   * @throws UsageException where there is nothing to continue
   */
  public static Continuation resolve(String value, Path folder, Path cwd, String baseUrl) {
    if (value.equals("true")) {
      Map<String, Object> state = new FolderState(folder).read();
      if (!(state.get(LAST) instanceof Map<?, ?> last)) {
        throw new UsageException(
            "--continue: there is no earlier result in "
                + folder
                + " to continue. Make an image there first (same --output), or give --continue"
                + " resp_... or --continue FILE.");
      }
      String id =
          last.get("response_id") instanceof String s && baseUrl.equals(last.get("base_url"))
              ? s
              : null;
      List<Path> files = new ArrayList<>();
      if (last.get("files") instanceof List<?> names) {
        for (Object name : names) {
          Path p = folder.resolve(String.valueOf(name));
          if (Files.isRegularFile(p)) {
            files.add(p);
          }
        }
      }
      if (id == null && files.isEmpty()) {
        throw new UsageException(
            "--continue: the last result in "
                + folder
                + " has no image left there and no response id for "
                + baseUrl
                + "; give --continue FILE.");
      }
      return new Continuation("last", id, files);
    }
    if (value.startsWith("resp_")) {
      return new Continuation(value, value, List.of());
    }
    Path p = cwd.resolve(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) {
      throw new UsageException(
          "--continue "
              + value
              + ": no such file. Give a saved image, a Responses API id (resp_...), or no value"
              + " for the last result in the output folder.");
    }
    return new Continuation(value, null, List.of(p));
  }

  /** The previous response id to send with {@code protocol}, or null. */
  public String previousResponseId(Protocol protocol) {
    return protocol == Protocol.OPENAI_RESPONSES ? responseId : null;
  }

  /**
   * The images to send as input with {@code protocol}; for Responses only where there is no id.
   *
   * @throws UsageException where the protocol cannot continue from an id alone
   */
  public List<Path> inputImages(Protocol protocol) {
    if (protocol == Protocol.OPENAI_RESPONSES && responseId != null) {
      return List.of();
    }
    if (files.isEmpty()) {
      throw new UsageException(
          protocol == Protocol.OPENAI_CHAT
              ? "--continue "
                  + given
                  + ": a chat gateway takes no previous_response_id, only images as input, and"
                  + " there is no saved image to send; give --continue FILE, or use --protocol"
                  + " openai_responses."
              : "--continue "
                  + given
                  + " is a Responses API id: use --protocol openai_responses, or continue from a"
                  + " saved image with --continue FILE.");
    }
    return files;
  }

  /** What the result JSON says was continued, under {@code continued}. */
  public Map<String, Object> json(Protocol protocol) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", given);
    if (previousResponseId(protocol) != null) {
      m.put("previous_response_id", responseId);
    } else {
      m.put("images", files.stream().map(Path::toString).toList());
    }
    return m;
  }

  /** Records {@code result} as the folder's last result, for the next {@code --continue}. */
  public static void remember(Path folder, ImageResult result, String baseUrl) {
    if (result.images().isEmpty()) {
      return;
    }
    FolderState state = new FolderState(folder);
    Map<String, Object> all = state.read();
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("protocol", result.protocol().wireName());
    last.put("model", result.model());
    last.put("base_url", baseUrl);
    Object id = result.chain() == null ? null : result.chain().get("response_id");
    if (id == null
        && result.chain() != null
        && result.chain().get("response_ids") instanceof List<?> ids) {
      id = ids.isEmpty() ? null : ids.get(0);
    }
    last.put("response_id", id);
    List<String> names = new ArrayList<>();
    for (SavedImage image : result.images()) {
      names.add(folder.relativize(image.file()).toString());
    }
    last.put("files", names);
    all.put(LAST, last);
    state.write(all);
  }
}
