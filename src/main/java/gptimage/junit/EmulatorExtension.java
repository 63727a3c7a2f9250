package gptimage.junit;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The project's emulator of the OpenAI image API as a JUnit 5 extension, for a user's own tests: a
 * real HTTP server on a free loopback port, started before the tests and stopped after them.
 *
 * <pre>{@code
 * @RegisterExtension static EmulatorExtension emu = EmulatorExtension.withDefaults();
 *
 * @Test void draws() {
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(emu.baseUrl()).apiKey("k").build();
 *   client.images().generate(...);
 *   assertEquals("/v1/images/generations", emu.lastRequest().path());
 * }
 * }</pre>
 *
 * <p>Held in a {@code static} field, one emulator serves the whole class (started before all tests,
 * stopped after all); in an instance field, each test gets its own. Either way the request log is
 * emptied before each test, so {@link #requests()} holds only the current test's requests. A test
 * method may also take the running {@link Emulator} as a parameter.
 *
 * <p>Needs {@code org.junit.jupiter:junit-jupiter-api} on the test class path; the library declares
 * it {@code provided}, so users who do not use this class never get it.
 */
public final class EmulatorExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final EmulatorOptions options;
  private Emulator emulator;
  private boolean perClass;

  private EmulatorExtension(EmulatorOptions options) {
    this.options = options;
  }

  /**
   * An emulator with {@link EmulatorOptions#defaults()}: 127.0.0.1 on a free port, any key
   * accepted, no latency, no faults, no rate limit.
   */
  public static EmulatorExtension withDefaults() {
    return with(EmulatorOptions.defaults());
  }

  /** An emulator with these options (a fixed key, latency, faults, chat shape, ...). */
  public static EmulatorExtension with(EmulatorOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("EmulatorExtension.with: options must not be null");
    }
    return new EmulatorExtension(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emulator == null) {
      start();
    }
    emulator.clearRequests();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Emulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return running();
  }

  /** The running emulator, for anything this class does not pass on. */
  public Emulator emulator() {
    return running();
  }

  /** The base URL to give a client, such as {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return running().baseUrl();
  }

  /** The port the emulator listens on (picked free unless the options fix one). */
  public int port() {
    return running().port();
  }

  /** The requests received during the current test, oldest first. */
  public List<RecordedRequest> requests() {
    return running().requests();
  }

  /** The newest request received during the current test, or null. */
  public RecordedRequest lastRequest() {
    return running().lastRequest();
  }

  private Emulator running() {
    if (emulator == null) {
      throw new IllegalStateException(
          "the emulator is not running: register EmulatorExtension with @RegisterExtension on a"
              + " field and use it inside a test");
    }
    return emulator;
  }

  private void start() {
    try {
      emulator = Emulator.start(options);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the emulator on " + options.host() + ":" + options.port(), e);
    }
  }

  private void stop() {
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }
}
