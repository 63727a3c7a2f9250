package gptimage.cli;

import gptimage.ImageToolException;
import gptimage.UsageException;
import gptimage.client.ImageClient;
import gptimage.client.ImageRequest;
import gptimage.client.ImageResult;
import gptimage.client.Pricing;
import gptimage.client.Protocol;
import gptimage.client.RouteProbe;
import gptimage.client.Secrets;
import gptimage.config.AzureTarget;
import gptimage.config.ClientConfig;
import gptimage.config.Configuration;
import gptimage.config.Setting;
import gptimage.config.Settings;
import gptimage.wire.ProxyRules;
import gptimage.wire.TlsFailure;
import gptimage.wire.Trust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * What {@code doctor} looks at, in order, each a {@link Check}: the configuration and where each
 * value came from, the Java runtime, proxy and trust, then the endpoint (DNS, TCP, TLS, the key)
 * and which routes answer, with requests that cost nothing. Stops reaching out at the first failure
 * that makes the rest pointless.
 */
final class DoctorChecks {
  /** One line of the report; {@code state} is ok, warn, fail or info. */
  record Check(String name, String state, String detail) {
    boolean failed() {
      return state.equals("fail");
    }
  }

  private static final int CONNECT_MS = 5_000;

  final List<Check> checks = new ArrayList<>();

  /** Whether a generation can work: the generations route took the key and the request. */
  boolean generationWorks;

  /** The key or token found, for the caller's redaction; null where none. */
  String key;

  /** Asked before the paid probe; null: no probe. */
  java.util.function.Predicate<String> askToProbe;

  private Trust trust = Trust.defaults();
  private final Configuration config;
  private final Environment env;

  DoctorChecks(Configuration config, Environment env) {
    this.config = config;
    this.env = env;
  }

  /** The first failure's words, or null where none failed. */
  String problem() {
    return checks.stream().filter(Check::failed).map(Check::detail).findFirst().orElse(null);
  }

  void run() {
    Settings s = config.settings();
    AzureTarget azure;
    try {
      azure = config.azure();
      if (azure != null) {
        azure.requireEndpoint();
      }
    } catch (UsageException e) {
      add("configuration", "fail", e.getMessage());
      return;
    }
    String base = azure != null ? azure.endpoint() : config.baseUrl();
    String baseSource = azure != null ? azure.endpointSource() : s.source(Setting.BASE_URL);
    add(
        "provider",
        "info",
        azure == null
            ? "openai ("
                + (s.get(Setting.PROVIDER) == null ? "default" : s.source(Setting.PROVIDER))
                + ")"
            : "azure, " + (azure.v1() ? "v1 URLs" : "deployment URLs") + " (" + why(s) + ")");
    add("base URL", "info", base + " (" + baseSource + ")");
    String key = azure != null ? azure.credential(false) : s.get(Setting.API_KEY);
    this.key = key;
    if (key == null) {
      add(
          "key",
          "fail",
          azure != null
              ? "No Azure credential: set AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN."
              : "No API key: set OPENAI_API_KEY in the environment or a .env file.");
    } else {
      add("key", "info", Secrets.mask(key) + " (" + keySource(s, azure) + ")");
    }
    add("model", "info", s.get(Setting.MODEL) + " (" + s.source(Setting.MODEL) + ")");
    if (azure != null) {
      add("deployment", "info", azure.deployment() + " (" + deploymentSource(s) + ")");
      String versionSource =
          s.get(Setting.API_VERSION) == null || s.get(Setting.API_VERSION).isBlank()
              ? "default"
              : s.source(Setting.API_VERSION);
      add("api-version", "info", azure.apiVersion() + " (" + versionSource + ")");
    }
    add("java", "info", Runtime.version() + " at " + System.getProperty("java.home"));
    add("start-up archive", "info", startupArchive());
    ProxyRules proxies;
    try {
      proxies = ProxyRules.fromEnvironment(env.variables());
    } catch (IllegalArgumentException e) {
      add("proxy", "fail", e.getMessage());
      return;
    }
    URI uri;
    try {
      uri = URI.create(base);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException e) {
      add("base URL", "fail", "The base URL " + base + " is not a URL with a host.");
      return;
    }
    URI proxy = proxies == null ? null : proxies.proxyFor(uri);
    add("proxy", "info", proxy == null ? "none (direct)" : proxy.getHost() + ":" + proxy.getPort());
    String store = System.getProperty("javax.net.ssl.trustStore");
    String jdkTrust = store != null ? store : "the Java runtime's own CA certificates";
    int extra;
    try {
      trust = TrustOption.of(config, env);
      extra = trust.extra().size();
    } catch (UsageException | IllegalArgumentException e) {
      add("CA trust", "fail", e.getMessage());
      return;
    }
    add(
        "CA trust",
        "info",
        extra == 0
            ? jdkTrust
            : jdkTrust + ", and " + extra + " certificate(s) from --ca-file / SSL_CERT_FILE");
    if (key == null || (proxy == null && !reach(uri))) {
      return;
    }
    ClientConfig cc = ClientConfig.of(config, env.variables(), env.workingDirectory(), key);
    ImageClient.Builder b =
        cc.builder()
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .timeoutName("doctor's 30 s limit")
            .trust(trust);
    if (azure != null) {
      b.provider(azure.provider());
    }
    try (ImageClient client = b.build()) {
      routes(client, azure);
      if (generationWorks && askToProbe != null) {
        probe(client, azure);
      }
    }
  }

