package gptimage.client;

import gptimage.json.Json;

/** The Images API's JSON answer: {@code data[]} of {@code b64_json} or {@code url}, and usage. */
final class ImagesJsonAnswer {
  private ImagesJsonAnswer() {}

  static void read(Object tree, CallSaving got) {
    FoundImage.findEach(Json.at(tree, "data"), got.pending);
    got.usage = Answers.usageOf(Json.at(tree, "usage"));
  }
}
