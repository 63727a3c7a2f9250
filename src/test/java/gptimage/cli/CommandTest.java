package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.emulator.EmulatorOptions;
import gptimage.emulator.Fault;
import gptimage.emulator.RecordedRequest;
import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real command, in-process through {@code Main.run}, against the emulator on loopback. */
class CommandTest extends EmulatorHarness {
  // ---- generation ----

  @Test
  void generationSendsTheContractBodyAndSavesARealImage() throws Exception {
    Run r =
        run(
            "--prompt",
            "  a lighthouse  ",
            "--output",
            "out",
            "--size",
            "1536x1024",
            "--quality",
            "low",
            "--output-format",
            "webp",
            "--moderation",
            "low",
            "--user",
            "u1",
            "--extra-json",
            "{\"seed\": 7, \"n\": 2}");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/v1/images/generations", req.path());
    assertEquals("Bearer ****abcd", req.header("authorization"));
    assertEquals(
        List.of(
            "model",
            "prompt",
            "n",
            "size",
            "quality",
            "output_format",
            "moderation",
            "user",
            "seed"),
        new ArrayList<>(((Map<?, ?>) req.json()).keySet()));
    assertEquals("a lighthouse", Json.at(req.json(), "prompt"));
    assertEquals(2L, Json.at(req.json(), "n"), "extra JSON overrides");
    assertEquals(2, r.files().size());
    Path first = Path.of(r.files().get(0));
    assertTrue(
        first.getFileName().toString().matches("gpt-image-2-\\d{13}-1\\.webp"), first.toString());
    assertEquals(dir.resolve("out"), first.getParent());
    BufferedImage image = ImageIO.read(first.toFile());
    assertEquals(1536, image.getWidth());
    Object json = r.json();
    assertEquals("image/webp", Json.at(json, "images", 0, "mime_type"));
    assertEquals(1536L, Json.at(json, "images", 0, "width"));
    assertEquals("gpt-image-2", Json.at(json, "model"));
    assertEquals("openai_images", Json.at(json, "protocol"));
    assertTrue(Json.at(json, "request_id").toString().startsWith("req_"));
    assertTrue(((Number) Json.at(json, "cost_usd")).doubleValue() > 0);
    assertTrue(r.out().startsWith("{\n  \"files\": [\n    \""), r.out());
    assertEquals("", r.err(), "no progress when stderr is not a terminal");
  }

  @Test
  void positionalWordsFormThePromptAndPromptFlagWins() {
    assertEquals(0, run("a", "red", "fox", "--n", "1").exit());
    assertEquals("a red fox", Json.at(emulator.lastRequest().json(), "prompt"));
    assertEquals(0, run("ignored", "--prompt", "chosen").exit());
    assertEquals("chosen", Json.at(emulator.lastRequest().json(), "prompt"));
  }

  @Test
  void neverOverwritesAnExistingFile() throws Exception {
    Files.writeString(dir.resolve("same-1.png"), "keep me");
    Run r = run("--prompt", "x", "--name", "same");
    assertEquals(0, r.exit(), r.err());
    assertEquals("keep me", Files.readString(dir.resolve("same-1.png")));
    assertEquals(dir.resolve("same-1-2.png").toString(), r.files().get(0));
    assertTrue(filesIn(dir).stream().noneMatch(p -> p.getFileName().toString().endsWith(".part")));
  }

  // ---- edits ----

  @Test
  void editSendsTheRealBytesWithTypeFromContentNotName() throws Exception {
    Path input = png(dir.resolve("in.png"), 64, 64, 0xFF336699);
    Path jpegNamedPng = dir.resolve("photo.png");
    BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(rgb, "jpeg", jpegNamedPng.toFile());
    Run one =
        run("--prompt", "scarf", "--image", "in.png", "--input-fidelity", "high", "--mask", "auto");
    assertEquals(0, one.exit(), one.err());
    RecordedRequest req = emulator.lastRequest();
    assertEquals("/v1/images/edits", req.path());
    assertEquals(
        List.of("model", "prompt", "size", "n", "input_fidelity", "mask"),
        new ArrayList<>(req.fields().keySet()));
    assertEquals("auto", req.field("mask"));
    RecordedRequest.FilePart part = req.files().get(0);
    assertEquals("image", part.name());
    assertEquals("in.png", part.filename());
    assertEquals("image/png", part.contentType());
    assertEquals(sha256(input), part.sha256());

    Run two =
        run(
            "--prompt",
            "merge",
            "--image",
            "in.png",
            "--input",
            "photo.png",
            "--extra-json",
            "{\"tags\":[\"a\",\"b\"],\"svg\":{\"model\":\"m\"}}");
    assertEquals(0, two.exit(), two.err());
    req = emulator.lastRequest();
    assertEquals(
        List.of("image[]", "image[]"),
        req.files().stream().map(RecordedRequest.FilePart::name).toList());
    assertEquals("image/jpeg", req.files().get(1).contentType());
    assertEquals(sha256(jpegNamedPng), req.files().get(1).sha256());
    assertEquals(List.of("a", "b"), req.fields().get("tags[]"));
    assertEquals("{\"model\":\"m\"}", req.field("svg"));
  }

