package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.Version;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Sidecars beside images, {@code info} on them, and {@code replay} of the recorded request. */
class SidecarReplayTest extends EmulatorHarness {

  @Test
  void sidecarRecordsTheRequestAndTheAnswer() throws Exception {
    Run r =
        run(
            "--prompt",
            "a harbour at dawn",
            "--size",
            "16:9",
            "--quality",
            "low",
            "--n",
            "2",
            "--output",
            "out",
            "--sidecar");
    assertEquals(0, r.exit(), r.err());
    @SuppressWarnings("unchecked")
    List<String> sidecars = (List<String>) Json.at(r.json(), "sidecars");
    assertEquals(2, sidecars.size());
    for (int i = 0; i < 2; i++) {
      Path image = Path.of(r.files().get(i));
      assertEquals(image + ".json", sidecars.get(i));
      Object s = Json.parse(Files.readString(Path.of(sidecars.get(i))));
      assertEquals("gpt-image-2-api", Json.at(s, "tool"));
      assertEquals(Version.VERSION, Json.at(s, "tool_version"));
      assertEquals(image.getFileName().toString(), Json.at(s, "file"));
      assertEquals("a harbour at dawn", Json.at(s, "prompt"));
      assertEquals("gpt-image-2", Json.at(s, "model"));
      assertEquals("16:9", Json.at(s, "size_asked"));
      assertEquals("1360x768", Json.at(s, "size_sent"));
      assertEquals("1360x768", Json.at(s, "size_got"));
      assertEquals((long) (i + 1), Json.at(s, "index"));
      assertEquals("low", Json.at(s, "request", "quality"));
      assertEquals(2L, Json.at(s, "request", "n"));
      assertEquals(Json.at(r.json(), "request_id"), Json.at(s, "request_id"));
      assertTrue(Json.at(s, "request_id").toString().startsWith("req_"));
      assertEquals(Json.at(r.json(), "usage"), Json.at(s, "usage"));
      assertTrue(((Number) Json.at(s, "cost_usd")).doubleValue() > 0);
      assertTrue(Json.at(s, "created_at").toString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
      assertEquals(Files.size(image), ((Number) Json.at(s, "bytes")).longValue());
    }
    Run plain = run("--prompt", "x", "--quality", "low", "--output", "plain");
    assertNull(Json.at(plain.json(), "sidecars"));
    assertEquals(1, filesIn(dir.resolve("plain")).size(), "no sidecar without --sidecar");
  }

  @Test
  void replayingAGenerationSendsAnEqualRequest() throws Exception {
    Run first =
        run(
            "--prompt",
            "a red kite",
            "--size",
            "3:2@2K",
            "--quality",
            "low",
            "--output-format",
            "webp",
            "--output-compression",
            "70",
            "--moderation",
            "low",
            "--extra-json",
            "{\"seed\": 42}",
            "--sidecar");
    assertEquals(0, first.exit(), first.err());
    Run again = run("replay", first.files().get(0), "--output", "again", "--sidecar");
    assertEquals(0, again.exit(), again.err());
    List<RecordedRequest> sent = emulator.requests();
    assertEquals(2, sent.size());
    assertEquals("/v1/images/generations", sent.get(1).path());
    assertEquals(sent.get(0).json(), sent.get(1).json());
    assertEquals(
        List.copyOf(((java.util.Map<?, ?>) sent.get(0).json()).keySet()),
        List.copyOf(((java.util.Map<?, ?>) sent.get(1).json()).keySet()),
        "same fields in the same order");
    Path replayed = Path.of(again.files().get(0));
    assertEquals(dir.resolve("again"), replayed.getParent());
    assertNotEquals(first.files().get(0), replayed.toString());
    assertEquals(sha256(Path.of(first.files().get(0))), sha256(replayed), "same seed, same image");
    Object s = Json.parse(Files.readString(Path.of(replayed + ".json")));
    assertEquals("3:2@2K", Json.at(s, "size_asked"), "the replay keeps what was asked");
  }

  @Test
  void replayingAnEditWithAMaskSendsTheSameFieldsAndFiles() throws Exception {
    png(dir.resolve("in.png"), 64, 64, 0xFF336699);
    png(dir.resolve("mask.png"), 64, 64, 0x00000000);
    Run first =
        run(
            "--prompt",
            "add a moon",
            "--image",
            "in.png",
            "--mask",
            "mask.png",
            "--size",
            "auto",
            "--output",
            "o",
            "--sidecar");
    assertEquals(0, first.exit(), first.err());
    Run again = run("replay", first.files().get(0) + ".json", "--output", "o");
    assertEquals(0, again.exit(), again.err());
    RecordedRequest a = emulator.requests().get(0);
    RecordedRequest b = emulator.requests().get(1);
    assertEquals("/v1/images/edits", b.path());
    assertEquals(a.fields(), b.fields());
    assertEquals(a.files(), b.files());
    assertEquals(2, a.files().size());
  }

  @Test
  void replayWithoutASidecarSaysWhatItNeeds() throws Exception {
    Run r = run("--prompt", "x", "--quality", "low");
    Run replay = run("replay", r.files().get(0));
    assertEquals(2, replay.exit());
    assertTrue(replay.err().contains("has no sidecar"), replay.err());
    assertTrue(replay.err().contains("--sidecar"), replay.err());
    assertEquals(1, emulator.requests().size());
  }

  @Test
  void infoTellsFormatSizeAlphaC2paAndSidecar() throws Exception {
    Run r =
        run(
            "--prompt",
            "a stamp",
            "--size",
            "1024x1536",
            "--background",
            "transparent",
            "--quality",
            "low",
            "--sidecar");
    Path image = Path.of(r.files().get(0));
    Run info = run("info", image.toString());
    assertEquals(0, info.exit(), info.err());
    Object j = info.json();
    assertEquals("png", Json.at(j, "format"));
    assertEquals(1024L, Json.at(j, "width"));
    assertEquals(1536L, Json.at(j, "height"));
    assertEquals(Boolean.TRUE, Json.at(j, "alpha"));
    assertEquals(Boolean.FALSE, Json.at(j, "c2pa"));
    assertEquals(image + ".json", Json.at(j, "sidecar"));
    assertEquals("a stamp", Json.at(j, "provenance", "prompt"));

    Path signed = dir.resolve("signed.png");
    Files.write(signed, withChunk(Files.readAllBytes(image), "caBX", "jumb c2pa manifest"));
    Run c2pa = run("info", "signed.png");
    assertEquals(0, c2pa.exit(), c2pa.err());
    assertEquals(Boolean.TRUE, Json.at(c2pa.json(), "c2pa"));
    assertNull(Json.at(c2pa.json(), "sidecar"));

    Run missing = run("info", "--", "nope.png");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("No such file"), missing.err());
  }

  @Test
  void infoAndReplayAsFirstWordsOfAPromptStillMakeImages() {
    Run r = run("info", "about", "owls", "--quality", "low");
    assertEquals(0, r.exit(), r.err());
    assertEquals("info about owls", Json.at(emulator.lastRequest().json(), "prompt"));
    assertFalse(r.files().isEmpty());
  }

  /** A PNG with one more chunk after IHDR, its CRC right, as a C2PA signer adds one. */
  private static byte[] withChunk(byte[] png, String type, String data) {
    int afterIhdr = 8 + 8 + 13 + 4;
    byte[] body = (type + data).getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length()).array());
    out.writeBytes(body);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    out.writeBytes(Arrays.copyOfRange(png, afterIhdr, png.length));
    return out.toByteArray();
  }
}
