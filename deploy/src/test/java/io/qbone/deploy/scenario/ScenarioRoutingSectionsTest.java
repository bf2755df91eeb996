package io.qbone.deploy.scenario;

import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.HEAD;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.LINKS;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.NODES;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.assertError;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.SwapSchedule;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The request-driven sections: routing as a mapping, and traffic. */
class ScenarioRoutingSectionsTest {
  private static Scenario load(String yaml) {
    return ScenarioLoader.load("ok.yaml", new StringReader(yaml));
  }

  @Test
  void readsTheShippedComparisonScenario() throws Exception {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", "routing-comparison.yaml"));
    assertTrue(s.requestDriven());
    assertEquals("fidelity-aware", s.requestRouting().protocol());
    assertEquals(SwapSchedule.ASAP, s.requestRouting().schedule());
    assertEquals(0.005, s.requestRouting().cutoffS());
    assertEquals(2, s.requestRouting().maxPurificationRounds());
    assertEquals(400, s.traffic().ratePerS());
    assertEquals(0.15, s.traffic().stopS());
    assertEquals(3, s.traffic().request().pairs());
    assertEquals(0.85, s.traffic().request().minFidelity());
    assertEquals("bob", s.traffic().hotSpots().get(0).node());
    assertEquals(3, s.traffic().bursts().get(0).factor());
    assertEquals("carol", s.traffic().flows().get(0).to());
    assertEquals("k-shortest", s.withProtocol("k-shortest").requestRouting().protocol());
  }

  @Test
  void defaultsAndTheScalarRoutingForm() {
    Scenario plain = load(HEAD + NODES + LINKS);
    assertFalse(plain.requestDriven());
    assertNull(plain.requestRouting());
    Scenario hops = load(HEAD + "routing: hops\ntraffic: {rate_per_s: 5}\n" + NODES + LINKS);
    assertEquals("shortest-hops", hops.requestRouting().protocol());
    assertEquals(1, hops.traffic().request().pairs(), "one pair per request by default");
    assertEquals(1.0, hops.traffic().stopS(), "arrivals until the end by default");
    Scenario nested = load(HEAD + "routing: {protocol: link-state, schedule: nested, "
        + "hello_interval_s: 0.2, dead_interval_s: 0.7}\ntraffic: {}\n" + NODES + LINKS);
    assertEquals(SwapSchedule.NESTED, nested.requestRouting().schedule());
    assertEquals(0.2, nested.requestRouting().helloIntervalS());
    assertFalse(nested.requestRouting().linkStateConverged(), "cold start by default");
    Scenario warm = load(HEAD + "routing: {protocol: link-state, link_state_start: converged}\n"
        + "traffic: {}\n" + NODES + LINKS);
    assertTrue(warm.requestRouting().linkStateConverged());
    assertEquals(MemoryPolicy.RESERVED, hops.requestRouting().memory(), "reserved memory by default");
    Scenario shared = load(HEAD + "routing: {protocol: k-shortest, memory: priority}\n"
        + "traffic:\n  flows:\n    - {from: A, to: C, interval_s: 0.1, priority: 7}\n"
        + NODES + LINKS);
    assertEquals(MemoryPolicy.PRIORITY, shared.requestRouting().memory());
    assertEquals(7, shared.traffic().flows().get(0).priority());
  }


  @Test
  void badRoutingSectionsNameLineAndField() {
    assertError(fail(HEAD + "routing:\n  protocol: ospf\ntraffic: {}\n" + NODES + LINKS),
        5, "routing.protocol", "expected one of [shortest-hops", "got 'ospf'");
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n  schedule: fast\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.schedule", "expected one of: asap, sequential, nested");
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n  metric: hops\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.metric", "applies to shortest-path routing");
    assertError(fail(HEAD + "routing:\n  protocol: controller\n  controller: Z\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.controller", "unknown node 'Z'");
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n  k: 0\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.k", "expected >= 1, got 0");
    assertError(fail(HEAD + "routing:\n  protocol: link-state\n  link_state_start: warm\n"
        + "traffic: {}\n" + NODES + LINKS), 6, "routing.link_state_start",
        "expected cold or converged, got 'warm'");
    // A block mapping's line is that of its first entry.
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n" + NODES + LINKS), 5,
        "routing", "expected a 'traffic' section");
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n  colour: red\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.colour", "unknown");
    assertError(fail(HEAD + "routing:\n  protocol: k-shortest\n  memory: pooled\ntraffic: {}\n"
        + NODES + LINKS), 6, "routing.memory", "expected one of: reserved, shared, priority",
        "got 'pooled'");
  }

  @Test
  void badTrafficSectionsNameLineAndField() {
    String r = HEAD + NODES + LINKS;
    assertError(fail(r + "traffic:\n  rate_per_s: -1\n"), 12, "traffic.rate_per_s",
        "expected >= 0, got -1");
    assertError(fail(r + "traffic:\n  request: {pairs: 0}\n"), 12, "traffic.request.pairs",
        "expected an integer >= 1");
    assertError(fail(r + "traffic:\n  request:\n    min_fidelity: 1.5\n"), 13,
        "traffic.request.min_fidelity", "expected in [0, 1], got 1.5");
    assertError(fail(r + "traffic:\n  hot_spots:\n    - {node: Q, share: 0.5}\n"), 13,
        "traffic.hot_spots[0].node", "unknown node 'Q'");
    assertError(fail(r + "traffic:\n  hot_spots:\n    - {node: A, share: 0.7}\n"
        + "    - {node: B, share: 0.7}\n"), 13, "traffic.hot_spots", "sum to at most 1");
    assertError(fail(r + "traffic:\n  bursts:\n    - {start_s: 0.5, end_s: 0.2, factor: 2}\n"),
        13, "traffic.bursts[0].end_s", "after start_s");
    assertError(fail(r + "traffic:\n  flows:\n    - {from: A, to: A, interval_s: 1}\n"), 13,
        "traffic.flows[0].to", "other than 'from'");
    assertError(fail(r + "traffic:\n  flows:\n    - {from: A, to: C, interval_s: 1, priority: -2}\n"),
        13, "traffic.flows[0].priority", "[0, 1000]", "-2");
  }

  @Test
  void saturatingFlowsRunBesideTheTraffic() {
    Scenario s = ScenarioLoader.load("ok.yaml", new StringReader(HEAD + NODES + LINKS
        + "flows:\n  - {name: f, from: A, to: C}\ntraffic: {rate_per_s: 1}\n"));
    assertEquals(1, s.flows().size());
    assertTrue(s.requestDriven());
  }
}
