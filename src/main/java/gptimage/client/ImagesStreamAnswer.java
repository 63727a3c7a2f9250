package gptimage.client;

import gptimage.ImageToolException;
import gptimage.InterruptedRunException;
import gptimage.json.Json;
import gptimage.wire.AnswerReader;
import gptimage.wire.ApiErrors;
import gptimage.wire.NetworkException;
import gptimage.wire.SseReader;
import gptimage.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Images API's event stream: {@code image_generation.partial_image} and {@code
 * image_edit.partial_image} events, then one {@code .completed} event per image. A completed image
 * is saved the moment it arrives; a stream that breaks off after one keeps it and says what is
 * missing, rather than paying for it again with a retry.
 */
final class ImagesStreamAnswer {
  private ImagesStreamAnswer() {}

  static void read(Transport.Answer answer, AnswerReader reader, CallSaving got, String timeoutName)
      throws IOException {
    SseReader sse = new SseReader(answer.body());
    boolean sawAny = false;
    int partialsSeen = 0;
    try {
      SseReader.Event event;
      while ((event = sse.next()) != null) {
        InputStream data = Answers.eventData(event.data());
        if (data == Answers.DONE) {
          sawAny = true;
          break;
        }
        if (data == null) {
          continue;
        }
        int before = reader.spooled().size();
        Object tree = reader.read(data, "stream event");
        sawAny = true;
        if (Json.at(tree, "error") != null) {
          throw ApiErrors.inAnswer(Json.at(tree, "error"), 200, null, got.requestId, true);
        }
        String type = Answers.str(Json.at(tree, "type"));
        List<FoundImage> found = new ArrayList<>();
        if (type != null && type.endsWith(".partial_image")) {
          FoundImage.find(tree, found, null);
          partialsSeen += found.size();
          found.forEach(got::partial);
        } else if (type == null || type.endsWith(".completed")) {
          FoundImage.find(tree, found, null);
          found.forEach(got::keepImage);
          got.usage = Usage.sum(got.usage, Answers.usageOf(Json.at(tree, "usage")));
        }
        reader.spooled().subList(before, reader.spooled().size()).clear(); // kept or discarded
      }
    } catch (IOException | ImageToolException e) {
      if (got.images.isEmpty() || e instanceof InterruptedRunException) {
        got.dropPartials();
        if (e instanceof IOException || e instanceof NetworkException) {
          throw new NetworkException(
              "The image stream broke off before a completed image arrived ("
                  + partialsSeen
                  + " partial images had)"
                  + Answers.requestIdNote(got.requestId)
                  + ": "
                  + e.getMessage(),
              !(e instanceof NetworkException n) || n.retryable(),
              e);
        }
        throw e;
      }
      got.incomplete =
          (answer.timedOut().getAsBoolean()
                  ? "The stream took longer than the timeout (" + timeoutName + ")"
                  : "The stream broke off (" + e.getMessage() + ")")
              + " after "
              + got.images.size()
              + " completed image"
              + (got.images.size() == 1 ? "" : "s")
              + "; those are saved, the rest did not arrive"
              + Answers.requestIdNote(got.requestId)
              + ".";
      return;
    }
    if (got.images.isEmpty()) {
      got.dropPartials();
      throw new NetworkException(
          sawAny
              ? "The image stream ended without a completed image ("
                  + partialsSeen
                  + " partial images arrived)"
                  + Answers.requestIdNote(got.requestId)
                  + "."
              : "The image stream ended before any event arrived.",
          !sawAny, // a stream that ended properly without an image would end so again
          null);
    }
  }
}