  @Test
  void maskFileGoesAsAFilePartAndEditKeepsMaskedPixels() throws Exception {
    png(dir.resolve("in.png"), 64, 64, 0xFF336699);
    png(dir.resolve("mask.png"), 64, 64, 0xFF000000); // fully opaque: nothing may change
    Run r = run("--prompt", "x", "--image", "in.png", "--mask", "mask.png", "--size", "auto");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of("image", "mask"),
        emulator.lastRequest().files().stream().map(RecordedRequest.FilePart::name).toList());
    BufferedImage out = ImageIO.read(Path.of(r.files().get(0)).toFile());
    assertEquals(0xFF336699, out.getRGB(32, 32));
  }

  // ---- chat ----

  @ParameterizedTest
  @CsvSource({"MARKDOWN", "PARTS", "IMAGES"})
  void chatProtocolSendsMessagesAndReadsEveryAnswerShape(String shape) throws Exception {
    serve(EmulatorOptions.defaults().chatShape(EmulatorOptions.ChatShape.valueOf(shape)));
    Path input = png(dir.resolve("in.png"), 64, 64, 0xFF336699);
    Run r =
        run(
            "--protocol",
            "Chat-Completions",
            "--prompt",
            "an owl",
            "--image",
            "in.png",
            "--n",
            "2");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.files().size());
    Object body = emulator.lastRequest().json();
    assertEquals("/v1/chat/completions", emulator.lastRequest().path());
    assertEquals(List.of("model", "messages", "n"), new ArrayList<>(((Map<?, ?>) body).keySet()));
    assertEquals("an owl", Json.at(body, "messages", 0, "content", 0, "text"));
    String url = (String) Json.at(body, "messages", 0, "content", 1, "image_url", "url");
    assertEquals(
        "data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(input)),
        url);
    assertEquals("openai_chat", Json.at(r.json(), "protocol"));
  }

  @ParameterizedTest
  @CsvSource({"MARKDOWN", "PARTS", "IMAGES"})
  void chatImagesAreDecodedToDiskAsTheyArriveInEveryShape(String shape) throws Exception {
    serve(EmulatorOptions.defaults().chatShape(EmulatorOptions.ChatShape.valueOf(shape)));
    Run r = run("--protocol", "openai_chat", "--prompt", "a heron", "--n", "3", "--output", "chat");

    assertEquals(0, r.exit(), r.err());
    assertEquals(3, r.files().size());
    for (String file : r.files()) {
      BufferedImage image = ImageIO.read(new java.io.File(file));
      assertEquals(1024, image.getWidth(), file.toString());
      assertEquals(1024, image.getHeight(), file.toString());
    }
    assertEquals( // and no temporary file left beside them
        r.files().stream().map(Path::of).sorted().toList(), filesIn(dir.resolve("chat")));
  }

  @Test
  void chatAnswerWithoutImageQuotesTheAssistant() throws Exception {
    serve(EmulatorOptions.defaults().fault(Fault.NO_IMAGE, true));
    Run r = run("--protocol", "chat", "--prompt", "x", "--max-retries", "0");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("I can't draw that"), r.err());
  }

  // ---- streaming ----

  @Test
  void streamKeepsEveryCompletedImageAndSavesPartialsWhenAsked() throws Exception {
    Run r =
        run(
            "--prompt",
            "x",
            "--stream",
            "--partial-images",
            "2",
            "--n",
            "2",
            "--save-partials",
            "--name",
            "s");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.files().size());
    assertEquals(4, ((List<?>) Json.at(r.json(), "partials")).size());
    assertTrue(Files.exists(dir.resolve("s-partial-4.png")));
    assertEquals(true, Json.at(emulator.lastRequest().json(), "stream"));
    assertEquals(
        2L * 1056 + 400, ((Number) Json.at(r.json(), "usage", "output_tokens")).longValue());
    Run noPartials =
        run("--prompt", "x", "--stream", "yes", "--partial-images", "1", "--name", "t");
    assertEquals(0, noPartials.exit());
    assertNull(Json.at(noPartials.json(), "partials"));
    assertEquals(
        List.of(
            "s-1.png",
            "s-2.png",
            "s-partial-1.png",
            "s-partial-2.png",
            "s-partial-3.png",
            "s-partial-4.png",
            "t-1.png"),
        filesIn(dir).stream().map(p -> p.getFileName().toString()).toList());
  }

  // ---- answers by URL ----

  @Test
  void urlAnswersAreDownloadedWithoutTheKey() {
    Run r = run("--prompt", "x", "--response-format", "url");
    assertEquals(0, r.exit(), r.err());
    RecordedRequest download = emulator.lastRequest();
    assertEquals("GET", download.method());
    assertTrue(download.path().startsWith("/images/"));
    assertNull(download.header("authorization"));
  }

  // ---- configuration ----

  @Test
  void precedenceIsFlagThenEnvironmentThenDotEnvFiles() throws Exception {
    Path install = Files.createDirectories(dir.resolve("skill"));
    Files.writeString(
        install.resolve(".env"),
        "OPENAI_IMAGE_SIZE=1024x1536\nOPENAI_IMAGE_QUALITY=low\nOPENAI_IMAGE_MODEL=from-install\n");
    Files.writeString(
        dir.resolve(".env"),
        "# comment\r\nexport OPENAI_IMAGE_QUALITY=\"high\"\r\nOPENAI_IMAGE_MODEL='from-cwd'\r\n");
    env.put("OPENAI_IMAGE_MODEL", "");
    Run r = runIn(dir, install, "--prompt", "x");
    assertEquals(0, r.exit(), r.err());
    Object body = emulator.lastRequest().json();
    assertEquals("from-cwd", Json.at(body, "model"), "empty variable counts as unset");
    assertEquals("high", Json.at(body, "quality"), "working directory wins over install folder");
    assertEquals("1024x1536", Json.at(body, "size"));
    env.put("OPENAI_IMAGE_QUALITY", "medium");
    runIn(dir, install, "--prompt", "x");
    assertEquals("medium", Json.at(emulator.lastRequest().json(), "quality"));
    runIn(dir, install, "--prompt", "x", "--quality", "auto");
    assertEquals("auto", Json.at(emulator.lastRequest().json(), "quality"));
    Path extra = dir.resolve("extra.env");
    Files.writeString(extra, "OPENAI_IMAGE_SIZE=1536x1024\n");
    runIn(dir, install, "--prompt", "x", "--env-file", "extra.env");
    assertEquals("1536x1024", Json.at(emulator.lastRequest().json(), "size"));
  }

  @Test
  void legacyFormatIsTheLowestPriorityAlias() {
    run("--prompt", "x", "--format", "jpeg");
    assertEquals("jpeg", Json.at(emulator.lastRequest().json(), "output_format"));
    env.put("OPENAI_IMAGE_OUTPUT_FORMAT", "webp");
    run("--prompt", "x", "--format", "jpeg");
    assertEquals("webp", Json.at(emulator.lastRequest().json(), "output_format"));
  }

  @Test
  void dryRunPrintsTheRequestWithTheKeyMaskedAndSendsNothing() throws Exception {
    png(dir.resolve("in.png"), 16, 16, 0xFF000000);
    Run r = run("--prompt", "x", "--image", "in.png", "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, emulator.requests().size());
    assertFalse(r.out().contains("sk-test-secret-key-abcd"));
    assertEquals("Bearer ****abcd", Json.at(r.json(), "headers", "Authorization"));
    assertEquals(emulator.baseUrl() + "/images/edits", Json.at(r.json(), "url"));
    assertEquals("image/png", Json.at(r.json(), "body", "files", 0, "content_type"));
  }

  @Test
  void helpListsEveryOptionVariableAndExitCode() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (gptimage.config.Setting s : gptimage.config.Setting.values()) {
      assertTrue(r.out().contains(s.variable()), s.variable());
      if (s.flag() != null) {
        assertTrue(r.out().contains(s.flag()), s.flag());
      }
    }
    for (String flag :
        List.of(
            "--image",
            "--input",
            "--mask",
            "--output",
            "--name",
            "--dry-run",
            "--env-file",
            "--quiet",
            "--verbose",
            "--version",
            "130")) {
      assertTrue(r.out().contains(flag), flag);
    }
    Run v = run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("gpt-image-2-api "), v.out());
    assertTrue(v.out().contains(" at " + System.getProperty("java.home") + ")"), v.out());
  }

  // ---- bad input: exit 2, nothing sent, nothing written ----

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--prompt x --n 11|--n",
        "--prompt x --n two|--n",
        "--prompt x --background clear|--background",
        "--prompt x --response-format json|--response-format",
        "--prompt x --output-format bmp|--output-format",
        "--prompt x --input-fidelity max|--input-fidelity",
        "--prompt x --style pretty|--style",
        "--prompt x --partial-images 4|--partial-images",
        "--prompt x --output-compression 101|--output-compression",
        "--prompt x --background transparent --output-format jpeg|--background transparent",
        "--prompt x --mask auto|--mask",
        "--prompt x --extra-json [1]|--extra-json",
        "--prompt x --extra-json {bad|--extra-json",
        "--prompt x --protocol grpc|openai_images, openai_chat or",
        "--prompt x --protocol chat --output-format png|--output-format",
        "--prompt x --protocol chat --stream|--stream",
        "--prompt x --timeout soon|--timeout",
        "--prompt x --image missing.png|missing.png",
        "--prompt x --image notimage.txt|not an image",
        "--prompt x --image sub|folder",
        "--prompt x --size|--size",
        "--prompt x --size --n 2|--size",
        "--prompt x --bogus|--bogus",
        "--prompt x --timeout 0|--timeout",
        "--prompt x --max-retries -1|--max-retries",
        "--prompt x --output afile|afile",
        "--prompt   |prompt"
      })
  void badInputGetsOneClearMessageExit2AndSendsNothing(String args, String named) throws Exception {
    Files.writeString(dir.resolve("notimage.txt"), "hello");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("afile"), "x");
    List<Path> before = filesIn(dir);
    Run r = run(args.trim().split("\\s+"));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(named), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertEquals("", r.out());
    assertEquals(0, emulator.requests().size());
    assertEquals(before, filesIn(dir));
  }

  @Test
  void booleanVariablesAcceptOnlyBooleanWords() {
    env.put("OPENAI_IMAGE_STREAM", "maybe");
    Run r = run("--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("OPENAI_IMAGE_STREAM") && r.err().contains("maybe"), r.err());
    env.put("OPENAI_IMAGE_STREAM", "0");
    assertEquals(0, run("--prompt", "x").exit());
    assertEquals(false, Json.at(emulator.lastRequest().json(), "stream"));
  }

  @Test
  void missingKeySaysWhichVariableToSetAndWhere() {
    env.remove("OPENAI_API_KEY");
    Run r = runIn(dir, dir.resolve("skill"), "--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("OPENAI_API_KEY"), r.err());
    assertTrue(r.err().contains(dir.resolve("skill").resolve(".env").toString()), r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void emulatorFlagNeedsNoKey() throws Exception {
    env.clear();
    Run r = run("--emulator", "--prompt", "a lighthouse at dusk", "--output", "out");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.size(Path.of(r.files().get(0))) > 1000);
  }

  // ---- errors (every fault and bad answer: FaultMatrixTest) ----

  @Test
  void apiErrorsQuoteMessageCodeAndRequestId() {
    Run r = run("--prompt", "x", "--size", "1000x1000");
    assertEquals(1, r.exit());
    assertTrue(
        r.err().contains("Image API failed with HTTP 400: Invalid size '1000x1000'"), r.err());
    assertTrue(
        r.err().contains("code: invalid_value") && r.err().contains("[request id req_"), r.err());
    assertEquals(1, emulator.requests().size(), "400 is never retried");
  }

  @Test
  void theKeyIsMaskedEvenWhereTheServerEchoesIt() throws Exception {
    serve(EmulatorOptions.defaults().apiKey("sk-the-right-one-0000"));
    env.put("OPENAI_API_KEY", "sk-leaky-key-that-must-not-print");
    Run r = run("--prompt", "x", "--verbose");
    assertEquals(1, r.exit());
    assertFalse(r.err().contains("sk-leaky-key-that-must-not-print"), r.err());
    assertTrue(r.err().contains("invalid_api_key"), r.err());
  }
}
