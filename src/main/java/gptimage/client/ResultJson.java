package gptimage.client;

import gptimage.ImageToolException;
import gptimage.wire.ApiException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The result JSON of saved images, in one place for the command's stdout, a batch's {@code
 * results.jsonl} lines and the provider batch's: {@code files}, {@code images}, {@code partials},
 * {@code usage}, {@code cost_usd}, {@code cost_basis}, {@code request_id}, {@code size} (as sent),
 * {@code warnings} ({@link ImageResult#warnings()}).
 */
public final class ResultJson {
  private ResultJson() {}

  /**
   * What the command prints: the saved fields, then {@code model}, {@code protocol}, {@code
   * elapsed_ms} and, where the run is partly done, {@code incomplete}.
   */
  public static Map<String, Object> of(ImageResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    putSaved(json, r, r.costUsd());
    json.put("model", r.model());
    json.put("protocol", r.protocol().wireName());
    json.put("elapsed_ms", r.elapsedMillis());
    if (r.chain() != null) {
      json.putAll(r.chain());
    }
    if (r.incomplete() != null) {
      json.put("incomplete", r.incomplete());
    }
    return json;
  }

  /**
   * Adds what was saved to {@code into}: {@code files} (paths), {@code images} (one object each),
   * {@code partials} where any were kept, then {@code usage}, {@code cost_usd} with {@code
   * cost_basis} ({@code usage}, or {@code estimate} where the result has no cost of its own),
   * {@code request_id}, {@code size} and {@code warnings} where known.
   *
   * @param costUsd the cost to report (the result's own, or a batch's estimate or discount); null
   *     for none
   */
  public static void putSaved(Map<String, Object> into, ImageResult r, Double costUsd) {
    into.put("files", r.images().stream().map(i -> i.file().toString()).toList());
    into.put("images", r.images().stream().map(SavedImage::toJson).toList());
    if (!r.partials().isEmpty()) {
      into.put("partials", r.partials().stream().map(SavedImage::toJson).toList());
    }
    if (r.usage() != null) {
      into.put("usage", r.usage());
    }
    if (costUsd != null) {
      into.put("cost_usd", BigDecimal.valueOf(costUsd));
      into.put("cost_basis", r.costUsd() != null ? r.costBasis() : "estimate");
    }
    if (r.requestId() != null) {
      into.put("request_id", r.requestId());
    }
    if (r.size() != null) {
      into.put("size", r.size());
    }
    if (!r.warnings().isEmpty()) {
      into.put("warnings", r.warnings());
    }
  }

  /**
   * Adds why a request failed to {@code into}: {@code error} (the message, through {@code redact}),
   * and where the API answered, what it said as the SDKs name it: {@code error_status}, {@code
   * error_type}, {@code error_code}, {@code error_param}; for a refusal, {@code refused} (the
   * provider's reason, code, and its filter's findings where given).
   */
  public static void putFailure(
      Map<String, Object> into, ImageToolException e, UnaryOperator<String> redact) {
    into.put("error", redact.apply(e.getMessage()));
    if (e instanceof ApiException api) {
      into.put("error_status", api.status());
      putIfSet(into, "error_type", api.type());
      putIfSet(into, "error_code", api.code());
      putIfSet(into, "error_param", api.param());
    }
    if (e instanceof gptimage.wire.RefusalException r) {
      into.put("refused", r.refused());
    }
  }

  /** What the command prints for a refused request: no files, the error, and {@code refused}. */
  public static Map<String, Object> ofRefusal(
      gptimage.wire.RefusalException e, UnaryOperator<String> redact) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", java.util.List.of());
    putFailure(json, e, redact);
    return json;
  }

  private static void putIfSet(Map<String, Object> into, String key, Object value) {
    if (value != null) {
      into.put(key, value);
    }
  }
}
