package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.placement.Partition;
import io.qbone.router.request.MemoryPolicy;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same scenario and seed give a byte-identical outcome on one member or three. */
class DeterminismTest {
  static Scenario mesh() throws Exception {
    return ScenarioLoader.load(Path.of(DeterminismTest.class.getResource("/scenarios/uneven-mesh.yaml").toURI()));
  }

  static ScenarioRunner.Finished run(Scenario s, int members, int threads) throws Exception {
    return ScenarioRunner.run(s, new RunOptions(members, threads, 0, true));
  }

  @Test
  void oneAndThreeMembersGiveByteIdenticalOutcomes() throws Exception {
    Scenario s = mesh();
    ScenarioRunner.Finished one = run(s, 1, 2);
    ScenarioRunner.Finished three = run(s, 3, 1);
    String a = ResultsJson.toJson(ResultsJson.outcome(one));
    String b = ResultsJson.toJson(ResultsJson.outcome(three));
    assertEquals(a, b);

    JsonNode o = ResultsJson.outcome(one);
    assertEquals(0, o.get("causality_violations").asLong());
    assertEquals(0, o.get("malformed_messages").asLong());
    // Every flow delivered pairs, so the comparison covers real traffic.
    for (JsonNode f : o.get("flows")) {
      assertTrue(f.get("delivered_pairs").asLong() > 10, f.toString());
      assertTrue(f.get("fidelity").get("mean").asDouble() > 0.5, f.toString());
    }
    // Messages are counted the same way on one member or three (covered by the equality above),
    // and the run really exchanged heralds and swap results.
    JsonNode messages = o.get("messages");
    assertEquals(messages, ResultsJson.outcome(three).get("messages"));
    assertTrue(messages.get("herald").asLong() > 100, messages.toString());
    assertTrue(messages.get("swap_result").asLong() > 100, messages.toString());
    // Memories are never over-committed.
    for (JsonNode n : o.get("nodes")) {
      assertTrue(n.get("memory_peak_in_use").asInt() <= n.get("memory_qubits").asInt(), n.toString());
    }
    // The three members really shared the LPs, as the partition of the topology placed them.
    assertEquals(3, three.result().lpsPerMember().size());
    assertTrue(three.result().lpsPerMember().stream().allMatch(n -> n > 0),
        three.result().lpsPerMember().toString());
    Partition placement = three.performance().placement();
    assertEquals(Arrays.stream(placement.lpsPerMember()).boxed().toList(),
        three.result().lpsPerMember());
    JsonNode perf = ResultsJson.document(three).get("performance");
    assertEquals(placement.cutLinks(), perf.get("cut_links").asLong());
    assertTrue(placement.cutLinks() > 0);
    assertEquals(placement.minCutDelayNs(), perf.get("min_cut_link_delay_ns").asLong());
    assertTrue(placement.minCutDelayNs() >= three.plan().topology().minLinkDelayNs());
    // One member cuts nothing.
    JsonNode alone = ResultsJson.document(one).get("performance");
    assertEquals(0, alone.get("cut_links").asLong());
    assertTrue(alone.get("min_cut_link_delay_ns").isNull());
    assertEquals(List.of(s.nodes().size()), one.result().lpsPerMember());
  }

  @Test
  void requestDrivenRunsCountTheSameMessagesOnOneAndThreeMembers() throws Exception {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", "routing-comparison.yaml"))
        .withProtocol("controller");
    ObjectNode one = ResultsJson.outcome(run(s, 1, 2));
    ObjectNode three = ResultsJson.outcome(run(s, 3, 1));
    assertEquals(ResultsJson.toJson(one), ResultsJson.toJson(three));
    JsonNode messages = one.get("messages");
    // Reservations along chosen paths and the controller's queries and answers all crossed LPs.
    for (String type : new String[] {"reserve", "reserve_reply", "route_query", "route_answer"}) {
      assertTrue(messages.path(type).asLong() > 0, type + ": " + messages);
    }
    // Every query gets exactly one answer.
    assertEquals(messages.get("route_query").asLong(), messages.get("route_answer").asLong());
  }

  @Test
  void sharedMemoryRunsAreByteIdenticalOnOneAndThreeMembers() throws Exception {
    String text = Files.readString(Path.of("..", "scenarios", "routing-comparison.yaml"))
        .replace("  schedule: asap\n", "  schedule: asap\n  memory: shared\n");
    Scenario s = ScenarioLoader.load("routing-comparison-shared.yaml", new StringReader(text));
    assertEquals(MemoryPolicy.SHARED, s.requestRouting().memory());
    ObjectNode one = ResultsJson.outcome(run(s, 1, 2));
    ObjectNode three = ResultsJson.outcome(run(s, 3, 1));
    assertEquals(ResultsJson.toJson(one), ResultsJson.toJson(three));
    // Shared memory admits every routed path at once: none waits for or is refused memory.
    JsonNode routing = one.get("routing");
    assertTrue(routing.get("completed").asLong() > 0, routing.toString());
    assertEquals(0, routing.get("rejected_memory").asLong(), routing.toString());
  }

  @Test
  void realTimePacingDoesNotChangeTheOutcome() throws Exception {
    Scenario s = mesh();
    String fast = ResultsJson.toJson(ResultsJson.outcome(run(s, 1, 2)));
    // 0.1 virtual s at 0.5 virtual s per wall second: the coordinator waits for the clock.
    String paced = ResultsJson.toJson(ResultsJson.outcome(
        ScenarioRunner.run(s, new RunOptions(1, 2, 0.5, true))));
    assertEquals(fast, paced);
  }

  @Test
  void differentSeedsGiveDifferentOutcomes() throws Exception {
    Scenario s = mesh();
    String a = ResultsJson.toJson(ResultsJson.outcome(run(s, 1, 2)));
    String b = ResultsJson.toJson(ResultsJson.outcome(run(s.withSeed(6), 1, 2)));
    assertNotEquals(a, b);
  }
}
