package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.routing.Route;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request's path runs as a circuit whose heralds and swap results are real messages between the
 * nodes' LPs: observed at their receivers, each arrives exactly one link (herald) or one path
 * (swap result) delay after it was sent.
 */
class CircuitMessagesTest {
  @Test
  void heraldsAndSwapResultsTravelWithTheirLinkAndPathDelays() throws Exception {
    // A 4-hop chain of unequal links (10, 20, 15, 25 km), so every delay is distinct.
    double[] km = {10, 20, 15, 25};
    List<NodeConfig> nodes = new ArrayList<>();
    List<LinkConfig> links = new ArrayList<>();
    for (int i = 0; i <= km.length; i++) {
      nodes.add(new NodeConfig("n" + i, i == 0 || i == km.length ? "end" : "repeater", 4, 1.0,
          Double.NaN, Double.NaN));
      if (i > 0) {
        links.add(new LinkConfig("n" + (i - 1), "n" + i, km[i - 1], 0.2, 1.468, 0.97, 0.5, 0));
      }
    }
    Topology topology = new Topology(nodes, links);
    // One request of 5 pairs from n0 to n4 at t = 0, deadline 1 s.
    TrafficConfig traffic = new TrafficConfig(0, List.of(), List.of(),
        List.of(new FixedFlow("n0", "n4", 10, 0)), new RequestClass(5, 0, 1.0), 0.5);
    RequestPlan plan = new RequestPlan(topology, RoutingConfig.defaults("shortest-latency"),
        traffic, 1.0, List.of());
    RecordingStack.Run run = RecordingStack.run(plan, 5);
    RunResult r = run.result();
    RoutingReport source = r.reports().get(0).getRouting();
    assertEquals(1, source.getCompleted(), "the request got its pairs");
    assertEquals(5, source.getPairsDelivered());
    Route route = Route.along(0, topology, new int[] {0, 1, 2, 3, 4}, new int[] {0, 1, 2, 3});

    int heralds = 0;
    int swapResults = 0;
    for (RecordingStack.Received m : run.log()) {
      switch (m.message().getBodyCase()) {
        case HERALD -> {
          Herald h = m.message().getHerald();
          var link = topology.link(h.getLink());
          assertEquals(link.a(), m.origin(), "a herald comes from the link's generating end");
          assertEquals(link.b(), m.at(), "and goes to its other end");
          assertEquals(h.getEmittedAtNs() + link.delayNs(), m.nowNs(),
              "a herald arrives one link delay after the emission it heralds");
          heralds++;
        }
        case SWAP_RESULT -> {
          SwapResult s = m.message().getSwapResult();
          int repeater = route.nodes()[s.getPosition()];
          assertEquals(repeater, m.origin(), "a swap result comes from the swapping repeater");
          assertTrue(m.at() == 0 || m.at() == 4, "and goes to the circuit's ends");
          long delay = m.at() == 0 ? route.delayToSourceNs(s.getPosition())
              : route.delayToDestinationNs(s.getPosition());
          assertEquals(s.getSwappedAtNs() + delay, m.nowNs(),
              "a swap result arrives one path delay after the swap");
          swapResults++;
        }
        default -> { }
      }
    }
    // Every delivered pair needs 3 swaps, each reported to both ends; each swap consumed two
    // link pairs whose heralds reached the far end of their link (some links may have made more
    // pairs than were swapped before the circuit closed).
    assertTrue(swapResults >= 5 * 3 * 2, "swap results " + swapResults);
    assertTrue(heralds >= 5 * 4, "heralds " + heralds);
    assertEquals(0, r.causalityViolations());
    assertEquals(0, r.malformedMessages());
  }
}
