package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.InvalidParameterException;
import gptimage.client.Protocol;
import gptimage.output.ImageStore;
import gptimage.output.UnusableFolderException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The library's errors name its own parameters ({@code folder}, {@code protocol}, {@code
 * max_cost}); the command prints the same errors with its flags and variables, and sends nothing.
 */
class ParameterNamesTest extends EmulatorHarness {

  @Test
  void anOutputFolderThatIsAFileIsTheLibrarysFolderAndTheCommandsOutput() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    UnusableFolderException e =
        assertThrows(UnusableFolderException.class, () -> new ImageStore(file).prepare());
    assertEquals("folder", e.param());
    assertEquals(
        "folder " + file + " is a file, not a folder: give a folder to save images in.",
        e.getMessage());

    Run r = run("--prompt", "x", "--output", file.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "gpt-image-2-api: --output "
            + file
            + " is a file, not a folder: give a folder to save images in.\n",
        r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void anUnknownProtocolIsTheLibrarysProtocolAndTheCommandsFlagAndVariable() {
    InvalidParameterException e =
        assertThrows(InvalidParameterException.class, () -> Protocol.parse("smoke"));
    assertEquals("protocol", e.param());
    assertEquals("protocol must be openai_images or openai_chat, got 'smoke'.", e.getMessage());

    Run r = run("--prompt", "x", "--protocol", "smoke", "--output", dir.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err()
            .contains(
                "--protocol / OPENAI_IMAGE_PROTOCOL must be openai_images or openai_chat, got"
                    + " 'smoke'."),
        r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void aCostBoundOverAnUnpricedModelNamesTheFlagInTheCommand() throws Exception {
    Path jobs =
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"prompt\":\"a\",\"model\":\"m9\"}\n");
    Run r =
        run("batch", jobs.toString(), "--max-cost", "1", "--output", dir.resolve("o").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("--max-cost: some jobs use a model with no published price"), r.err());
    assertTrue(r.err().contains("drop --max-cost or use gpt-image-2"), r.err());
    assertFalse(r.err().contains("max_cost"), r.err());
    assertEquals(0, emulator.requests().size());
  }

  @Test
  void theBatchApiWithTheChatProtocolNamesBothFlagsInTheCommand() throws Exception {
    Path jobs = Files.writeString(dir.resolve("jobs.txt"), "a fox\n");
    Run r =
        run(
            "batch",
            jobs.toString(),
            "--via",
            "openai-batch",
            "--protocol",
            "openai_chat",
            "--output",
            dir.resolve("o").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err()
            .contains(
                "line 1: --via openai-batch sends Images API requests only; drop --protocol"
                    + " openai_chat."),
        r.err());
    assertEquals(0, emulator.requests().size());
  }
}
