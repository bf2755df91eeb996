package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's fault schedule reaches the entanglement model through the engine. */
class ScenarioFaultsTest {
  private static final String CHAIN = """
      qbone: 1
      name: cut-and-restore
      seed: 5
      duration_s: 0.3
      defaults:
        node: {kind: repeater, qubits: 4, coherence_time_s: 1.0}
        link: {fidelity: 0.95, efficiency: 0.5}
      nodes:
        - {name: a, kind: end}
        - {name: m}
        - {name: b, kind: end}
      links:
        - {a: a, b: m, length_km: 10}
        - {a: m, b: b, length_km: 10}
      flows:
        - {name: a-b, from: a, to: b}
      """;

  @TempDir Path dir;

  private JsonNode run(String faults) throws Exception {
    Path f = dir.resolve("s" + faults.hashCode() + ".yaml");
    Files.writeString(f, CHAIN + faults);
    Scenario s = ScenarioLoader.load(f);
    return ResultsJson.outcome(ScenarioRunner.run(s, new RunOptions(1, 2, 0, true)));
  }

  @Test
  void aCutLinkStopsDeliveriesUntilItIsRestored() throws Exception {
    JsonNode plain = run("");
    JsonNode cutForGood = run("faults:\n  - {at_s: 0.1, kind: link-cut, a: m, b: b}\n");
    JsonNode restored = run("faults:\n  - {at_s: 0.1, kind: link-cut, a: m, b: b}\n"
        + "  - {at_s: 0.2, kind: link-restore, a: m, b: b}\n");
    long all = delivered(plain);
    long cut = delivered(cutForGood);
    long back = delivered(restored);
    assertTrue(all > 300, "an uncut 0.3 s run delivers many pairs: " + all);
    // Cut at 0.1 s of 0.3 s: about a third of the pairs, a few more from pairs already stored.
    assertTrue(cut > all / 4 && cut < all / 2, cut + " of " + all);
    // Restored at 0.2 s: the last third comes back, so about two thirds of the uncut run.
    assertTrue(back > all / 2 && back < 3 * all / 4 + 10, back + " of " + all);
    for (JsonNode o : new JsonNode[] {plain, cutForGood, restored}) {
      assertEquals(0, o.get("causality_violations").asLong());
      assertEquals(0, o.get("malformed_messages").asLong(), o.toString());
    }
  }

  private static long delivered(JsonNode outcome) {
    return outcome.get("flows").get(0).get("delivered_pairs").asLong();
  }
}
