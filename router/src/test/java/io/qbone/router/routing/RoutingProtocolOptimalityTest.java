package io.qbone.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.Topology;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every protocol's choice against exhaustive search over all simple paths of small random graphs. */
class RoutingProtocolOptimalityTest {
  private static final Map<String, LinkWeight> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put("hops", LinkWeights.HOPS);
    METRICS.put("latency", LinkWeights.LATENCY);
    METRICS.put("fidelity", LinkWeights.FIDELITY);
    METRICS.put("success", LinkWeights.SUCCESS_PROBABILITY);
    METRICS.put("time-per-pair", KShortestMultipath.TIME_PER_PAIR);
  }

  /** A view with each link down with probability q. */
  private static NetworkView randomView(Topology t, SplittableRandom rnd, double q) {
    BitSet down = new BitSet();
    for (int l = 0; l < t.links().size(); l++) {
      if (rnd.nextDouble() < q) {
        down.set(l);
      }
    }
    return new NetworkView() {
      @Override
      public Topology topology() {
        return t;
      }

      @Override
      public boolean isUp(int link) {
        return !down.get(link);
      }
    };
  }

  /** Every simple path from s to d over the view's up links. */
  private static List<Route> allPaths(NetworkView view, int s, int d) {
    List<Route> out = new ArrayList<>();
    boolean[] on = new boolean[view.topology().nodeCount()];
    on[s] = true;
    List<Integer> nodes = new ArrayList<>(List.of(s));
    dfs(view, s, d, on, nodes, new ArrayList<>(), out);
    return out;
  }

  private static void dfs(NetworkView view, int u, int d, boolean[] on, List<Integer> nodes,
      List<Integer> links, List<Route> out) {
    Topology t = view.topology();
    if (u == d) {
      out.add(Route.along(0, t, nodes.stream().mapToInt(Integer::intValue).toArray(),
          links.stream().mapToInt(Integer::intValue).toArray()));
      return;
    }
    for (int li : t.incidentLinks(u)) {
      int v = t.link(li).other(u);
      if (view.isUp(li) && !on[v]) {
        on[v] = true;
        nodes.add(v);
        links.add(li);
        dfs(view, v, d, on, nodes, links, out);
        nodes.remove(nodes.size() - 1);
        links.remove(links.size() - 1);
        on[v] = false;
      }
    }
  }

  private static double cost(Topology t, Route r, LinkWeight w) {
    double c = 0;
    for (int l : r.links()) {
      c += w.of(t.link(l));
    }
    return c;
  }

  @Test
  void dijkstraIsOptimalForEveryMetricOverTheLinksAView() {
    SplittableRandom rnd = new SplittableRandom(2024);
    int compared = 0;
    for (int g = 0; g < 60; g++) {
      Topology t = KShortestPathsTest.randomGraph(rnd, 7, 0.45);
      NetworkView view = randomView(t, rnd, 0.15);
      int s = rnd.nextInt(7);
      int d = (s + 1 + rnd.nextInt(6)) % 7;
      List<Route> all = allPaths(view, s, d);
      for (Map.Entry<String, LinkWeight> m : METRICS.entrySet()) {
        Route found = Dijkstra.route(view, m.getValue(), s, d);
        if (all.isEmpty()) {
          assertNull(found, m.getKey() + ": no path exists");
          continue;
        }
        double best = all.stream().mapToDouble(r -> cost(t, r, m.getValue())).min().orElseThrow();
        for (int l : found.links()) {
          assertTrue(view.isUp(l), m.getKey() + ": uses a link that is down");
        }
        // Summation order differs between the searches: 1e-9 relative covers the rounding.
        assertEquals(best, cost(t, found, m.getValue()), 1e-9 * Math.max(1, best), m.getKey());
        compared++;
      }
    }
    assertTrue(compared > 150, "enough reachable pairs compared: " + compared);
  }

  @Test
  void staticShortestPathAndMultipathMatchExhaustiveSearch() {
    SplittableRandom rnd = new SplittableRandom(77);
    for (int g = 0; g < 40; g++) {
      Topology t = KShortestPathsTest.randomGraph(rnd, 7, 0.5);
      NetworkView view = randomView(t, rnd, 0.1);
      PathRequest req = new PathRequest(g, 0, 6, 5, 0, Long.MAX_VALUE);
      List<Route> all = allPaths(view, 0, 6);
      for (RouteMetric metric : RouteMetric.values()) {
        StaticShortestPath p = new StaticShortestPath(metric);
        RoutingDecision d = p.route(req, view);
        if (all.isEmpty()) {
          assertInstanceOf(RoutingDecision.Rejected.class, d);
          continue;
        }
        Route r = ((RoutingDecision.Accepted) d).paths().get(0).route();
        double best = all.stream().mapToDouble(x -> cost(t, x, p.weight())).min().orElseThrow();
        assertEquals(best, cost(t, r, p.weight()), 1e-9 * Math.max(1, best), metric.name());
      }
      RoutingDecision md = new KShortestMultipath(4, 3).route(req, view);
      if (all.isEmpty()) {
        assertInstanceOf(RoutingDecision.Rejected.class, md);
        continue;
      }
      List<PathAssignment> paths = ((RoutingDecision.Accepted) md).paths();
      double best = all.stream().mapToDouble(x -> cost(t, x, KShortestMultipath.TIME_PER_PAIR))
          .min().orElseThrow();
      assertEquals(best, cost(t, paths.get(0).route(), KShortestMultipath.TIME_PER_PAIR),
          1e-9 * best, "the first path is the best by time per pair");
      BitSet used = new BitSet();
      int pairs = 0;
      for (PathAssignment a : paths) {
        for (int l : a.route().links()) {
          assertTrue(!used.get(l), "multipath paths share no link");
          used.set(l);
        }
        pairs += a.pairs();
      }
      assertEquals(5, pairs, "the split hands out every pair");
    }
  }

  @Test
  void fidelityAwareChoosesTheFastestPathAndRoundsMeetingTheMinimum() {
    SplittableRandom rnd = new SplittableRandom(5);
    int accepted = 0;
    int rejected = 0;
    int purified = 0;
    for (int g = 0; g < 60; g++) {
      Topology t = KShortestPathsTest.randomGraph(rnd, 6, 0.5);
      NetworkView view = NetworkView.allUp(t);
      double min = 0.8 + 0.15 * rnd.nextDouble();
      PathRequest req = new PathRequest(g, 0, 5, 1, min, Long.MAX_VALUE);
      int maxRounds = 2;
      // Exhaustive: every simple path with the fewest rounds meeting the minimum, fastest wins.
      double bestRate = -1;
      List<Route> all = allPaths(view, 0, 5);
      for (Route r : all) {
        for (int k = 0; k <= maxRounds; k++) {
          if (PathPhysics.estimatedFidelity(t, r, k) >= min) {
            bestRate = Math.max(bestRate, PathPhysics.pathRatePerS(t, r, k));
            break;
          }
        }
      }
      RoutingDecision d = new FidelityAwareRouting(10_000, maxRounds).route(req, view);
      if (bestRate < 0) {
        assertInstanceOf(RoutingDecision.Rejected.class, d);
        String reason = ((RoutingDecision.Rejected) d).reason();
        assertTrue(reason.startsWith(all.isEmpty() ? "no-path:" : "fidelity:"), reason);
        rejected++;
        continue;
      }
      PathAssignment a = ((RoutingDecision.Accepted) d).paths().get(0);
      assertTrue(a.expectedFidelity() >= min);
      assertEquals(a.expectedFidelity(),
          PathPhysics.estimatedFidelity(t, a.route(), a.purificationRounds()), 1e-15);
      assertEquals(bestRate, PathPhysics.pathRatePerS(t, a.route(), a.purificationRounds()),
          1e-12 * bestRate);
      accepted++;
      purified += a.purificationRounds() > 0 ? 1 : 0;
    }
    assertTrue(accepted > 5 && rejected > 5 && purified > 0,
        "both outcomes and purification occur: " + accepted + "/" + rejected + "/" + purified);
  }
}
