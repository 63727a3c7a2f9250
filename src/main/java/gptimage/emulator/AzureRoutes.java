package gptimage.emulator;

import gptimage.emulator.RouteTable.Gate;
import gptimage.emulator.RouteTable.Handler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI's routes over the same image and chat handlers: the deployment style ({@code
 * /openai/deployments/{name}/images/generations?api-version=V}, the version required, the
 * deployment known) and the v1 style ({@code /openai/v1/images/generations}, the body's {@code
 * model} naming the deployment). Unknown deployments get Azure's 404 {@code DeploymentNotFound}.
 */
final class AzureRoutes {
  private final Map<String, String> deployments;

  AzureRoutes(EmulatorOptions options) {
    Map<String, String> d = new LinkedHashMap<>(options.azureDeployments());
    if (d.isEmpty()) {
      ModelsRoute.MODELS.forEach(m -> d.put(m, m));
    }
    this.deployments = d;
  }

  /** Adds the Azure rows for the generations, edits and chat handlers. */
  void register(RouteTable routes, Handler generations, Handler edits, Handler chat) {
    String d = "/openai/deployments/{id}";
    routes
        .add("POST", d + "/images/generations", Gate.IMAGE, deployment(generations))
        .add("POST", d + "/images/edits", Gate.IMAGE, deployment(edits))
        .add("POST", d + "/chat/completions", Gate.IMAGE, deployment(chat))
        .add("POST", "/openai/v1/images/generations", Gate.IMAGE, v1(generations))
        .add("POST", "/openai/v1/images/edits", Gate.IMAGE, v1(edits))
        .add("POST", "/openai/v1/chat/completions", Gate.IMAGE, v1(chat));
  }

  private Handler deployment(Handler inner) {
    return new Handler() {
      @Override
      public void precheck(Exchange in) {
        String version = queryParam(in, "api-version");
        if (version == null || version.isBlank()) {
          throw ApiError.shaped(
              400,
              error(
                  "MissingApiVersionParameter",
                  "The api-version query parameter (?api-version=) is required for all"
                      + " requests."));
        }
        known(in.segment(2));
      }

      @Override
      public int answer(Exchange in, Fault fault) throws IOException {
        return inner.answer(in, fault);
      }
    };
  }

  private Handler v1(Handler inner) {
    return new Handler() {
      @Override
      public void precheck(Exchange in) {
        String version = queryParam(in, "api-version");
        if (version != null && !version.equals("preview") && !version.equals("latest")) {
          throw ApiError.shaped(
              400,
              error(
                  "BadRequest",
                  "API version not supported: the v1 API takes api-version=preview, latest or"
                      + " none, got "
                      + version
                      + "."));
        }
        known(model(in));
      }

      @Override
      public int answer(Exchange in, Fault fault) throws IOException {
        return inner.answer(in, fault);
      }
    };
  }

  private void known(String name) {
    if (name == null || !deployments.containsKey(name)) {
      throw ApiError.shaped(
          404,
          error(
              "DeploymentNotFound",
              "The API deployment for this resource does not exist. If you created the deployment"
                  + " within the last 5 minutes, please wait a moment and try again. (Deployments"
                  + " here: "
                  + String.join(", ", deployments.keySet())
                  + ".)"));
    }
  }

  /** The deployments and the model each serves, as {@code serve} lists them. */
  Map<String, String> deployments() {
    return deployments;
  }

  private static String model(Exchange in) {
    if (in.json instanceof Map<?, ?> m && m.get("model") != null) {
      return String.valueOf(m.get("model"));
    }
    if (in.parts != null) {
      for (Multipart.Part p : in.parts) {
        if (p.name().equals("model") && p.filename() == null) {
          return p.text();
        }
      }
    }
    return null;
  }

  private static Map<String, Object> error(String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    return e;
  }

  static String queryParam(Exchange in, String name) {
    String q = in.ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    List<String> found = new ArrayList<>();
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (k.equals(name)) {
        found.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return found.isEmpty() ? null : found.get(0);
  }
}
