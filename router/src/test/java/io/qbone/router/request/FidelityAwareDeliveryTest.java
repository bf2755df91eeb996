package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.traffic.RequestClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same workload under shortest path and fidelity-aware routing: two ends joined by a short
 * path of noisy links and a longer one of clean links.
 */
class FidelityAwareDeliveryTest {
  static final double MIN = 0.85;

  static Topology diamond() {
    List<NodeConfig> nodes = List.of(
        RequestRunner.node("alice", "end", 8, 0.01), RequestRunner.node("bob", "end", 8, 0.01),
        RequestRunner.node("short", "repeater", 8, 0.01),
        RequestRunner.node("long1", "repeater", 8, 0.01),
        RequestRunner.node("long2", "repeater", 8, 0.01));
    List<LinkConfig> links = List.of(
        RequestRunner.link("alice", "short", 10, 0.90, 0.5),
        RequestRunner.link("short", "bob", 10, 0.90, 0.5),
        RequestRunner.link("alice", "long1", 15, 0.99, 0.5),
        RequestRunner.link("long1", "long2", 15, 0.99, 0.5),
        RequestRunner.link("long2", "bob", 15, 0.99, 0.5));
    return new Topology(nodes, links);
  }

  private static List<RoutingReport> run(String protocol) throws Exception {
    RequestPlan plan = new RequestPlan(diamond(), RoutingConfig.defaults(protocol),
        RequestLifecycleTest.poisson(200, new RequestClass(3, MIN, 0.02), 0.15), 0.2, List.of());
    RunResult r = RequestRunner.run(plan, 11, 1);
    assertEquals(0, r.causalityViolations());
    return RequestRunner.nodes(plan, r);
  }

  @Test
  void fidelityAwareDeliversOnlyPairsMeetingTheMinimumWhereShortestPathDoesNot()
      throws Exception {
    List<RoutingReport> shortest = run("shortest-latency");
    List<RoutingReport> aware = run("fidelity-aware");
    List<Double> fs = RequestRunner.fidelities(shortest);
    List<Double> fa = RequestRunner.fidelities(aware);
    // Shortest path swaps two F = 0.90 Werner pairs: 0.9^2 + 0.1^2/3 = 0.8133 < 0.85 before any
    // memory decay, so (nearly) every pair it delivers misses the minimum.
    long below = fs.stream().filter(f -> f < MIN).count();
    assertTrue(fs.size() > 50, "shortest path delivered " + fs.size());
    assertTrue(below >= 0.9 * fs.size(), below + " of " + fs.size() + " below " + MIN);
    assertEquals(below, RequestRunner.sum(shortest, RoutingReport::getPairsBelowMinFidelity));
    // Fidelity-aware takes the clean path (0.99^3 composes to about 0.970) and checks each pair.
    assertTrue(fa.size() > 50, "fidelity-aware delivered " + fa.size());
    for (double f : fa) {
      assertTrue(f >= MIN, "delivered " + f + " < " + MIN);
    }
    assertEquals(0, RequestRunner.sum(aware, RoutingReport::getPairsBelowMinFidelity));
    double meanAware = fa.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double meanShortest = fs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(meanAware > meanShortest + 0.05, "mean delivered fidelity " + meanAware
        + " vs " + meanShortest);
  }
}
