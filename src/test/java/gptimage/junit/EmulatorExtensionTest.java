package gptimage.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.Emulator;
import gptimage.emulator.EmulatorOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's life cycle, as a user's test class meets it. */
class EmulatorExtensionTest {

  /** An instance field: a new emulator for each test, with a fixed key. */
  @RegisterExtension
  EmulatorExtension emu = EmulatorExtension.with(EmulatorOptions.defaults().apiKey("sk-right"));

  @Test
  void servesRealHttpWithItsOptionsAndLogsWhatItGot(Emulator running) throws Exception {
    assertSame(running, emu.emulator());
    assertTrue(emu.requests().isEmpty(), "a fresh log");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> wrongKey =
        http.send(
            HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/images/generations"))
                .header("Authorization", "Bearer sk-wrong")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, wrongKey.statusCode(), wrongKey.body());
    assertEquals(1, emu.requests().size());
    assertEquals(401, emu.lastRequest().status());
    assertEquals("http://127.0.0.1:" + emu.port() + "/v1", emu.baseUrl());
  }

  @Test
  void startsBeforeAndStopsAfterEachTestWhenUsedByHand() throws Exception {
    EmulatorExtension own = EmulatorExtension.withDefaults();
    IllegalStateException early = assertThrows(IllegalStateException.class, own::baseUrl);
    assertTrue(early.getMessage().contains("@RegisterExtension"), early.getMessage());

    own.beforeEach(null);
    int port = own.port();
    assertTrue(connects(port), "listening during the test");
    own.afterEach(null);
    assertThrows(IllegalStateException.class, own::requests);
    assertTrue(!connects(port), "closed after the test");
  }

  @Test
  void aStaticFieldKeepsOneEmulatorForTheClass() throws Exception {
    EmulatorExtension shared = EmulatorExtension.withDefaults();
    shared.beforeAll(null);
    try {
      shared.beforeEach(null);
      Emulator first = shared.emulator();
      shared.afterEach(null);
      shared.beforeEach(null);
      assertSame(first, shared.emulator(), "the same server for the next test");
      shared.afterEach(null);
    } finally {
      shared.afterAll(null);
    }
    assertThrows(IllegalStateException.class, shared::emulator);
  }

  private static boolean connects(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
