package io.qbone.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against a real run paced in real time (docs/api.md). */
class LiveApiTest {
  /** Half a virtual second per wall second: the 1 s chain runs for about 2 s. */
  private static final double SPEED = 0.5;

  static Scenario chain() throws Exception {
    return ScenarioLoader.load(Path.of("..", "scenarios", "repeater-chain.yaml"));
  }

  /**
   * The chain running {@code durationS} virtual seconds. Tests that stop the chain (a cut, a
   * crash) run it long, so a slow machine cannot end the run before the fault is injected; once
   * the chain stalls nothing is left to simulate and the run ends at once.
   */
  static Scenario chain(double durationS, Path dir) throws Exception {
    String yaml = Files.readString(Path.of("..", "scenarios", "repeater-chain.yaml"))
        .replace("duration_s: 1.0", "duration_s: " + durationS);
    Path file = dir.resolve("chain-" + durationS + ".yaml");
    Files.writeString(file, yaml);
    Scenario s = ScenarioLoader.load(file);
    assertEquals(durationS, s.durationS());
    return s;
  }

  /** Virtual length of the runs that get a fault. */
  private static final double LONG_S = 10;

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return LiveRun.JSON.readTree(r.body());
  }

  private static String outcome(ScenarioRunner.Finished f) {
    return ResultsJson.toJson(ResultsJson.outcome(f));
  }

  private static ScenarioRunner.Finished untouched(Scenario s) throws Exception {
    return ScenarioRunner.run(s, new RunOptions(1, 2, 0, false));
  }

  private static void assertRefused(HttpResponse<String> r, int status, String message)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals(message, json(r).get("error").asText());
  }

  @Test
  void badRequestsGet400WithAMessageAndLeaveTheRunExactlyAsAnUntouchedOne() throws Exception {
    Scenario s = chain();
    ScenarioRunner.Finished live;
    try (RunningDashboard d = RunningDashboard.start(s, SPEED)) {
      d.awaitVirtualTime(1_000_000);
      assertRefused(d.post("api/faults", "{\"fault\": \"link-cut\", \"a\": \"alice\""), 400,
          "malformed JSON at line 1, column 35: Unexpected end-of-input: expected close marker "
              + "for Object");
      assertRefused(d.post("api/faults", "[1, 2]"), 400, "expected a JSON object");
      assertRefused(d.post("api/faults", "{\"fault\": \"link-cut\", \"a\": \"alice\", \"b\": \"zed\"}"),
          400, "field 'b': unknown node 'zed'");
      assertRefused(d.post("api/faults", "{\"fault\": \"link-cut\", \"a\": \"alice\", \"b\": \"bob\"}"),
          400, "fields 'a', 'b': there is no link between 'alice' and 'bob'");
      assertRefused(d.post("api/faults", "{\"fault\": \"meteor\"}"), 400,
          "field 'fault': expected one of link-cut, node-crash, link-restore, eavesdrop; got 'meteor'");
      assertRefused(d.post("api/faults", "{\"fault\": \"node-crash\", \"node\": 3}"), 400,
          "field 'node': expected a string, got 3");
      assertRefused(d.post("api/faults",
          "{\"fault\": \"eavesdrop\", \"a\": \"r1\", \"b\": \"r2\", \"fraction\": 1.5}"),
          400, "field 'fraction': expected a number in [0, 1], got 1.5");
      assertRefused(d.post("api/faults",
          "{\"fault\": \"eavesdrop\", \"a\": \"r1\", \"b\": \"r2\", \"fraction\": 0.5}"),
          409, "'eavesdrop' acts on QKD links and this scenario has no qkd: section");
      assertRefused(d.post("api/requests", "{\"from\": \"alice\", \"to\": \"carol\"}"), 400,
          "field 'to': unknown node 'carol'");
      assertRefused(d.post("api/requests", "{\"from\": \"r1\", \"to\": \"bob\"}"), 409,
          "no flow from 'r1' to 'bob' is planned: the router sets up routes and memory for the "
              + "scenario's flows before the run, so live requests can only start one of them "
              + "(declare it under flows: with a later start_s)");
      assertEquals(0, json(d.get("api/status")).get("injections").asInt());
      live = d.awaitEnd();
    }
    assertEquals(0, live.result().injections().size());
    // Deterministic engine: the refused requests left no trace, byte for byte.
    assertEquals(outcome(untouched(s)), outcome(live));
  }

  @Test
  void aLinkCutStopsTheLinkRaisesAnAlarmAndIsRecordedForReplay(@TempDir Path dir)
      throws Exception {
    Scenario s = chain(LONG_S, dir);
    ScenarioRunner.Finished live;
    long cutAt;
    try (RunningDashboard d = RunningDashboard.start(s, SPEED)) {
      JsonNode topology = json(d.get("api/topology"));
      assertEquals(5, topology.get("nodes").size());
      assertEquals("alice-r1", topology.get("links").get(0).get("name").asText());
      assertEquals(52.0116, topology.get("nodes").get(0).get("lat").asDouble());
      assertEquals("[\"alice\",\"r1\",\"r2\",\"r3\",\"bob\"]",
          topology.get("flows").get(0).get("path").toString());
      d.awaitVirtualTime(200_000_000);
      HttpResponse<String> cut = d.post("api/faults", "{\"fault\": \"link-cut\", \"a\": \"r1\", \"b\": \"alice\"}");
      assertEquals(202, cut.statusCode(), cut.body());
      cutAt = json(cut).get("applied_at_ns").asLong();
      assertTrue(cutAt > 200_000_000 && cutAt < LONG_S * 1e9, "cut at " + cutAt);
      RunningDashboard.await("the link-cut alarm", () -> d.live.reports().alarms().size() == 1);
      JsonNode alarm = json(d.get("api/metrics")).get("alarms").get(0);
      assertEquals("link-cut", alarm.get("kind").asText());
      assertEquals("alice-r1", alarm.get("subject").asText());
      assertEquals(cutAt, alarm.get("at_ns").asLong());
      live = d.awaitEnd();
      // What the dashboard counted is what the results say.
      JsonNode metrics = json(d.get("api/metrics"));
      JsonNode results = LiveRun.JSON.readTree(outcome(live));
      assertEquals("finished", json(d.get("api/status")).get("state").asText());
      for (int l = 0; l < 4; l++) {
        assertEquals(results.get("links").get(l).get("generated_pairs").asLong(),
            metrics.get("links").get(l).get("pairs").asLong(), "link " + l);
      }
      assertEquals(results.get("flows").get(0).get("delivered_pairs").asLong(),
          metrics.get("flows").get(0).get("delivered_pairs").asLong());
    }
    // Both ends of alice-r1 got the cut at the stamp the API answered with.
    assertEquals(2, live.result().injections().size());
    JsonNode injections = LiveRun.JSON.readTree(outcome(live)).get("injections");
    assertEquals("alice", injections.get(0).get("node").asText());
    assertEquals("r1", injections.get(1).get("node").asText());
    assertEquals(cutAt, injections.get(0).get("at_ns").asLong());
    assertEquals("{\"link_cut\":{}}", injections.get(0).get("fault").toString()); // link 0: default
    // alice-r1 generates nothing after the cut: at most its full rate up to the cut, and far
    // less than the untouched run, which keeps generating to the end.
    JsonNode before = LiveRun.JSON.readTree(outcome(untouched(s))).get("links").get(0);
    JsonNode after = LiveRun.JSON.readTree(outcome(live)).get("links").get(0);
    long full = before.get("generated_pairs").asLong();
    long cutPairs = after.get("generated_pairs").asLong();
    assertTrue(cutPairs <= full * (cutAt / (LONG_S * 1e9)) * 1.2 + 10 && cutPairs < full,
        "pairs on the cut link " + cutPairs + " vs " + full + " untouched, cut at " + cutAt);
    assertEquals(0, live.result().causalityViolations());
    assertEquals(0, live.result().malformedMessages());
  }

  @Test
  void aCrashedNodeLosesItsMemoryStopsTheFlowAndRaisesAnAlarm(@TempDir Path dir)
      throws Exception {
    Scenario s = chain(LONG_S, dir);
    ScenarioRunner.Finished live;
    long crashedAt;
    try (RunningDashboard d = RunningDashboard.start(s, SPEED)) {
      d.awaitVirtualTime(200_000_000);
      HttpResponse<String> r = d.post("api/faults", "{\"fault\": \"node-crash\", \"node\": \"r2\"}");
      assertEquals(202, r.statusCode(), r.body());
      crashedAt = json(r).get("applied_at_ns").asLong();
      RunningDashboard.await("the node-crash alarm", () -> d.live.reports().alarms().size() == 1);
      ModelReports.Alarm alarm = d.live.reports().alarms().get(0);
      assertEquals("node-crash", alarm.kind());
      assertEquals("r2", alarm.subject());
      assertEquals(crashedAt, alarm.atNs());
      live = d.awaitEnd();
    }
    JsonNode results = LiveRun.JSON.readTree(outcome(live));
    JsonNode r2 = results.get("nodes").get(2);
    assertEquals("r2", r2.get("name").asText());
    assertEquals(0, r2.get("memory_in_use_at_end").asInt());
    // No pair crosses r2 after the crash: deliveries stop within the chain's latency (a few ms).
    JsonNode flow = results.get("flows").get(0);
    JsonNode untouchedFlow = LiveRun.JSON.readTree(outcome(untouched(s))).get("flows").get(0);
    double expected = untouchedFlow.get("delivered_pairs").asDouble() * crashedAt / (LONG_S * 1e9);
    assertTrue(Math.abs(flow.get("delivered_pairs").asDouble() / expected - 1) < 0.15,
        flow.get("delivered_pairs") + " pairs, about " + expected + " expected before the crash");
    assertEquals(0, live.result().malformedMessages());
  }

  @Test
  void anEntanglementRequestStartsAPlannedFlowBeforeItsStartTime(@TempDir Path dir)
      throws Exception {
    // The chain with its flow starting late, at 0.8 s.
    String yaml = Files.readString(Path.of("..", "scenarios", "repeater-chain.yaml"))
        .replace("{name: alice-bob, from: alice, to: bob}",
            "{name: alice-bob, from: alice, to: bob, start_s: 0.8}");
    Path file = dir.resolve("late-chain.yaml");
    Files.writeString(file, yaml);
    Scenario s = ScenarioLoader.load(file);
    ScenarioRunner.Finished live;
    long startedAt;
    try (RunningDashboard d = RunningDashboard.start(s, SPEED)) {
      // Nothing happens before 0.8 s: the paced run waits, and takes the request meanwhile.
      HttpResponse<String> r = d.post("api/requests", "{\"from\": \"alice\", \"to\": \"bob\"}");
      assertEquals(202, r.statusCode(), r.body());
      assertEquals("started", json(r).get("status").asText());
      startedAt = json(r).get("applied_at_ns").asLong();
      assertTrue(startedAt < 800_000_000, "started at " + startedAt);
      live = d.awaitEnd();
    }
    JsonNode flow = LiveRun.JSON.readTree(outcome(live)).get("flows").get(0);
    JsonNode late = LiveRun.JSON.readTree(outcome(untouched(s))).get("flows").get(0);
    // Pairs flow from the request on, not from 0.8 s: the rate is steady, so delivered pairs
    // scale with the active time, (1 - t_request) / (1 - 0.8), within 25 % for the pairs' noise
    // and the pipeline's fill time.
    double ratio = flow.get("delivered_pairs").asDouble() / late.get("delivered_pairs").asDouble();
    double expected = (1e9 - startedAt) / 0.2e9;
    assertTrue(Math.abs(ratio / expected - 1) < 0.25, "ratio " + ratio + ", expected " + expected);
  }
}
