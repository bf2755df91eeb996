package io.qbone.router.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.Link;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Yen's k shortest paths agree with brute-force enumeration of all simple paths. */
class KShortestPathsTest {
  private static final Map<String, LinkWeight> METRICS = Map.of(
      "hops", LinkWeights.HOPS, "latency", LinkWeights.LATENCY,
      "fidelity", LinkWeights.FIDELITY, "success", LinkWeights.SUCCESS_PROBABILITY);

  /** A random graph of n nodes, each pair linked with probability p, with random link physics. */
  static Topology randomGraph(SplittableRandom rnd, int n, double p) {
    List<NodeConfig> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(new NodeConfig("n" + i, "repeater", 0, 1, Double.NaN, Double.NaN));
    }
    List<LinkConfig> links = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        if (rnd.nextDouble() < p) {
          // Few distinct lengths, so that equal-cost paths (ties) occur for latency too.
          double km = 5 * (1 + rnd.nextInt(6));
          links.add(new LinkConfig("n" + a, "n" + b, km, 0.2, 1.468,
              0.8 + 0.2 * rnd.nextDouble(), 0.1 + 0.9 * rnd.nextDouble(), 0));
        }
      }
    }
    return new Topology(nodes, links);
  }

  /** All simple paths from s to t by depth-first search, cheapest first. */
  static List<double[]> bruteForceCosts(Topology t, LinkWeight w, int s, int d) {
    List<double[]> costs = new ArrayList<>();
    boolean[] onPath = new boolean[t.nodeCount()];
    onPath[s] = true;
    dfs(t, w, s, d, onPath, new ArrayList<>(), costs);
    costs.sort(Comparator.comparingDouble(c -> c[0]));
    return costs;
  }

  private static void dfs(Topology t, LinkWeight w, int u, int d, boolean[] onPath,
      List<Integer> links, List<double[]> out) {
    if (u == d) {
      double c = 0;
      for (int l : links) {
        c += w.of(t.link(l));
      }
      out.add(new double[] {c, links.size()});
      return;
    }
    for (int li : t.incidentLinks(u)) {
      int v = t.link(li).other(u);
      if (!onPath[v]) {
        onPath[v] = true;
        links.add(li);
        dfs(t, w, v, d, onPath, links, out);
        links.remove(links.size() - 1);
        onPath[v] = false;
      }
    }
  }

  /** The path starts at s, ends at d, follows existing links, visits no node twice. */
  static void assertValidPath(Topology t, LinkWeight w, KShortestPaths.Path p, int s,
      int d) {
    int[] nodes = p.nodes();
    assertEquals(s, nodes[0]);
    assertEquals(d, nodes[nodes.length - 1]);
    assertEquals(nodes.length - 1, p.links().length);
    assertEquals(nodes.length, java.util.Arrays.stream(nodes).distinct().count(), "loopless");
    double c = 0;
    for (int i = 0; i < p.links().length; i++) {
      Link l = t.link(p.links()[i]);
      assertEquals(nodes[i + 1], l.other(nodes[i]));
      assertTrue(l.a() == nodes[i] || l.b() == nodes[i]);
      c += w.of(l);
    }
    assertEquals(c, p.cost(), 1e-12 * Math.max(1, c));
  }

  @Test
  void matchesBruteForceOnRandomGraphsForEveryMetricAndK() {
    SplittableRandom rnd = new SplittableRandom(20240611);
    int compared = 0;
    for (int g = 0; g < 50; g++) {
      int n = 6 + rnd.nextInt(4);
      Topology t = randomGraph(rnd, n, 0.3 + 0.4 * rnd.nextDouble());
      int s = rnd.nextInt(n);
      int d = (s + 1 + rnd.nextInt(n - 1)) % n;
      for (Map.Entry<String, LinkWeight> m : METRICS.entrySet()) {
        KShortestPaths ksp = new KShortestPaths(t, m.getValue());
        List<double[]> all = bruteForceCosts(t, m.getValue(), s, d);
        for (int k = 1; k <= 5; k++) {
          List<KShortestPaths.Path> paths = ksp.find(s, d, k);
          String where = "graph " + g + " metric " + m.getKey() + " k " + k;
          assertEquals(Math.min(k, all.size()), paths.size(), where);
          for (int i = 0; i < paths.size(); i++) {
            KShortestPaths.Path p = paths.get(i);
            assertValidPath(t, m.getValue(), p, s, d);
            double expected = all.get(i)[0];
            assertEquals(expected, p.cost(), 1e-9 * Math.max(1, expected), where + " path " + i);
            if (i > 0) {
              assertTrue(KShortestPaths.ORDER.compare(paths.get(i - 1), p) < 0, where);
            }
            compared++;
          }
        }
      }
    }
    assertTrue(compared > 1000, "compared " + compared + " paths");
  }

  @Test
  void kBeyondThePathCountReturnsEveryPathAndAskingTwiceGivesTheSame() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int g = 0; g < 20; g++) {
      Topology t = randomGraph(rnd, 7, 0.5);
      int total = bruteForceCosts(t, LinkWeights.HOPS, 0, 6).size();
      KShortestPaths ksp = new KShortestPaths(t, LinkWeights.HOPS);
      List<KShortestPaths.Path> paths = ksp.find(0, 6, total + 10);
      assertEquals(total, paths.size());
      assertEquals(total, paths.stream().map(p -> java.util.Arrays.toString(p.nodes())).distinct()
          .count());
      List<KShortestPaths.Path> again = new KShortestPaths(t, LinkWeights.HOPS).find(0, 6, total);
      for (int i = 0; i < total; i++) {
        assertArrayEquals(paths.get(i).nodes(), again.get(i).nodes());
      }
    }
  }

  @Test
  void equalCostPathsComeInHopsThenNodeOrder() {
    // A square 0-1-3, 0-2-3 of equal links plus a direct 0-3 link: hops ties are ordered.
    Topology t = graph(4, new int[][] {{0, 1}, {1, 3}, {0, 2}, {2, 3}, {0, 3}});
    List<KShortestPaths.Path> paths = new KShortestPaths(t, LinkWeights.HOPS).find(0, 3, 3);
    assertArrayEquals(new int[] {0, 3}, paths.get(0).nodes());
    assertArrayEquals(new int[] {0, 1, 3}, paths.get(1).nodes());
    assertArrayEquals(new int[] {0, 2, 3}, paths.get(2).nodes());
    assertEquals(2.0, paths.get(2).cost());
  }

  @Test
  void unreachableDestinationGivesNoPathAndTheSourceItselfTheEmptyPath() {
    Topology t = graph(5, new int[][] {{0, 1}, {1, 2}, {3, 4}});
    assertEquals(List.of(), new KShortestPaths(t, LinkWeights.LATENCY).find(0, 4, 3));
    assertEquals(1, new KShortestPaths(t, LinkWeights.LATENCY).find(0, 2, 3).size());
    List<KShortestPaths.Path> self = new KShortestPaths(t, LinkWeights.LATENCY).find(4, 4, 3);
    assertEquals(1, self.size(), "a node reaches itself by the empty path only");
    assertEquals(0, self.get(0).hops());
  }

  @Test
  void firstPathHasTheShortestPathRoutersLatencyAndItsDelays() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int g = 0; g < 20; g++) {
      Topology t = randomGraph(rnd, 9, 0.4);
      Route expected = new StaticShortestPath(RouteMetric.LATENCY).route(NetworkView.allUp(t), 0, 8);
      List<KShortestPaths.Path> paths = new KShortestPaths(t, LinkWeights.LATENCY).find(0, 8, 1);
      if (expected == null) {
        assertEquals(List.of(), paths);
        continue;
      }
      Route r = paths.get(0).toRoute(3, t);
      // Equal-latency paths may differ; their delays to the destination may not.
      assertEquals(expected.delayToDestinationNs(0), r.delayToDestinationNs(0));
      assertEquals((double) r.delayToDestinationNs(0), paths.get(0).cost());
      for (int i = 0; i < r.hops(); i++) {
        assertEquals(r.delayFromSourceNs()[i] + t.link(r.links()[i]).delayNs(),
            r.delayFromSourceNs()[i + 1]);
      }
      assertEquals(3, r.flow());
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheirName() {
    Topology t = graph(3, new int[][] {{0, 1}, {1, 2}});
    KShortestPaths ksp = new KShortestPaths(t, LinkWeights.HOPS);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ksp.find(0, 2, 0))
        .getMessage().startsWith("k must be >= 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ksp.find(0, 3, 1))
        .getMessage().startsWith("destination"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new KShortestPaths(t, l -> -1)).getMessage().startsWith("link 0 (n0 - n1)"));
  }

  @Test
  void weightsAreTheNegativeLogarithmsOfTheLinkFigures() {
    Topology t = graph(2, new int[][] {{0, 1}});
    Link l = t.link(0);
    assertEquals(-Math.log(0.9), LinkWeights.FIDELITY.of(l), 1e-12);
    // efficiency 0.5 x 10^(-0.2 x 10 / 10)
    assertEquals(-Math.log(0.5 * Math.pow(10, -0.2)),
        LinkWeights.SUCCESS_PROBABILITY.of(l), 1e-12);
    assertEquals(l.delayNs(), LinkWeights.LATENCY.of(l));
    assertEquals(LinkWeights.FIDELITY, LinkWeights.parse("fidelity"));
    assertEquals(null, LinkWeights.parse("cost"));
  }

  /** Nodes n0.. and 10 km links of fidelity 0.9 and efficiency 0.5. */
  static Topology graph(int n, int[][] edges) {
    List<NodeConfig> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(new NodeConfig("n" + i, "repeater", 0, 1, Double.NaN, Double.NaN));
    }
    List<LinkConfig> links = new ArrayList<>();
    for (int[] e : edges) {
      links.add(new LinkConfig("n" + e[0], "n" + e[1], 10, 0.2, 1.468, 0.9, 0.5, 0));
    }
    return new Topology(nodes, links);
  }
}
