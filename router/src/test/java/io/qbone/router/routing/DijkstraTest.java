package io.qbone.router.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qbone.node.network.Topology;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search returns exactly the paths of the textbook algorithm with the same tie rule (settle
 * by distance, then node index; keep the first predecessor that reached a node): not only equal
 * costs, the same links, so runs keep their outcomes whatever the search's data structures.
 */
class DijkstraTest {
  /** O(n^2) Dijkstra: the smallest (distance, index) unsettled node next. */
  static int[] referenceVia(Topology t, NetworkView view, LinkWeight w, int source) {
    int n = t.nodeCount();
    double[] dist = new double[n];
    int[] via = new int[n];
    boolean[] done = new boolean[n];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    Arrays.fill(via, -1);
    dist[source] = 0;
    while (true) {
      int u = -1;
      for (int v = 0; v < n; v++) {
        if (!done[v] && dist[v] < Double.POSITIVE_INFINITY && (u < 0 || dist[v] < dist[u])) {
          u = v;
        }
      }
      if (u < 0) {
        return via;
      }
      done[u] = true;
      for (int li : t.incidentLinks(u)) {
        int v = t.link(li).other(u);
        double d = dist[u] + w.of(t.link(li));
        if (view.isUp(li) && d < dist[v]) {
          dist[v] = d;
          via[v] = li;
        }
      }
    }
  }

  @Test
  void sameTreesAndRoutesAsTheTextbookSearch() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int trial = 0; trial < 60; trial++) {
      Topology t = KShortestPathsTest.randomGraph(rnd, 5 + rnd.nextInt(40),
          0.05 + 0.3 * rnd.nextDouble());
      NetworkView view = NetworkView.allUp(t);
      // Hops make many equal-cost paths, so the tie rule is exercised.
      for (LinkWeight w : new LinkWeight[] {LinkWeights.HOPS, LinkWeights.LATENCY}) {
        for (int s = 0; s < t.nodeCount(); s += 3) {
          int[] expected = referenceVia(t, view, w, s);
          assertArrayEquals(expected, Dijkstra.tree(view, w, s).viaLink(), "trial " + trial);
          for (int d = 0; d < t.nodeCount(); d += 4) {
            Route r = Dijkstra.route(view, w, s, d);
            if (expected[d] < 0 && d != s) {
              assertNull(r);
              continue;
            }
            int last = r.links().length == 0 ? -1 : r.links()[r.links().length - 1];
            assertEquals(d == s ? -1 : expected[d], last, "trial " + trial + " " + s + "->" + d);
          }
        }
      }
    }
  }
}
