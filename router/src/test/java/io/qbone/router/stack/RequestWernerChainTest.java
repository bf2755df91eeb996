package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request's path is a chain of Werner pairs swapped by ideal repeaters with memories that never
 * decay: every pair it delivers has the closed-form fidelity of n swapped Werner pairs,
 * F_n = 1/4 + 3/4 ((4F - 1)/3)^n (Dür, Briegel, Cirac, Zoller, PRA 59, 169 (1999), Werner
 * parameters multiply under swapping), whatever the swap order and the timing.
 */
class RequestWernerChainTest {
  @Test
  void everyDeliveredPairHasTheWernerChainFidelity() throws Exception {
    double f = 0.95;
    int hops = 4;
    double expected = 0.25 + 0.75 * Math.pow((4 * f - 1) / 3, hops);
    for (SwapSchedule schedule : SwapSchedule.values()) {
      List<NodeConfig> nodes = new ArrayList<>();
      List<LinkConfig> links = new ArrayList<>();
      for (int i = 0; i <= hops; i++) {
        nodes.add(new NodeConfig("n" + i, "repeater", 4, Double.POSITIVE_INFINITY, Double.NaN,
            Double.NaN));
        if (i > 0) {
          links.add(new LinkConfig("n" + (i - 1), "n" + i, 5 + 7 * i, 0.2, 1.468, f, 0.5, 0));
        }
      }
      RoutingConfig routing = new RoutingConfig("shortest-latency", schedule, 0, 0.01, 4, 4, 2,
          0, 0.1, 0.35, null, false, MemoryPolicy.RESERVED);
      TrafficConfig traffic = new TrafficConfig(0, List.of(), List.of(),
          List.of(new FixedFlow("n0", "n" + hops, 0.01, 0)), new RequestClass(5, 0, 0.05), 0.05);
      RecordingStack.Run run = RecordingStack.run(
          new RequestPlan(new Topology(nodes, links), routing, traffic, 0.1, List.of()), 8);
      RoutingReport source = run.result().reports().get(0).getRouting();
      assertEquals(source.getPairsRequested(), source.getPairsDelivered(), schedule.toString());
      assertTrue(source.getFidelitiesCount() >= 20, "pairs " + source.getFidelitiesCount());
      for (double delivered : source.getFidelitiesList()) {
        assertEquals(expected, delivered, 1e-12, schedule.toString());
      }
    }
  }
}
