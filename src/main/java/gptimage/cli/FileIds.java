package gptimage.cli;

import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.wire.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the Files API ids a request names ({@code --image file-...}, {@code --mask file-...})
 * before the image request is sent: an id the provider does not know is a usage error (exit 2),
 * found with a {@code GET /files/{id}} that costs nothing, not a paid request that fails.
 */
public final class FileIds {
  private FileIds() {}

  public static void check(ImageRequest request, ImageClient client) {
    List<String> ids = new ArrayList<>();
    request.imageRefs().stream().filter(ImageRequest::isFileId).forEach(ids::add);
    if (request.maskRef() != null && ImageRequest.isFileId(request.maskRef())) {
      ids.add(request.maskRef());
    }
    for (String id : ids) {
      try {
        client.batches().getJson("/files/" + id);
      } catch (NotFoundException e) {
        throw new UsageException(
            (id.equals(request.maskRef()) ? "--mask " : "--image ")
                + id
                + ": the provider has no file with this id (it answered 404). Upload the image"
                + " again, or give its path or URL.");
      }
    }
  }
}
