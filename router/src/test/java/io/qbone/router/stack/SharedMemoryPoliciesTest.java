package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two requests cross one repeater whose two qubits serve only one circuit at a time (a repeater
 * circuit needs one qubit on each side). a1 → r → b1 and a2 → r → b2 each ask for 20 pairs at
 * t = 0. What each request waits for depends on the memory policy, and is measured here against
 * the same request alone.
 */
class SharedMemoryPoliciesTest {
  private static final int PAIRS = 20;

  @Test
  void sharedMemoryInterleavesThePairsOfContendingRequests() throws Exception {
    long alone1 = latencies(MemoryPolicy.SHARED, true, false, 0)[0];
    long alone2 = latencies(MemoryPolicy.SHARED, false, true, 0)[1];
    long[] both = latencies(MemoryPolicy.SHARED, true, true, 0);
    // Each waits for the other's pairs at the repeater: both take longer than alone ...
    assertTrue(both[0] > 1.5 * alone1, "a1 alone " + alone1 + " ns, contended " + both[0]);
    assertTrue(both[1] > 1.5 * alone2, "a2 alone " + alone2 + " ns, contended " + both[1]);
    // ... and, handed the repeater pair by pair, they progress together: neither finishes
    // long before the other (a reservation would finish one first, then start the other).
    double ratio = (double) Math.max(both[0], both[1]) / Math.min(both[0], both[1]);
    assertTrue(ratio < 1.25, "shared: completion times " + both[0] + " and " + both[1]);
  }

  @Test
  void reservedMemoryServesOneRequestAfterTheOther() throws Exception {
    long alone1 = latencies(MemoryPolicy.RESERVED, true, false, 0)[0];
    long[] both = latencies(MemoryPolicy.RESERVED, true, true, 0);
    long first = Math.min(both[0], both[1]);
    long second = Math.max(both[0], both[1]);
    // The first holds the repeater for all its pairs, at the speed it has alone (within the
    // randomness of its attempts); the second starts once the first releases.
    assertTrue(first < 1.3 * alone1, "first " + first + " ns, alone " + alone1);
    assertTrue(second > 1.6 * first, "first " + first + " ns, second " + second);
  }

  @Test
  void priorityServesTheHigherPriorityRequestFirst() throws Exception {
    long alone2 = latencies(MemoryPolicy.PRIORITY, false, true, 1)[1];
    long[] both = latencies(MemoryPolicy.PRIORITY, true, true, 1);
    // a2 → b2 has priority 1: whenever both wait for the repeater's qubits, it gets them.
    assertTrue(both[1] < 1.3 * alone2, "priority request " + both[1] + " ns, alone " + alone2);
    assertTrue(both[0] > 1.6 * both[1], "low priority " + both[0] + " ns, high " + both[1]);
  }

  /**
   * Runs the star with the chosen flows; returns each flow's request latency (ns), -1 when the
   * flow did not run. Asserts every request completed and the repeater's memory is all back.
   */
  private static long[] latencies(MemoryPolicy policy, boolean flow1, boolean flow2,
      int priority2) throws Exception {
    List<NodeConfig> nodes = new ArrayList<>();
    for (String name : List.of("a1", "a2", "b1", "b2")) {
      nodes.add(new NodeConfig(name, "end", 1, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN));
    }
    nodes.add(new NodeConfig("r", "repeater", 2, Double.POSITIVE_INFINITY, Double.NaN,
        Double.NaN));
    List<LinkConfig> links = new ArrayList<>();
    for (String end : List.of("a1", "a2", "b1", "b2")) {
      links.add(new LinkConfig(end, "r", 10, 0.2, 1.468, 0.95, 0.5, 0));
    }
    List<FixedFlow> flows = new ArrayList<>();
    if (flow1) {
      flows.add(new FixedFlow("a1", "b1", 10, 0, 0));
    }
    if (flow2) {
      flows.add(new FixedFlow("a2", "b2", 10, 0, priority2));
    }
    // A reservation may wait as long as the run: the reserved policy queues, never refuses.
    RoutingConfig routing = new RoutingConfig("shortest-latency", SwapSchedule.ASAP, 0, 0.1, 4,
        4, 2, 0, 0.1, 0.35, null, false, policy);
    TrafficConfig traffic = new TrafficConfig(0, List.of(), List.of(), flows,
        new RequestClass(PAIRS, 0, 0.09), 0.05);
    RecordingStack.Run run = RecordingStack.run(
        new RequestPlan(new Topology(nodes, links), routing, traffic, 0.1, List.of()), 5);
    long[] out = {-1, -1};
    for (int source = 0; source < 2; source++) {
      if (source == 0 ? !flow1 : !flow2) {
        continue;
      }
      RoutingReport r = run.result().reports().get(source).getRouting();
      assertEquals(1, r.getCompleted(), policy + " flow " + (source + 1) + ": " + r);
      assertEquals(PAIRS, r.getPairsDelivered());
      out[source] = r.getLatenciesNs(0);
    }
    RoutingReport repeater = run.result().reports().get(4).getRouting();
    assertEquals(2, repeater.getMemoryPeakReserved(), policy + " repeater peak");
    assertEquals(0, repeater.getMemoryReservedAtEnd(), policy + " repeater memory back");
    return out;
  }
}