  private boolean reach(URI uri) {
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
      add("DNS", "ok", host + " is " + address.getHostAddress());
    } catch (IOException e) {
      add("DNS", "fail", "The host " + host + " has no address (DNS): check the base URL.");
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), CONNECT_MS);
      add("TCP", "ok", "connected to " + host + ":" + port);
      if ("https".equalsIgnoreCase(uri.getScheme())) {
        try (SSLSocket tls =
            (SSLSocket)
                trust.context().getSocketFactory().createSocket(socket, host, port, false)) {
          SSLParameters checks = tls.getSSLParameters();
          checks.setEndpointIdentificationAlgorithm("HTTPS");
          tls.setSSLParameters(checks);
          tls.setSoTimeout(CONNECT_MS);
          tls.startHandshake();
          add("TLS", "ok", tls.getSession().getProtocol() + ", certificate trusted");
        } catch (IOException e) {
          String where = host + ":" + port;
          add(
              "TLS",
              "fail",
              TlsFailure.of(e, where, host, Duration.ofMillis(CONNECT_MS)).getMessage());
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      add(
          "TCP",
          "fail",
          "Cannot connect to "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "): is the server running, and is the base URL right?");
      return false;
    }
  }

  private void routes(ImageClient client, AzureTarget azure) {
    RouteProbe.Answer models = RouteProbe.get(client, "/models");
    if (!auth("models", models)) {
      return;
    }
    if (models.status() == 200 && models.body() instanceof java.util.Map<?, ?> m) {
      Object data = m.get("data");
      int n = data instanceof List<?> l ? l.size() : 0;
      add("models", "ok", n + " listed at " + RouteProbe.url(client, "/models"));
    } else {
      add("models", "warn", "cannot be listed here (" + models.message() + ")");
    }
    RouteProbe.Answer gen = RouteProbe.postEmpty(client, "/images/generations");
    if (!auth("generations", gen)) {
      return;
    }
    generationWorks = gen.routeWorks();
    if (generationWorks) {
      add("generations", "ok", "answers at " + RouteProbe.url(client, "/images/generations"));
    } else if (azure != null && "DeploymentNotFound".equals(gen.code())) {
      add(
          "generations",
          "fail",
          "The Azure deployment '"
              + azure.deployment()
              + "' does not exist at "
              + azure.endpoint()
              + ": set --deployment / AZURE_OPENAI_DEPLOYMENT to one of the resource's"
              + " deployments. ("
              + gen.message()
              + ")");
    } else {
      add("generations", "fail", "The generations route does not work: " + gen.message());
    }
    route(client, "edits", "/images/edits");
    route(client, "chat", "/chat/completions");
    if (azure == null) {
      // Azure serves Responses outside its deployment paths, where this client does not go.
      route(client, "responses", "/responses");
    }
    String noBatch = client.provider().noBatchApi();
    if (noBatch != null) {
      add("Batch API", "info", "none for images here");
    } else {
      RouteProbe.Answer batches = RouteProbe.get(client, "/batches?limit=1");
      add(
          "Batch API",
          batches.status() == 200 ? "ok" : "warn",
          batches.status() == 200 ? "answers" : "no (" + batches.message() + ")");
    }
  }

  /** One low-quality image, paid for, after asking; saved to a temporary folder and deleted. */
  private void probe(ImageClient client, AzureTarget azure) {
    Settings s = config.settings();
    ImageRequest request =
        ImageRequest.builder("a small red circle on a white background")
            .model(azure != null && azure.v1() ? azure.deployment() : s.get(Setting.MODEL))
            .protocol(Protocol.parse(s.get(Setting.PROTOCOL)))
            .quality(Protocol.parse(s.get(Setting.PROTOCOL)) == Protocol.OPENAI_CHAT ? null : "low")
            .size("1024x1024")
            .build();
    Double price = Pricing.estimate(request);
    String question =
        "Make one low-quality 1024x1024 image with "
            + request.model()
            + " to prove a generation works, for "
            + (price == null
                ? "a price not known here"
                : String.format(Locale.ROOT, "about $%.3f", price))
            + "? [y/N] ";
    if (!askToProbe.test(question)) {
      add("probe", "info", "skipped: not confirmed");
      return;
    }
    Path folder = null;
    try {
      folder = Files.createTempDirectory("gpt-image-2-api-doctor");
      long started = System.nanoTime();
      ImageResult r = client.generate(request, ImageClient.SaveOptions.in(folder));
      add(
          "probe",
          "ok",
          r.images().size()
              + " image made in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms"
              + (r.costUsd() != null ? String.format(Locale.ROOT, ", $%.4f", r.costUsd()) : ""));
    } catch (ImageToolException e) {
      generationWorks = false;
      add("probe", "fail", "The probe image failed: " + e.getMessage());
    } catch (IOException e) {
      add("probe", "warn", "no temporary folder for the probe: " + e.getMessage());
    } finally {
      deleteAll(folder);
    }
  }

  private static void deleteAll(Path folder) {
    if (folder == null) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }

  private void route(ImageClient client, String name, String path) {
    RouteProbe.Answer a = RouteProbe.postEmpty(client, path);
    add(
        name,
        a.routeWorks() ? "ok" : "warn",
        a.routeWorks() ? "answers" : "no (" + a.message() + ")");
  }

  /** False, with the failure, where the key was refused or nothing answered. */
  private boolean auth(String name, RouteProbe.Answer a) {
    if (a.status() == 401 || a.status() == 403) {
      add("key", "fail", "The key was refused (HTTP " + a.status() + "): " + a.message());
      return false;
    }
    if (a.status() == 0) {
      add(name, "fail", a.message());
      return false;
    }
    return true;
  }

  private static String why(Settings s) {
    return s.get(Setting.PROVIDER) != null ? s.source(Setting.PROVIDER) : "seen in the host name";
  }

  private static String keySource(Settings s, AzureTarget azure) {
    if (azure != null && s.get(Setting.AZURE_API_KEY) != null) {
      return "AZURE_OPENAI_API_KEY, " + s.source(Setting.AZURE_API_KEY);
    }
    if (azure != null && s.get(Setting.API_KEY) == null) {
      return "AZURE_OPENAI_AD_TOKEN, " + s.source(Setting.AZURE_AD_TOKEN) + ", Entra ID token";
    }
    return "OPENAI_API_KEY, " + s.source(Setting.API_KEY);
  }

  private static String deploymentSource(Settings s) {
    return s.get(Setting.DEPLOYMENT) != null
        ? s.source(Setting.DEPLOYMENT)
        : "the model's name, " + s.source(Setting.MODEL);
  }

  private static String startupArchive() {
    for (String arg :
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // JDK 25's launcher passes an AOT cache; 17 to 24 a dynamic CDS archive.
      for (String flag : List.of("-XX:AOTCache=", "-XX:SharedArchiveFile=")) {
        if (arg.startsWith(flag)) {
          return "in use: " + arg.substring(flag.length());
        }
      }
    }
    return "none given (the launcher passes one; start-up is slower without)";
  }

  private void add(String name, String state, String detail) {
    checks.add(new Check(name, state, detail));
  }
}
