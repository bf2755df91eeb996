package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.NodeCrash;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.routing.ShippedProtocols;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Link cuts and node crashes in the middle of a request, on a real cluster: the source re-routes
 * the pairs still missing, or fails the request with the reason; no memory stays reserved.
 */
class FaultReactionTest {
  private static final Topology NET = FidelityAwareDeliveryTest.diamond();
  private static final long CUT_AT_NS = 15_000_000;

  private static Fault cut(String a, String b) {
    int l = -1;
    for (int i = 0; i < NET.links().size(); i++) {
      var link = NET.link(i);
      String x = NET.node(link.a()).name();
      String y = NET.node(link.b()).name();
      if (x.equals(a) && y.equals(b)) {
        l = i;
      }
    }
    return Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(l)).build();
  }

  /** One request of 100 pairs from alice to bob at 5 ms (link-state has converged), deadline 0.1 s. */
  private static List<RoutingReport> run(String protocol, List<RequestPlan.TimedFault> faults)
      throws Exception {
    TrafficConfig oneRequest = new TrafficConfig(0, List.of(), List.of(),
        List.of(new FixedFlow("alice", "bob", 1, 0.005)), new RequestClass(100, 0, 0.1), 0.5);
    RequestPlan plan = new RequestPlan(NET, RoutingConfig.defaults(protocol), oneRequest, 0.2,
        faults);
    RunResult r = RequestRunner.run(plan, 9, 1);
    assertEquals(0, r.causalityViolations());
    assertEquals(0, r.malformedMessages());
    List<RoutingReport> nodes = RequestRunner.nodes(plan, r);
    for (int v = 0; v < nodes.size(); v++) {
      assertEquals(0, nodes.get(v).getMemoryReservedAtEnd(), "node " + v + " leaked memory");
    }
    return nodes;
  }

  /** Faults at both ends of each named link, as the link layer at each end notices. */
  private static List<RequestPlan.TimedFault> cuts(String... pairs) {
    List<RequestPlan.TimedFault> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Fault f = cut(pairs[i], pairs[i + 1]);
      out.add(new RequestPlan.TimedFault(CUT_AT_NS, NET.indexOf(pairs[i]), f));
      out.add(new RequestPlan.TimedFault(CUT_AT_NS, NET.indexOf(pairs[i + 1]), f));
    }
    return out;
  }

  @Test
  void linkCutMidRequestIsReroutedAndTheRequestCompletes() throws Exception {
    RoutingReport undisturbed = run("shortest-latency", List.of()).get(0);
    assertEquals(1, undisturbed.getCompleted());
    assertEquals(0, undisturbed.getReroutes());
    long before = undisturbed.getLatenciesNs(0);
    assertTrue(before > CUT_AT_NS, "the request is still running at the cut: " + before);
    RoutingReport alice = run("shortest-latency", cuts("alice", "short")).get(0);
    assertEquals(1, alice.getCompleted(), "re-routed over the long path");
    assertEquals(1, alice.getReroutes());
    assertEquals(100, alice.getPairsDelivered());
  }

  @Test
  void cutWithoutAlternativeFailsCleanlyWithTheReason() throws Exception {
    RoutingReport alice = run("shortest-latency",
        cuts("alice", "short", "alice", "long1")).get(0);
    assertEquals(1, alice.getFailed());
    assertEquals(0, alice.getCompleted());
    assertTrue(alice.getPairsDelivered() > 0 && alice.getPairsDelivered() < 100,
        "pairs delivered before the cut count: " + alice.getPairsDelivered());
    assertEquals(List.of("link-cut"), alice.getFailureReasonsList());
  }

  @Test
  void nodeCrashMidRequestIsReroutedAroundTheDeadNode() throws Exception {
    Fault crash = Fault.newBuilder().setNodeCrash(NodeCrash.newBuilder()
        .setNode(NET.indexOf("short"))).build();
    List<RoutingReport> nodes = run("shortest-latency",
        List.of(new RequestPlan.TimedFault(CUT_AT_NS, NET.indexOf("short"), crash)));
    RoutingReport alice = nodes.get(0);
    assertEquals(1, alice.getCompleted());
    assertEquals(1, alice.getReroutes());
    assertEquals(100, alice.getPairsDelivered());
  }

  @Test
  void everyProtocolSurvivesTheCut() throws Exception {
    for (String p : ShippedProtocols.NAMES) {
      RoutingReport alice = run(p, cuts("alice", "short")).get(0);
      assertEquals(1, alice.getCompleted() + alice.getFailed(), p + ": " + alice.toBuilder().clearFidelities().clearLatenciesNs().build());
      assertEquals(1, alice.getCompleted(), p + ": " + alice);
    }
  }
}
