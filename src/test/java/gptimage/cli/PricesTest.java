package gptimage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gptimage.client.PriceTable;
import gptimage.client.Pricing;
import gptimage.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prices as data: the published table, a file over it, usage against estimate. */
class PricesTest extends EmulatorHarness {
  @AfterEach
  void publishedPricesAgain() {
    Pricing.use(PriceTable.defaults());
  }

  private static double cost(Object usage, double textIn, double imageIn, double imageOut) {
    double text = ((Number) Json.at(usage, "input_tokens_details", "text_tokens")).doubleValue();
    double image = ((Number) Json.at(usage, "input_tokens_details", "image_tokens")).doubleValue();
    double out = ((Number) Json.at(usage, "output_tokens")).doubleValue();
    return Math.round((text * textIn + image * imageIn + out * imageOut)) / 1e6;
  }

  @Test
  void costComesFromUsageAtThePublishedPrices() {
    Run r = run("--prompt", "a kettle", "--quality", "low");
    assertEquals(0, r.exit(), r.err());
    Object json = r.json();
    assertEquals("usage", Json.at(json, "cost_basis"));
    assertEquals(
        cost(Json.at(json, "usage"), 5, 8, 30),
        ((Number) Json.at(json, "cost_usd")).doubleValue(),
        1e-9);
  }

  @Test
  void aPriceFileOverridesAFamilyAndAddsAModel() throws Exception {
    Files.writeString(
        dir.resolve("prices.json"),
        "{\"gpt-image-2\": {\"image_out\": 60}, \"house-model\": {\"text_in\": 1, \"image_in\": 1,"
            + " \"image_out\": 10, \"cached_in\": 0.5}}");
    env.put("OPENAI_IMAGE_PRICES", "prices.json");
    Run dated =
        run("--prompt", "a kettle", "--quality", "low", "--model", "gpt-image-2-2026-04-21");
    assertEquals(0, dated.exit(), dated.err());
    assertEquals(
        cost(Json.at(dated.json(), "usage"), 5, 8, 60),
        ((Number) Json.at(dated.json(), "cost_usd")).doubleValue(),
        1e-9,
        "a date suffix takes the family's entry; fields left out keep the published price");
    Run house = run("--prompt", "a kettle", "--quality", "low", "--model", "house-model");
    assertEquals(
        cost(Json.at(house.json(), "usage"), 1, 1, 10),
        ((Number) Json.at(house.json(), "cost_usd")).doubleValue(),
        1e-9);
    env.remove("OPENAI_IMAGE_PRICES");
    Run unknown = run("--prompt", "a kettle", "--quality", "low", "--model", "house-model");
    assertNull(Json.at(unknown.json(), "cost_usd"), "no price, no cost");
  }

  @Test
  void aBadPriceFileStopsBeforeSending() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"gpt-image-2\": {\"image_out\": \"cheap\"}}");
    env.put("OPENAI_IMAGE_PRICES", "bad.json");
    Run r = run("--prompt", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("OPENAI_IMAGE_PRICES"), r.err());
    assertTrue(r.err().contains("image_out must be a number"), r.err());
    Files.writeString(dir.resolve("typo.json"), "{\"gpt-image-2\": {\"imageout\": 3}}");
    env.put("OPENAI_IMAGE_PRICES", "typo.json");
    Run typo = run("--prompt", "x");
    assertEquals(2, typo.exit());
    assertTrue(typo.err().contains("\"imageout\""), typo.err());
    env.put("OPENAI_IMAGE_PRICES", "missing.json");
    assertEquals(2, run("--prompt", "x").exit());
    assertTrue(emulator.requests().isEmpty());
  }

  @Test
  void cachedTextIsPricedAsCachedInput() {
    Map<String, Object> usage =
        Map.of(
            "output_tokens",
            1000,
            "input_tokens_details",
            Map.of("text_tokens", 400, "image_tokens", 100, "cached_tokens", 300));
    // 100 text at 5, 300 cached at 1.25, 100 image at 8, 1000 out at 30
    assertEquals(
        (100 * 5 + 300 * 1.25 + 100 * 8 + 1000 * 30) / 1e6,
        Pricing.estimate("gpt-image-2", usage),
        1e-12);
  }

  @Test
  void aBatchSummaryReconcilesEstimateAndUsage() throws Exception {
    Path jobs =
        Files.write(
            dir.resolve("jobs.jsonl"),
            List.of(
                "{\"prompt\": \"one\", \"quality\": \"low\"}",
                "{\"prompt\": \"two\", \"quality\": \"high\", \"size\": \"16:9\"}"));
    Run r = run("batch", jobs.toString(), "--output", "out", "--quiet");
    assertEquals(0, r.exit(), r.err());
    Object check = Json.at(r.json(), "cost_check");
    assertEquals(2L, Json.at(check, "jobs_with_usage"));
    double fromUsage = ((Number) Json.at(check, "from_usage_usd")).doubleValue();
    assertEquals(((Number) Json.at(r.json(), "cost_usd")).doubleValue(), fromUsage, 1e-9);
    double estimated = ((Number) Json.at(check, "estimated_for_those_usd")).doubleValue();
    assertTrue(estimated > 0);
    assertEquals(
        fromUsage - estimated, ((Number) Json.at(check, "difference_usd")).doubleValue(), 1e-6);
    for (String line : Files.readAllLines(dir.resolve("out/results.jsonl"))) {
      assertEquals("usage", Json.at(Json.parse(line), "cost_basis"));
      @SuppressWarnings("unchecked")
      List<String> sidecars = (List<String>) Json.at(Json.parse(line), "sidecars");
      assertEquals(1, sidecars.size());
      assertTrue(Files.exists(Path.of(sidecars.get(0))), "batch always writes sidecars");
    }
    assertTrue(
        Files.readAllLines(dir.resolve("out/results.jsonl")).stream()
            .map(Json::parse)
            .anyMatch(
                m -> "two".equals(Json.at(m, "prompt")) && "1360x768".equals(Json.at(m, "size"))),
        "a job line's ratio is solved too");
  }
}
