package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.nio.file.Path;
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
    // The three members really shared the LPs.
    assertEquals(3, three.result().lpsPerMember().size());
    assertTrue(three.result().lpsPerMember().stream().allMatch(n -> n > 0),
        three.result().lpsPerMember().toString());
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
