package gptimage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code .env} reader, pinned byte for byte: each row is a file's exact text and the pairs it
 * gives, in order. The old Node script's SKILL.md documents only {@code KEY=VALUE} lines in {@code
 * .env}; every such file reads the same here, and the rows below pin what else is accepted.
 */
class DotEnvTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("plain pairs", "A=1\nB=2", "A", "1", "B", "2"),
        row("CRLF line ends", "A=1\r\nB=2\r\n", "A", "1", "B", "2"),
        row("old Mac CR line ends", "A=1\rB=2", "A", "1", "B", "2"),
        row("mixed line ends", "A=1\r\nB=2\nC=3\r", "A", "1", "B", "2", "C", "3"),
        row("blank lines and spaces", "\n \n\t\nA=1\n\n", "A", "1"),
        row("comment lines", "# a comment\nA=1\n   # indented comment\n#B=2", "A", "1"),
        row("export prefix", "export A=1", "A", "1"),
        row("export prefix with a tab", "export\tA=1", "A", "1"),
        row("export prefix and extra spaces", "export    A = 1", "A", "1"),
        row("'export' glued to the key is part of it", "exportA=1", "exportA", "1"),
        row("a key named export", "export=1", "export", "1"),
        row("key and value trimmed", "  A  =  v  ", "A", "v"),
        row("double quotes removed", "A=\"x y\"", "A", "x y"),
        row("single quotes removed", "A='x y'", "A", "x y"),
        row("quotes keep inner spaces", "A=\" v \"", "A", " v "),
        row("one pair of quotes only", "A=\"\"x\"\"", "A", "\"x\""),
        row("mismatched quotes kept", "A=\"x'", "A", "\"x'"),
        row("a lone quote kept", "A=\"", "A", "\""),
        row("an opening quote only kept", "A=\"x", "A", "\"x"),
        row("empty value", "A=", "A", ""),
        row("empty double-quoted value", "A=\"\"", "A", ""),
        row("empty single-quoted value", "A=''", "A", ""),
        row("no escapes: backslash-n stays two characters", "A=\"a\\nb\"", "A", "a\\nb"),
        row("no escapes: backslashes kept", "A=x\\\\y\\\"", "A", "x\\\\y\\\""),
        row("equals signs in the value", "A=b=c==", "A", "b=c=="),
        row("hash inside quotes", "A=\"#x\"", "A", "#x"),
        row("no inline comments: kept in the value", "A=v # c", "A", "v # c"),
        row("no inline comments after quotes", "A=\"v\" # c", "A", "\"v\" # c"),
        row("a line without = is skipped", "JUNK\nA=1", "A", "1"),
        row("a line with an empty key is skipped", "=v\nA=1", "A", "1"),
        row("the last of a repeated key wins", "A=1\nB=2\nA=3", "A", "3", "B", "2"),
        row(
            "URL values untouched", "OPENAI_BASE_URL=http://127.0.0.1:3688/v1?a=b&c=d",
            "OPENAI_BASE_URL", "http://127.0.0.1:3688/v1?a=b&c=d"),
        row(
            "JSON in single quotes", "OPENAI_IMAGE_EXTRA_JSON='{\"seed\": 7}'",
            "OPENAI_IMAGE_EXTRA_JSON", "{\"seed\": 7}"),
        row(
            "non-ASCII value",
            "A=\u00fcn\u00efc\u00f8d\u00e9 \u2603",
            "A",
            "\u00fcn\u00efc\u00f8d\u00e9 \u2603"),
        row("a byte-order mark first is not part of the key", "\uFEFFA=1\nB=2", "A", "1", "B", "2"),
        row("empty file", ""));
  }

  private static Arguments row(String name, String text, String... pairs) {
    List<Map.Entry<String, String>> expected = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      expected.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    return Arguments.of(name, text, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void parsesExactly(String name, String text, List<Map.Entry<String, String>> expected) {
    assertEquals(expected, List.copyOf(DotEnv.parse(text).entrySet()), name);
  }

  @ParameterizedTest(name = "{0} (from a UTF-8 file)")
  @MethodSource("table")
  void readsTheSameFromAFile(
      String name, String text, List<Map.Entry<String, String>> expected, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve(".env");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, List.copyOf(DotEnv.read(file, true).entrySet()), name);
  }

  @Test
  void aMissingFileIsEmptyUnlessAsked(@TempDir Path dir) {
    Path missing = dir.resolve("nope.env");
    assertEquals(Map.of(), DotEnv.read(missing, false));
    UsageException e = assertThrows(UsageException.class, () -> DotEnv.read(missing, true));
    assertTrue(e.getMessage().contains("--env-file " + missing), e.getMessage());
  }

  @Test
  void aFolderIsNotAFile(@TempDir Path dir) {
    assertEquals(Map.of(), DotEnv.read(dir, false));
    assertThrows(UsageException.class, () -> DotEnv.read(dir, true));
  }
}
