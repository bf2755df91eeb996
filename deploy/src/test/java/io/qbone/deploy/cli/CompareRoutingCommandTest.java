package io.qbone.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qbone compare-routing} end to end on the shipped comparison scenario. */
class CompareRoutingCommandTest {
  static final Path SCENARIO = Path.of("..", "scenarios", "routing-comparison.yaml");

  @Test
  void comparesProtocolsOnTheSameArrivalsAndWritesJsonAndCsv(@TempDir Path dir)
      throws Exception {
    Path json = dir.resolve("c.json");
    Path csv = dir.resolve("c.csv");
    int code = QboneCli.execute("compare-routing", SCENARIO.toString(), "--protocols",
        "shortest-latency,fidelity-aware", "--json", json.toString(), "--csv", csv.toString(),
        "--quiet");
    assertEquals(0, code);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertEquals("qbone-compare-routing/1", doc.get("format").asText());
    JsonNode shortest = doc.get("protocols").get(0).get("outcome");
    JsonNode aware = doc.get("protocols").get(1).get("outcome");
    assertEquals("shortest-latency", shortest.get("protocol").asText());
    assertEquals("fidelity-aware", aware.get("protocol").asText());
    // Same seed, same arrivals: the protocols see the very same requests.
    assertTrue(shortest.get("requests").asLong() > 50, shortest.toString());
    assertEquals(shortest.get("requests").asLong(), aware.get("requests").asLong());
    assertEquals(shortest.get("pairs_requested").asLong(), aware.get("pairs_requested").asLong());
    // The 0.85 minimum: shortest path over the noisy links misses it, fidelity-aware never.
    assertTrue(shortest.get("pairs_below_min_fidelity").asLong() > 0, shortest.toString());
    assertEquals(0, aware.get("pairs_below_min_fidelity").asLong(), aware.toString());
    assertTrue(aware.get("delivered_pairs").asLong() > 0);
    assertTrue(aware.get("fidelity").get("p5").asDouble() >= 0.85);
    assertTrue(doc.get("protocols").get(0).get("performance").get("events").asLong() > 0);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("protocol,requests,acceptance_rate,"), lines.get(0));
    assertTrue(lines.get(1).startsWith("shortest-latency," + shortest.get("requests").asLong()
        + ","), lines.get(1));
    assertTrue(lines.get(2).startsWith("fidelity-aware,"), lines.get(2));
  }

  @Test
  void badInputExitsWithTwo(@TempDir Path dir) throws Exception {
    String out = dir.resolve("x.json").toString();
    assertEquals(2, QboneCli.execute("compare-routing", SCENARIO.toString(), "--protocols",
        "shortest-latency,ospf", "--json", out, "--quiet"));
    assertEquals(2, QboneCli.execute("compare-routing",
        Path.of("..", "scenarios", "repeater-chain.yaml").toString(), "--json", out, "--quiet"),
        "a scenario of saturating flows has no requests to route");
    assertEquals(2, QboneCli.execute("compare-routing", dir.resolve("missing.yaml").toString(),
        "--quiet"));
  }

  @Test
  void requestDrivenOutcomeIsByteIdenticalOnOneAndThreeMembers() throws Exception {
    Scenario s = ScenarioLoader.load(SCENARIO).withProtocol("controller");
    ScenarioRunner.Finished one = ScenarioRunner.run(s, new RunOptions(1, 2, 0, true));
    ScenarioRunner.Finished three = ScenarioRunner.run(s, new RunOptions(3, 1, 0, true));
    String a = ResultsJson.toJson(ResultsJson.outcome(one));
    assertEquals(a, ResultsJson.toJson(ResultsJson.outcome(three)));
    JsonNode routing = ResultsJson.outcome(one).get("routing");
    assertEquals("controller", routing.get("protocol").asText());
    assertTrue(routing.get("delivered_pairs").asLong() > 0, routing.toString());
    assertEquals(0, routing.get("memory_reserved_at_end").asLong(), routing.toString());
    assertEquals(3, three.result().lpsPerMember().size());
    // The controller's LP sits with its node: the members host the partition's parts.
    var placement = three.performance().placement();
    assertEquals(three.result().lpsPerMember(),
        Arrays.stream(placement.lpsPerMember()).boxed().toList());
    int controllerLp = three.requests().controllerLp();
    assertEquals(placement.memberOf(three.requests().controllerNode()),
        placement.memberOf(controllerLp));
  }
}
