package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error answers of OpenAI, of gateways, and of the proxies in front of them: type and message. */
class ApiErrorsTest {
  static final HttpHeaders HEADERS =
      HttpHeaders.of(
          Map.of("x-request-id", List.of("req_1"), "retry-after", List.of("7")), (k, v) -> true);

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          400 | {"error":{"message":"Invalid size '1000x1000'.","type":"invalid_request_error","param":"size","code":"invalid_value"}} | BadRequestException | invalid_request_error | invalid_value | size | Image API failed with HTTP 400: Invalid size '1000x1000'. (code: invalid_value, param: size) [request id req_1]
          400 | {"error":{"message":"Your request was rejected by the safety system.","type":"image_generation_user_error","param":null,"code":"moderation_blocked"}} | RefusalException | image_generation_user_error | moderation_blocked | | Image API failed with HTTP 400: Your request was rejected by the safety system. (code: moderation_blocked) Rephrase the prompt or change the images; the same request would be refused again. [request id req_1]
          400 | {"error":{"message":"This request has been blocked by our content filters.","type":"content_policy_violation","param":null,"code":null}} | RefusalException | content_policy_violation | | | Image API failed with HTTP 400: This request has been blocked by our content filters. Rephrase the prompt or change the images; the same request would be refused again. [request id req_1]
          400 | {"error":{"message":"Unknown parameter: 'colour'.","type":"invalid_request_error","param":"colour","code":null}} | BadRequestException | invalid_request_error | | colour | Image API failed with HTTP 400: Unknown parameter: 'colour'. (param: colour) [request id req_1]
          401 | {"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}} | AuthenticationException | invalid_request_error | invalid_api_key | | Image API failed with HTTP 401: Incorrect API key provided. (code: invalid_api_key) [request id req_1]
          403 | {"error":{"message":"Your organization must be verified to use gpt-image-2.","type":"invalid_request_error","code":null}} | PermissionDeniedException | invalid_request_error | | | Image API failed with HTTP 403: Your organization must be verified to use gpt-image-2. [request id req_1]
          404 | {"error":{"message":"The model 'gpt-image-9' does not exist.","type":"invalid_request_error","param":"model","code":"model_not_found"}} | NotFoundException | invalid_request_error | model_not_found | model | Image API failed with HTTP 404: The model 'gpt-image-9' does not exist. (code: model_not_found, param: model) [request id req_1]
          422 | {"detail":"Input should be a valid integer"} | UnprocessableEntityException | | | | Image API failed with HTTP 422: Input should be a valid integer [request id req_1]
          429 | {"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}} | RateLimitException | insufficient_quota | insufficient_quota | | Image API failed with HTTP 429: You exceeded your current quota. (code: insufficient_quota) [request id req_1]
          429 | {"error":{"message":"Rate limit exceeded: free-models-per-day","code":429}} | RateLimitException | | 429 | | Image API failed with HTTP 429: Rate limit exceeded: free-models-per-day (code: 429) [request id req_1]
          500 | {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}} | InternalServerException | server_error | | | Image API failed with HTTP 500: The server had an error while processing your request. [request id req_1]
          502 | `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>` | InternalServerException | | | | Image API failed with HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx [request id req_1]
          503 | `<!DOCTYPE html><html><head><style>body{color:red}</style><script>var a = "<b>";</script></head><body>Service&nbsp;Unavailable &amp; busy</body></html>` | InternalServerException | | | | Image API failed with HTTP 503: Service Unavailable & busy [request id req_1]
          502 | {"error":"upstream connect error"} | InternalServerException | | | | Image API failed with HTTP 502: upstream connect error [request id req_1]
          504 | {"message":"Endpoint request timed out"} | InternalServerException | | | | Image API failed with HTTP 504: Endpoint request timed out [request id req_1]
          418 | I'm a teapot | UnexpectedStatusException | | | | Image API failed with HTTP 418: I'm a teapot [request id req_1]
          409 | `` | UnexpectedStatusException | | | | Image API failed with HTTP 409: (empty body) [request id req_1]
          402 | {"error":{"code":402,"message":"Insufficient credits"}} | UnexpectedStatusException | | 402 | | Image API failed with HTTP 402: Insufficient credits (code: 402) [request id req_1]
          """)
  void anErrorAnswerBecomesItsException(
      int status,
      String body,
      String type,
      String errorType,
      String code,
      String param,
      String message) {
    byte[] bytes = body.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    ApiException e = ApiErrors.of(status, HEADERS, bytes, "req_1");
    assertEquals(type, e.getClass().getSimpleName());
    assertEquals(message, e.getMessage());
    assertEquals(status, e.status());
    assertEquals(errorType, e.type());
    assertEquals(code, e.code());
    assertEquals(param, e.param());
    assertEquals("req_1", e.requestId());
    assertSame(HEADERS, e.headers());
    assertEquals("7", e.headers().firstValue("retry-after").orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a long page is cut to 300 characters | 300
          """)
  void aLongBodyIsCut(String name, int limit) {
    String body = "x".repeat(1000);
    ApiException e = ApiErrors.of(500, HEADERS, body.getBytes(StandardCharsets.UTF_8), null);
    assertEquals("Image API failed with HTTP 500: " + "x".repeat(limit) + "...", e.getMessage());
    assertNull(e.requestId());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          json answer   | false | 200 | {"code":"moderation_blocked","message":"Rejected."} | RefusalException    | Image API failed with HTTP 200: Rejected. (code: moderation_blocked) Rephrase the prompt or change the images; the same request would be refused again. [request id r]
          stream event  | true  | 200 | {"code":"moderation_blocked","message":"Rejected."} | RefusalException    | Image API stream failed: Rejected. (code: moderation_blocked) Rephrase the prompt or change the images; the same request would be refused again. [request id r]
          stream event  | true  | 200 | {"type":"server_error","message":"Try again."}     | StreamErrorException | Image API stream failed: Try again. [request id r]
          bare text     | true  | 200 | not an object                                       | StreamErrorException | Image API stream failed: not an object [request id r]
          """)
  void anErrorInsideASuccessfulAnswer(
      String name, boolean inStream, int status, String error, String type, String message) {
    Object tree = error.startsWith("{") ? gptimage.json.Json.parse(error) : error;
    ApiException e = ApiErrors.inAnswer(tree, status, null, "r", inStream);
    assertEquals(type, e.getClass().getSimpleName());
    assertEquals(message, e.getMessage());
    assertEquals(200, e.status());
    assertEquals("r", e.requestId());
  }
}
