package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A repeater whose swaps are linear-optics Bell-state measurements succeeds half the time
 * (only two of the four Bell states can be told apart without ancillas: Calsamiglia and
 * Lütkenhaus, Appl. Phys. B 72, 67 (2001)); a failed swap loses both pairs, the ends hear of it
 * in the swap result and free their qubits, and only successful swaps become delivered pairs.
 */
class SwapFailureTest {
  static NodeConfig node(String name, double swapSuccess) {
    return new NodeConfig(name, "repeater", 4, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, swapSuccess);
  }

  @Test
  void halfTheLinearOpticsSwapsFailAndOnlyTheOthersDeliver() throws Exception {
    Topology topology = new Topology(
        List.of(node("alice", 1), node("r", 0.5), node("bob", 1)),
        List.of(new LinkConfig("alice", "r", 10, 0, 1.468, 0.95, 1, 0),
            new LinkConfig("r", "bob", 10, 0, 1.468, 0.95, 1, 0)));
    NetworkPlan plan = new NetworkPlan(topology,
        List.of(new FlowConfig("f", "alice", "bob", 0)), RouteMetric.LATENCY);
    RunResult r = new EmbeddedCluster(1, 1, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(new EngineSettings(topology.minLinkDelayNs(), 50_000_000L, 9, 0),
            topology.nodeCount(), lp -> new NodeStack(plan, lp, Telemetry.NONE),
            System::nanoTime);
    LpReport repeater = r.reports().get(1);
    long swaps = repeater.getSwaps();
    long failures = repeater.getSwapFailures();
    assertTrue(swaps > 1000, "swaps " + swaps);
    double sigma = Math.sqrt(0.25 / swaps);
    assertEquals(0.5, (double) failures / swaps, 3 * sigma, failures + " of " + swaps + " failed");
    long delivered = r.reports().get(0).getFlows(0).getDelivered();
    long successes = swaps - failures;
    // Every successful swap becomes a pair, but for those whose results are still in flight; had
    // the ends kept the qubits of failed swaps, generation would have stopped within 4 failures.
    assertTrue(delivered <= successes && successes - delivered <= 2,
        delivered + " delivered of " + successes + " successful swaps");
    assertEquals(0, r.malformedMessages());
  }
}
