package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.UsageException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-written argument parser and help pages, read against the real commands' options. */
class CommandSpecTest {
  private static CommandSpec.Parsed parse(String line) {
    return GenerateCommand.SPEC.parse(line.isEmpty() ? List.of() : Arrays.asList(line.split(" ")));
  }

  /** Each row: the arguments, then the option asked, then its value as filed ("-" for none). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--model m|--model|m",
        "--model=m|--model|m",
        "--model=a=b|--model|a=b",
        "--model a --model b|--model|b",
        "--model -5|--model|-5",
        "--stream|--stream|true",
        "--stream false|--stream|false",
        "--stream NO|--stream|NO",
        "--stream=0|--stream|0",
        "--stream cat|--stream|true",
        "--dry-run|--dry-run|true",
        "-h|--help|true",
        "--input a.png|--image|a.png",
        "a cat|--model|-",
      })
  void readsOptionValues(String args, String option, String expected) {
    assertEquals(expected.equals("-") ? null : expected, parse(args).value(option));
  }

  @Test
  void keepsWordsInOrderAndEndsOptionsAtDoubleDash() {
    CommandSpec.Parsed p = parse("a --model m cat -- --not-an-option -");
    assertEquals(List.of("a", "cat", "--not-an-option", "-"), p.positionals());
    assertEquals(List.of("true"), parse("--stream cat").values("--stream"));
    assertEquals(List.of("cat"), parse("--stream cat").positionals());
  }

  @Test
  void keepsEveryValueOfARepeatableOption() {
    CommandSpec.Parsed p = parse("--image a.png --input b.png --image=c.png");
    assertEquals(List.of("a.png", "b.png", "c.png"), p.values("--image"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--modle x|Unknown option '--modle'; did you mean --model?",
        "--zzzzzzzz|Unknown option '--zzzzzzzz'.",
        "--model|--model needs a value (NAME).",
        "--model --size 1x1|--model needs a value (NAME).",
        "--dry-run=yes|--dry-run takes no value, but got 'yes'.",
        "-x|Unknown option '-x'.",
      })
  void namesTheArgumentAtFault(String args, String message) {
    UsageException e = assertThrows(UsageException.class, () -> parse(args));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertTrue(e.getMessage().endsWith("Run gpt-image-2-api --help for every option."));
    assertEquals(ExitCode.USAGE, Main.exitCodeOf(e));
  }

  @Test
  void subcommandsTakeTheirOwnPositionalsAndNumbers() {
    assertThrows(
        UsageException.class, () -> BatchCommand.SPEC.parse(List.of("a.jsonl", "b.jsonl")));
    assertThrows(UsageException.class, () -> ServeCommand.SPEC.parse(List.of("extra")));
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> ServeCommand.SPEC.parse(List.of("--port", "80x")).intValue("--port", 0));
    assertTrue(e.getMessage().startsWith("--port takes a whole number, not '80x'."));
    assertEquals(2.5, BatchCommand.SPEC.parse(List.of("--poll", "2.5")).doubleValue("--poll", 30));
    assertEquals(30, BatchCommand.SPEC.parse(List.of()).doubleValue("--poll", 30));
  }

  @Test
  void helpPagesListEveryOptionWithinOneHundredColumns() {
    for (CommandSpec spec :
        List.of(
            GenerateCommand.SPEC,
            ServeCommand.SPEC,
            BatchCommand.SPEC,
            InfoCommand.SPEC,
            ReplayCommand.SPEC)) {
      String help = spec.help();
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) {
          assertTrue(help.contains(name), spec.name() + " help lacks " + name);
        }
      }
      for (String line : help.split("\n")) {
        assertTrue(line.length() <= 100, spec.name() + ": " + line);
        assertFalse(line.endsWith(" "), spec.name() + " trailing space: " + line);
      }
    }
  }
}
