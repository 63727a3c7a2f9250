package gptimage.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import gptimage.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact results of reading job files from disk: jobs, field spellings and error messages. */
class JobFileTest {
  @TempDir Path dir;

  /** Each line read, as a job's record text or {@code BAD <message>}. */
  private List<String> read(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("jobs-" + System.nanoTime()), content);
    List<String> out = new ArrayList<>();
    JobFile.open(file)
        .read((job, bad) -> out.add(bad != null ? "BAD " + bad.getMessage() : "" + job));
    return out;
  }

  private static String job(int line, String id, String prompt, Map<Setting, String> s) {
    return new Job(line, id, null, prompt, s, List.of(), null, null).toString();
  }

  @Test
  void plainTextLinesKeepTheirNumbersAndSkipBlanksCommentsAndTheByteOrderMark() throws Exception {
    assertEquals(
        List.of(
            "Job[line=1, id=1, name=null, prompt=a red fox, settings={}, images=[], mask=null, continues=null]",
            "Job[line=4, id=4, name=null, prompt={not json here}, settings={}, images=[],"
                + " mask=null, continues=null]",
            "Job[line=5, id=5, name=null, prompt=tabs and spaces, settings={}, images=[],"
                + " mask=null, continues=null]"),
        read("\uFEFF a red fox \n\n# a note\n{not json here}\r\n\t tabs and spaces\t\n   \n"));
  }

  @Test
  void jsonLinesTakeEveryOwnKeySpelling() throws Exception {
    List<String> got =
        read(
            "# jobs\n"
                + "{\"prompt\": \"p\", \"id\": \"fox-1\", \"name\": \" fox \", \"image\": \"a.png\","
                + " \"mask\": \"m.png\"}\n"
                + "{\"prompt\": \"p\", \"id\": 42, \"images\": [\"a.png\", \"b.png\"]}\n"
                + "{\"prompt\": \"p\", \"input\": \"c.png\", \"image\": [\"d.png\"], \"mask\":"
                + " \"auto\"}\n");
    assertEquals(
        List.of(
            "Job[line=2, id=fox-1, name=fox, prompt=p, settings={}, images=[a.png], mask=m.png, continues=null]",
            "Job[line=3, id=42, name=null, prompt=p, settings={}, images=[a.png, b.png],"
                + " mask=null, continues=null]",
            "Job[line=4, id=4, name=null, prompt=p, settings={}, images=[c.png, d.png],"
                + " mask=auto, continues=null]"),
        got);
  }

  @Test
  void everyOptionIsTakenByItsFlagNameAndItsFieldName() throws Exception {
    Object[][] table = {
      {"model", Setting.MODEL},
      {"protocol", Setting.PROTOCOL},
      {"size", Setting.SIZE},
      {"quality", Setting.QUALITY},
      {"n", Setting.N},
      {"output-format", Setting.OUTPUT_FORMAT},
      {"output_format", Setting.OUTPUT_FORMAT},
      {"format", Setting.FORMAT},
      {"response-format", Setting.RESPONSE_FORMAT},
      {"response_format", Setting.RESPONSE_FORMAT},
      {"background", Setting.BACKGROUND},
      {"moderation", Setting.MODERATION},
      {"output-compression", Setting.OUTPUT_COMPRESSION},
      {"output_compression", Setting.OUTPUT_COMPRESSION},
      {"partial-images", Setting.PARTIAL_IMAGES},
      {"partial_images", Setting.PARTIAL_IMAGES},
      {"input-fidelity", Setting.INPUT_FIDELITY},
      {"input_fidelity", Setting.INPUT_FIDELITY},
      {"style", Setting.STYLE},
      {"stream", Setting.STREAM},
      {"user", Setting.USER},
      {"extra-json", Setting.EXTRA_JSON},
      {"extra_json", Setting.EXTRA_JSON},
      {"extra", Setting.EXTRA_JSON},
    };
    for (Object[] row : table) {
      String key = (String) row[0];
      assertEquals(
          List.of(job(1, "1", "p", Map.of((Setting) row[1], "v"))),
          read("{\"prompt\": \"p\", \"" + key + "\": \"v\"}\n"),
          key);
    }
    // Values keep their JSON text: numbers and booleans as written, objects as compact JSON.
    assertEquals(
        List.of(
            job(
                1,
                "1",
                "p",
                Map.of(
                    Setting.N, "3",
                    Setting.STREAM, "true",
                    Setting.EXTRA_JSON, "{\"a\":[1,2]}"))),
        read("{\"prompt\": \"p\", \"n\": 3, \"stream\": true, \"extra\": {\"a\": [1, 2]}}\n"));
    // A null option is as good as absent.
    assertEquals(List.of(job(1, "1", "p", Map.of())), read("{\"prompt\": \"p\", \"size\": null}"));
  }

  @Test
  void badLinesSayWhatIsWrongWithTheirLineNumbers() throws Exception {
    String[][] table = {
      {
        "{bad",
        "BAD line 2: not valid JSON (expected a field name in double quotes, got 'b'"
            + " (line 1, column 2))."
      },
      {
        "{\"prompt\":\"p\",}",
        "BAD line 2: not valid JSON (expected a field name in double quotes, got '}'"
            + " (line 1, column 15))."
      },
      {"[1]", "BAD line 2: must be a JSON object like {\"prompt\": \"...\"}."},
      {"{\"prompt\": 3}", "BAD line 2: \"prompt\" must be a string, got 3."},
      {"{\"id\": true, \"prompt\": \"p\"}", "BAD line 2: \"id\" must be a string or a number."},
      {
        "{\"name\": \"../x\", \"prompt\": \"p\"}",
        "BAD line 2: \"name\" must be a plain file name stem (no folders, not starting with a dot,"
            + " at most 120 characters), got \"../x\"."
      },
      {
        "{\"name\": \".hidden\", \"prompt\": \"p\"}",
        "BAD line 2: \"name\" must be a plain file name stem (no folders, not starting with a dot,"
            + " at most 120 characters), got \".hidden\"."
      },
      {"{\"image\": [1], \"prompt\": \"p\"}", "BAD line 2: \"image\" must be a string, got 1."},
      {"{\"mask\": null, \"prompt\": \"p\"}", "BAD line 2: \"mask\" must be a string, got null."},
      {
        "{\"colour\": 1, \"prompt\": \"p\"}",
        "BAD line 2: unknown key \"colour\"; a job takes prompt, id, name, image, images, input,"
            + " mask, continue and the options action, background, extra, extra-json, extra_json, format,"
            + " input-fidelity, input_fidelity, model, moderation, n, output-compression,"
            + " output-format, output_compression, output_format, partial-images, partial_images,"
            + " protocol, quality, response-format, response_format, responses-model, responses_model, size, stream, strict-size, strict_size, style, user."
      },
      {"{\"timeout\": 5, \"prompt\": \"p\"}", null}, // one timeout for the whole batch
      {"{}", "BAD line 2: needs a \"prompt\"."},
      {"{\"prompt\": \"  \"}", "BAD line 2: needs a \"prompt\"."},
    };
    for (String[] row : table) {
      List<String> got = read("{\"prompt\": \"first\"}\n" + row[0] + "\n");
      assertEquals(2, got.size(), row[0]);
      if (row[1] == null) {
        assertEquals(
            true, got.get(1).startsWith("BAD line 2: unknown key \"timeout\";"), got.get(1));
      } else {
        assertEquals(row[1], got.get(1), row[0]);
      }
    }
  }

  @Test
  void aFileThatIsNoJobFileIsRefusedByName() throws Exception {
    Path missing = dir.resolve("nope.jsonl");
    assertEquals(
        "batch " + missing + ": no such file.",
        assertThrows(UsageException.class, () -> JobFile.open(missing)).getMessage());
    assertEquals(
        "batch " + dir + " is a folder; give a job file (JSONL or text).",
        assertThrows(UsageException.class, () -> JobFile.open(dir)).getMessage());
    Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
    assertEquals(
        "batch " + latin1 + " is not UTF-8 text.",
        assertThrows(UsageException.class, () -> JobFile.open(latin1)).getMessage());
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n# only a note\n  \n");
    assertEquals(
        "batch " + empty + " holds no job: give one prompt a line, or one JSON object a line.",
        assertThrows(UsageException.class, () -> JobFile.open(empty)).getMessage());
    Path jsonl = Files.writeString(dir.resolve("j.jsonl"), "\n  {\"prompt\": \"p\"}\n");
    assertTrue(JobFile.open(jsonl).isJsonLines());
    assertEquals(dir.toAbsolutePath(), JobFile.open(jsonl).folder());
    assertEquals(
        "a-cafe-s-creme-brulee-with-2-spoons",
        JobFile.slug("A café's   crème brûlée, with 2 spoons!"));
    assertEquals("image", JobFile.slug("!!!"));
    assertEquals(
        "one-two-three-four-five-six-seven-eight",
        JobFile.slug("one two three four five six seven eight nine ten"));
  }
}
