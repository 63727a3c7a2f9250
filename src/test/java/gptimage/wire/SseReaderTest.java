package gptimage.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSE reader against exact wire bytes, whole and one byte at a time. */
class SseReaderTest {
  /** Reads every event as "name=data", events joined by " | ". */
  private static String events(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    try (SseReader r = new SseReader(in)) {
      SseReader.Event e;
      while ((e = r.next()) != null) {
        out.add(e.name() + "=" + new String(e.data().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return String.join(" | ", out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "LF ; event: a\\ndata: one\\n\\n ; a=one",
        "CRLF ; event: a\\r\\ndata: one\\r\\n\\r\\n ; a=one",
        "CR ; event: a\\rdata: one\\r\\r ; a=one",
        "no event name ; data: x\\n\\n ; message=x",
        "data lines join with LF ; data: a\\ndata: b\\r\\ndata: c\\n\\n ; message=a\\nb\\nc",
        "no space after colon ; data:x\\n\\n ; message=x",
        "only one space is eaten ; data:  x\\n\\n ; message= x",
        "comments, id and retry are skipped ; : hi\\nid: 7\\nretry: 10\\ndata: x\\n\\n ; message=x",
        "name resets after each event ; event: a\\ndata: 1\\n\\ndata: 2\\n\\n ; a=1 | message=2",
        "blank lines between events ; \\n\\n\\ndata: 1\\n\\n\\n\\ndata: 2\\n\\n ; message=1 | message=2",
        "last event without blank line ; data: 1\\n\\ndata: 2 ; message=1 | message=2",
        "empty data ; data:\\n\\n ; message=",
        "DONE ; data: {}\\n\\ndata: [DONE]\\n\\n ; message={} | message=[DONE]",
        "field without colon is ignored ; event\\ndata: x\\n\\n ; message=x",
        "a colon in the value is kept ; data: a: b\\n\\n ; message=a: b",
        "field names are case-sensitive ; Data: x\\ndata: y\\n\\n ; message=y",
        "unknown fields are ignored ; foo: 1\\ndata: x\\n\\n ; message=x",
        "CRLF split from its LF between events ; data: 1\\r\\n\\r\\ndata: 2\\r\\n\\r\\n ; message=1 | message=2",
        "mixed line ends ; data: 1\\r\\ndata: 2\\rdata: 3\\n\\n ; message=1\\n2\\n3",
        "a later event name wins ; event: a\\nevent: b\\ndata: x\\n\\n ; b=x",
        "unicode passes as bytes ; data: é😀\\n\\n ; message=é😀",
        "JSON with escapes ; data: {\\\"b64\\\":\\\"aGk=\\\"}\\n\\n ; message={\\\"b64\\\":\\\"aGk=\\\"}",
      })
  void readsEventsAsTheWhatwgRulesSay(String name, String wire, String expected)
      throws IOException {
    byte[] bytes = wire.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
    String want = expected.replace("\\n", "\n");
    assertEquals(want, events(new ByteArrayInputStream(bytes)), "whole");
    assertEquals(want, events(Trickle.of(bytes)), "one byte at a time");
  }

  @org.junit.jupiter.api.Test
  void aLongDataLineCrossesBufferBoundariesIntact() throws IOException {
    String big = "x".repeat(200_000) + "y";
    byte[] wire =
        ("event: big\ndata: " + big + "\ndata: tail\n\ndata: next\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertEquals("big=" + big + "\ntail | message=next", events(new ByteArrayInputStream(wire)));
  }

  @org.junit.jupiter.api.Test
  void unreadDataIsSkippedWhenTheNextEventIsAskedFor() throws IOException {
    byte[] wire = "data: a\ndata: b\n\nevent: e\ndata: c\n\n".getBytes(StandardCharsets.US_ASCII);
    try (SseReader r = new SseReader(new ByteArrayInputStream(wire))) {
      assertEquals('a', r.next().data().read());
      SseReader.Event second = r.next();
      assertEquals("e", second.name());
      assertEquals("c", new String(second.data().readAllBytes(), StandardCharsets.US_ASCII));
    }
  }
}
