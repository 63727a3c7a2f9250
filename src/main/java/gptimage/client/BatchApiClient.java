package gptimage.client;

import gptimage.json.Json;
import gptimage.output.ImageStore;
import gptimage.output.OutputException;
import gptimage.wire.AnswerReader;
import gptimage.wire.Body;
import gptimage.wire.NetworkException;
import gptimage.wire.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The provider's Batch API, through an {@link ImageClient}'s key, retries and log: input lines,
 * {@code /files} uploads and downloads, {@code /batches}, and saving the answers a batch's output
 * file brings. Get one with {@link ImageClient#batches()}.
 */
public final class BatchApiClient {
  private final ImageClient client;

  BatchApiClient(ImageClient client) {
    this.client = client;
  }

  /** The path a request takes in a Batch API input file, such as {@code /v1/images/edits}. */
  public static String batchEndpoint(ImageRequest request) {
    return RequestEncoder.batchEndpoint(request);
  }

  /**
   * Writes the request as one Batch API input line; images are streamed from disk.
   *
   * @return the bytes written
   */
  public static long writeBatchLine(ImageRequest request, String customId, OutputStream out)
      throws IOException {
    Body line = RequestEncoder.batchLine(request, customId);
    line.writeTo(out);
    return line.length();
  }

  /** GETs {@code path} (under the base URL) as a JSON object, with the key, retrying as set. */
  public Map<String, Object> getJson(String path) {
    return call(() -> client.authorized(Request.get(client.uri(path))), path);
  }

  /** POSTs a JSON body to {@code path} and reads the JSON object answered. */
  public Map<String, Object> postJson(String path, Object body) {
    String json = Json.toJson(body);
    return call(
        () ->
            client.authorized(
                Request.post(client.uri(path), new Body("application/json").text(json))),
        path);
  }

  /** Uploads a file as {@code POST /files} does it: multipart, with its purpose. */
  public Map<String, Object> uploadFile(Path file, String purpose, String contentType) {
    Body body = RequestEncoder.fileUpload(file, purpose, contentType, RequestEncoder.newBoundary());
    return call(() -> client.authorized(Request.post(client.uri("/files"), body)), "/files");
  }

  /** Downloads {@code path} (a file's content) into {@code target}, streamed. */
  public void download(String path, Path target) {
    client.transport.send(
        () -> client.authorized(Request.get(client.uri(path))),
        answer -> {
          try (OutputStream out = Files.newOutputStream(target)) {
            answer.body().transferTo(out);
          }
          return null;
        },
        client.timeoutName);
  }

  private Map<String, Object> call(Supplier<Request> request, String path) {
    return client.transport.send(
        () -> {
          Request r = request.get();
          if (client.log != null) {
            client.log.accept("> " + r.method() + " " + r.uri());
          }
          return r;
        },
        answer -> {
          Object tree =
              Json.parse(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
          if (!(tree instanceof Map<?, ?>)) {
            throw new NetworkException(
                "The answer to " + path + " is not a JSON object.", false, null);
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) tree;
          return map;
        },
        client.timeoutName);
  }

  /**
   * Reads a Batch API output or error file, streamed: each line's images are decoded to temporary
   * files in {@code folder} as they are read, and {@code each} gets the line's tree (with {@link
   * AnswerReader.Spooled} in place of base64). The temporary files not saved by {@link #saveAnswer}
   * are removed after each line.
   */
  public void readBatchOutput(Path file, Path folder, Consumer<Object> each) {
    ImageStore store = new ImageStore(folder);
    // Batch output lines hold no other "result" than a Responses image call's.
    AnswerReader reader = new AnswerReader(store, AnswerReader.RESPONSES_FIELDS);
    try (InputStream in = Files.newInputStream(file)) {
      reader.readEach(in, each);
    } catch (RuntimeException e) {
      reader.spooled().forEach(store::discard);
      throw e;
    } catch (IOException e) {
      throw new OutputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves the images of an answer already read (one Batch API output line's {@code body}) as {@link
   * ImageClient#generate} would: same names, same checks.
   */
  public ImageResult saveAnswer(
      Object answer, ImageRequest request, ImageClient.SaveOptions save, String requestId) {
    long started = System.nanoTime();
    CallSaving got =
        client.saving(
            new ImageStore(save.folder()),
            new ImageClient.SaveOptions(save.folder(), save.stem(), false));
    got.requestId = requestId;
    boolean responses = request.protocol() == Protocol.OPENAI_RESPONSES;
    if (responses) {
      ResponsesAnswer.read(answer, got);
    } else {
      ImagesJsonAnswer.read(answer, got);
    }
    if (got.pending.isEmpty()) {
      throw new NetworkException(Answers.summarise(answer, request.protocol()), false, null);
    }
    for (FoundImage f : got.pending) {
      got.keepImage(f);
    }
    return got.result(
        request,
        started,
        Pricing.estimate(request.model(), responses ? Usage.imageTool(got.usage) : got.usage),
        "usage",
        false);
  }
}
