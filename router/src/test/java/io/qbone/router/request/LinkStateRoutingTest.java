package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.NodeCrash;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.routing.Dijkstra;
import io.qbone.router.routing.LinkWeights;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.traffic.RequestClass;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Link-state routing on a real cluster: hellos and adverts travel over the links with their
 * fiber delay. Converged tables must equal the central shortest-path trees (by latency, same
 * tie-breaks) of the network as it really is.
 */
class LinkStateRoutingTest {
  private static final Topology NET = RequestRunner.randomNetwork(31, 16, 0.15, 4, 1);

  private static NetworkView without(BitSet down) {
    return new NetworkView() {
      @Override
      public Topology topology() {
        return NET;
      }

      @Override
      public boolean isUp(int link) {
        return !down.get(link);
      }
    };
  }

  /** Next-hop link from every node to every node, computed centrally. */
  private static int[][] centralTables(NetworkView view) {
    int n = NET.nodeCount();
    int[][] t = new int[n][n];
    for (int u = 0; u < n; u++) {
      Dijkstra.Tree tree = Dijkstra.tree(view, LinkWeights.LATENCY, u);
      for (int v = 0; v < n; v++) {
        t[u][v] = tree.firstLinkTo(NET, v);
      }
    }
    return t;
  }

  private static int[][] reportedTables(List<RoutingReport> nodes) {
    return nodes.stream().map(r -> r.getRouteTableList().stream().mapToInt(Integer::intValue)
        .toArray()).toArray(int[][]::new);
  }

  private static List<RoutingReport> run(double durationS, List<RequestPlan.TimedFault> faults)
      throws Exception {
    return run(durationS, faults, false);
  }

  private static List<RoutingReport> run(double durationS, List<RequestPlan.TimedFault> faults,
      boolean convergedStart) throws Exception {
    RoutingConfig c = new RoutingConfig("link-state", SwapSchedule.ASAP, 0, 0.01, 4, 4, 2, 3,
        0.01, 0.035, null, convergedStart, MemoryPolicy.RESERVED);
    RequestPlan plan = new RequestPlan(NET, c, RequestLifecycleTest.poisson(0,
        RequestClass.DEFAULT, 1), durationS, faults);
    RunResult r = RequestRunner.run(plan, 5, 1);
    assertEquals(0, r.causalityViolations());
    assertEquals(0, r.malformedMessages());
    return RequestRunner.nodes(plan, r);
  }

  /** Latest arrival of the first advert flooded from either end of a cut link. */
  private static long floodBoundNs(BitSet down, int a, int b) {
    Dijkstra.Tree ta = Dijkstra.tree(without(down), LinkWeights.LATENCY, a);
    Dijkstra.Tree tb = Dijkstra.tree(without(down), LinkWeights.LATENCY, b);
    double worst = 0;
    for (int u = 0; u < NET.nodeCount(); u++) {
      worst = Math.max(worst, Math.min(ta.distance()[u], tb.distance()[u]));
    }
    return (long) worst;
  }

  @Test
  void convergedTablesEqualTheCentralShortestPathTrees() throws Exception {
    // Every node advertises at t = 0; one flood across the network's latency diameter suffices.
    int[][] central = centralTables(NetworkView.allUp(NET));
    List<RoutingReport> nodes = run(0.002, List.of());
    assertArrayEquals(central, reportedTables(nodes));
    assertTrue(RequestRunner.sum(nodes, RoutingReport::getAdvertsSent) > NET.nodeCount());
    assertTrue(RequestRunner.sum(nodes, RoutingReport::getHellosSent) >= 2L * NET.links().size());
  }

  @Test
  void convergedStartNeedsNoFloodAndHoldsTheCentralTablesFromTheFirstInstant() throws Exception {
    List<RoutingReport> nodes = run(0.000_001, List.of(), true);
    assertArrayEquals(centralTables(NetworkView.allUp(NET)), reportedTables(nodes));
    assertEquals(0, RequestRunner.sum(nodes, RoutingReport::getAdvertsSent),
        "no advert without a change");
    // Hellos keep flowing: two per link per hello interval (10 ms); the run ends before the second.
    assertEquals(2L * NET.links().size(), RequestRunner.sum(nodes, RoutingReport::getHellosSent));
  }

  @ParameterizedTest(name = "converged start: {0}")
  @ValueSource(booleans = {false, true})
  void reconvergesWithinOneFloodAfterALinkCut(boolean convergedStart) throws Exception {
    // Cut a link of node 0's shortest-path tree that is not a bridge.
    Dijkstra.Tree tree = Dijkstra.tree(NetworkView.allUp(NET), LinkWeights.LATENCY, 0);
    int cut = -1;
    for (int v = 1; v < NET.nodeCount() && cut < 0; v++) {
      BitSet d = new BitSet();
      d.set(tree.viaLink()[v]);
      if (Dijkstra.tree(without(d), LinkWeights.HOPS, 0).distance()[v] < Double.POSITIVE_INFINITY) {
        cut = tree.viaLink()[v];
      }
    }
    assertTrue(cut >= 0);
    BitSet down = new BitSet();
    down.set(cut);
    Link link = NET.link(cut);
    long atNs = 5_000_000;
    Fault f = Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(cut)).build();
    List<RequestPlan.TimedFault> faults = List.of(new RequestPlan.TimedFault(atNs, link.a(), f),
        new RequestPlan.TimedFault(atNs, link.b(), f));
    int[][] after = centralTables(without(down));
    long bound = floodBoundNs(down, link.a(), link.b());
    // Just after the cut the far nodes still route over the cut link...
    int[][] early = reportedTables(run((atNs + 1) / 1e9, faults, convergedStart));
    int stale = 0;
    for (int u = 0; u < early.length; u++) {
      stale += java.util.Arrays.equals(early[u], after[u]) ? 0 : 1;
    }
    assertTrue(stale > 0, "the cut changes some far node's table");
    // ...and one flood later every table is the central tree of the cut network.
    List<RoutingReport> converged = run((atNs + bound + 1000) / 1e9, faults, convergedStart);
    assertArrayEquals(after, reportedTables(converged),
        "converged within " + bound + " ns of the cut");
    if (convergedStart) {
      // Only the cut link's two ends re-advertise; each advert crosses every remaining link
      // once or twice (both directions at most), never more.
      long adverts = RequestRunner.sum(converged, RoutingReport::getAdvertsSent);
      assertTrue(adverts >= 2L * (NET.nodeCount() - 1) && adverts <= 4L * NET.links().size(),
          "adverts " + adverts);
    }
  }

  @Test
  void silentCrashIsDetectedByMissingHellos() throws Exception {
    int crashed = 3;
    long atNs = 50_000_000;
    Fault f = Fault.newBuilder().setNodeCrash(NodeCrash.newBuilder().setNode(crashed)).build();
    BitSet down = new BitSet();
    for (int l : NET.incidentLinks(crashed)) {
      down.set(l);
    }
    // Neighbours notice at their first hello tick more than the dead interval (35 ms) after
    // the last hello heard: within 35 + 10 ms, then one flood.
    long bound = 45_000_000 + 2_000_000;
    int[][] after = centralTables(without(down));
    int[][] tables = reportedTables(run((atNs + bound) / 1e9,
        List.of(new RequestPlan.TimedFault(atNs, crashed, f))));
    for (int u = 0; u < NET.nodeCount(); u++) {
      if (u != crashed) {
        assertArrayEquals(after[u], tables[u], "node " + u);
      }
    }
  }
}
