package gptimage.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gptimage.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The command's Responses requests and JSON edit requests checked against the schemas of OpenAI's
 * published OpenAPI description ({@code CreateResponse}, {@code EditImageBodyJsonParam}), read at
 * test time: from the file named by the system property {@code openapi.yaml} or the variable {@code
 * OPENAI_OPENAPI_YAML}, else from the local mirror of {@code openai/openai-openapi}. Skipped,
 * saying why, where neither is there. The description is never copied into this repository.
 */
class OpenApiSchemaTest {
  static final Path MIRROR = Path.of("/work/.mirror/openai+openai-openapi/repo");
  static MiniSchema schema;

  @TempDir static Path dir;

  @BeforeAll
  static void readDescription() throws Exception {
    String named = System.getProperty("openapi.yaml", System.getenv("OPENAI_OPENAPI_YAML"));
    String text = null;
    if (named != null && Files.isRegularFile(Path.of(named))) {
      text = Files.readString(Path.of(named));
    } else if (Files.isDirectory(MIRROR)) {
      Process git =
          new ProcessBuilder("git", "--git-dir=" + MIRROR, "show", "HEAD:openapi.yaml")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
        text = null;
      }
    }
    assumeTrue(
        text != null && !text.isEmpty(),
        "OpenAI's openapi.yaml is not here: set -Dopenapi.yaml=FILE or OPENAI_OPENAPI_YAML, or"
            + " fetch github:openai/openai-openapi to "
            + MIRROR);
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 << 20);
    schema = new MiniSchema((Map<?, ?>) new Yaml(options).load(text));
  }

  private static Path png(String name, int argb) throws Exception {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < 32 * 32; i++) {
      image.setRGB(i % 32, i / 32, argb);
    }
    Path p = dir.resolve(name);
    ImageIO.write(image, "png", p.toFile());
    return p;
  }

  private static Object sent(ImageRequest r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RequestEncoder.encode(r).body().writeTo(out);
    return Json.parse(out.toString(StandardCharsets.UTF_8));
  }

  private static ImageRequest.Builder everything(String prompt) {
    return ImageRequest.builder(prompt)
        .model("gpt-image-2")
        .size("1536x1024")
        .quality("high")
        .outputFormat("webp")
        .outputCompression(80)
        .background("opaque")
        .moderation("low")
        .partialImages(2)
        .stream(true)
        .user("user-1");
  }

  @Test
  void responsesRequestsMatchCreateResponse() throws Exception {
    Path photo = png("photo.png", 0xFF3366AA);
    Path mask = png("mask.png", 0x00000000);
    List<ImageRequest> requests =
        List.of(
            everything("a lighthouse").protocol(Protocol.OPENAI_RESPONSES).build(),
            everything("add a hat")
                .protocol(Protocol.OPENAI_RESPONSES)
                .images(List.of(photo))
                .mask(mask)
                .inputFidelity("high")
                .action("edit")
                .previousResponseId("resp_abc")
                .build(),
            ImageRequest.builder("mix these")
                .protocol(Protocol.OPENAI_RESPONSES)
                .imageRefs(List.of("https://example.com/a.png", "file-abc123"))
                .maskRef("file-mask1")
                .build());
    for (ImageRequest r : requests) {
      Object body = sent(r);
      assertEquals(
          List.of(), schema.validate(body, schema.named("CreateResponse")), body.toString());
    }
  }

  @Test
  void jsonEditRequestsMatchEditImageBodyJsonParam() throws Exception {
    Path photo = png("photo2.png", 0xFF00AA33);
    ImageRequest r =
        ImageRequest.builder("add a hat")
            .model("gpt-image-1.5")
            .quality("low")
            .images(List.of(photo))
            .imageRefs(List.of("data:image/png;base64,iVBORw0KGgo=", "file-abc123"))
            .maskRef("https://example.com/mask.png")
            .inputFidelity("low")
            .build();
    Object body = sent(r);
    assertEquals(
        List.of(), schema.validate(body, schema.named("EditImageBodyJsonParam")), body.toString());
  }

  @Test
  void theCheckCatchesWhatTheSchemaForbids() throws Exception {
    Object body = sent(everything("a fox").protocol(Protocol.OPENAI_RESPONSES).build());
    @SuppressWarnings("unchecked")
    Map<String, Object> tool = (Map<String, Object>) Json.at(body, "tools", 0);
    tool.put("partial_images", 7);
    assertFalse(schema.validate(body, schema.named("CreateResponse")).isEmpty());
    Object edit =
        Json.parse("{\"prompt\": \"x\", \"images\": [{\"image_url\": \"a\", \"file_id\": \"b\"}]}");
    assertFalse(schema.validate(edit, schema.named("EditImageBodyJsonParam")).isEmpty());
  }
}
