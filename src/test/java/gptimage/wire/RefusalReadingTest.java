package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gptimage.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal shape a provider answers with: the exception, its message and its details. */
class RefusalReadingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          openai moderation | {"error":{"message":"Your request was rejected by the safety system.","type":"image_generation_user_error","param":null,"code":"moderation_blocked","moderation_details":{"categories":["violence"]}}} | Image API failed with HTTP 400: Your request was rejected by the safety system. (code: moderation_blocked) Moderation details: {"categories":["violence"]}. Rephrase the prompt or change the images; the same request would be refused again. [request id req_1] | {"reason":"Your request was rejected by the safety system.","code":"moderation_blocked","moderation_details":{"categories":["violence"]},"request_id":"req_1"}
          dall-e policy | {"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system.","param":null,"type":"invalid_request_error"}} | Image API failed with HTTP 400: Your request was rejected as a result of our safety system. (code: content_policy_violation) Rephrase the prompt or change the images; the same request would be refused again. [request id req_1] | {"reason":"Your request was rejected as a result of our safety system.","code":"content_policy_violation","request_id":"req_1"}
          azure contentFilter | {"error":{"code":"contentFilter","message":"Your task failed as a result of our safety system."}} | Image API failed with HTTP 400: Your task failed as a result of our safety system. (code: contentFilter) Rephrase the prompt or change the images; the same request would be refused again. [request id req_1] | {"reason":"Your task failed as a result of our safety system.","code":"contentFilter","request_id":"req_1"}
          azure inner_error | {"error":{"code":null,"message":"Blocked.","inner_error":{"code":"ResponsibleAIPolicyViolation","content_filter_results":{"hate":{"filtered":true,"severity":"high"},"sexual":{"filtered":false,"severity":"safe"}}}}} | Image API failed with HTTP 400: Blocked. (code: ResponsibleAIPolicyViolation) Filtered: hate (high). Rephrase the prompt or change the images; the same request would be refused again. [request id req_1] | {"reason":"Blocked.","code":"ResponsibleAIPolicyViolation","filtered":"hate (high)","content_filter_results":{"hate":{"filtered":true,"severity":"high"},"sexual":{"filtered":false,"severity":"safe"}},"request_id":"req_1"}
          """)
  void eachRefusalQuotesTheProvider(String name, String body, String message, String refused) {
    ApiException e = ApiErrors.of(400, null, body.getBytes(StandardCharsets.UTF_8), "req_1");
    RefusalException r = assertInstanceOf(RefusalException.class, e);
    assertEquals(message, r.getMessage());
    assertEquals(Json.parse(refused), Json.parse(Json.toJson(r.refused())));
  }
}
