package io.qbone.deploy.qkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.network.LinkConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Each reference QKD network of scenarios/ runs and its results sit within the tolerances that
 * docs/validation.md writes next to the published figures.
 */
class ReferenceNetworksTest {
  static Scenario load(String file) {
    return ScenarioLoader.load(Path.of("..", "scenarios", file));
  }

  static Scenario shortened(Scenario s, double durationS) {
    return new Scenario(s.file(), s.name(), s.seed(), durationS, s.routing(), s.nodes(),
        s.links(), s.flows(), s.locations(), s.qkd(), s.faults());
  }

  static JsonNode run(Scenario s) throws Exception {
    return ResultsJson.outcome(ScenarioRunner.run(s, new RunOptions(1, 2, 0, false)));
  }

  /**
   * Every QKD link distils key at the rate its model predicts: decoy-BB84 links at the closed-form
   * GLLP rate (DecoyBb84, tested against Ma et al. 2005), published-rate links at their figure.
   * Tolerance 3 %: the run counts whole blocks only and samples each block's QBER.
   */
  static void assertLinksAtModelRate(JsonNode qkd) {
    for (JsonNode l : qkd.get("links")) {
      double expected = l.get("expected_secret_key_rate_bps").asDouble();
      double got = l.get("secret_key_rate_bps").asDouble();
      assertTrue(expected > 0, l.get("name") + " makes no key");
      assertEquals(expected, got, 0.03 * expected, l.get("name").asText());
      assertEquals(0, l.get("blocks_aborted").asLong(), l.get("name").asText());
    }
    assertEquals(0, qkd.get("alarms").size());
  }

  @Test
  void secoqcVienna() throws Exception {
    Scenario s = load("secoqc-vienna.yaml");
    // Published (Peev et al. 2009): six nodes, eight links of 6-82 km.
    assertEquals(6, s.nodes().size());
    assertEquals(8, s.links().size());
    assertEquals(6, s.links().stream().mapToDouble(LinkConfig::lengthKm).min().orElseThrow());
    assertEquals(82, s.links().stream().mapToDouble(LinkConfig::lengthKm).max().orElseThrow());
    JsonNode o = run(s);
    assertEquals(0, o.get("malformed_messages").asLong());
    JsonNode qkd = o.get("qkd");
    assertEquals(8, qkd.get("links").size());
    assertLinksAtModelRate(qkd);
    for (JsonNode d : qkd.get("demands")) {
      assertTrue(d.get("delivered").asLong() > 0, d.get("name") + " delivered nothing");
    }
  }

  @Test
  void tokyoQkdNetwork() throws Exception {
    Scenario s = load("tokyo-qkd.yaml");
    // Published (Sasaki et al. 2011): four sites, six links of different technologies.
    assertEquals(4, s.nodes().size());
    assertEquals(6, s.links().size());
    assertEquals(6, s.qkd().links().stream().map(l -> l.technology() + "@" + l.model()
        .physics(0).secretBitsPerSecond()).distinct().count());
    JsonNode o = run(s);
    JsonNode qkd = o.get("qkd");
    assertLinksAtModelRate(qkd);
    for (JsonNode d : qkd.get("demands")) {
      assertTrue(d.get("delivered").asLong() > 0.9 * d.get("requested").asLong(), d.toString());
    }
  }

  @Test
  void beijingShanghaiBackbone() throws Exception {
    Scenario s = load("beijing-shanghai.yaml");
    // Published (Chen et al. 2021): 32 trusted relays over more than 2,000 km between Beijing and
    // Shanghai, joining the Beijing, Jinan, Hefei and Shanghai metro networks.
    long relays = s.nodes().stream().map(n -> n.name())
        .filter(n -> n.matches("R\\d\\d|Jinan|Hefei")).count();
    assertEquals(32, relays);
    double backboneKm = s.links().stream().filter(l -> !l.b().contains("-u"))
        .mapToDouble(LinkConfig::lengthKm).sum();
    assertTrue(backboneKm > 2000, "backbone " + backboneKm + " km");
    JsonNode o = run(shortened(s, 3600));
    JsonNode qkd = o.get("qkd");
    assertLinksAtModelRate(qkd);
    for (JsonNode d : qkd.get("demands")) {
      long requested = d.get("requested").asLong();
      // All but the keys still in flight at the end arrive: the demand is far below link rates.
      assertTrue(d.get("delivered").asLong() >= requested - 1, d.toString());
    }
    JsonNode bjsh = qkd.get("demands").get(0);
    assertEquals("Beijing-u0", bjsh.get("from").asText());
    // User spur + 33 backbone links + user spur.
    assertEquals(36, bjsh.get("last_path").size());
  }
}
