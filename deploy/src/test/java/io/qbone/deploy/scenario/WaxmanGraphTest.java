package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grid-accelerated sampler draws each pair with the Waxman probability; joining is minimal. */
class WaxmanGraphTest {
  private static List<double[]> sample(WaxmanGraph g, long seed, boolean join) throws Exception {
    List<double[]> edges = new ArrayList<>();
    WaxmanGraph.EdgeSink sink = (a, b, d) -> edges.add(new double[] {a, b, d});
    g.sampleEdges(new SplittableRandom(seed), sink);
    if (join) {
      g.joinComponents(sink);
    }
    return edges;
  }

  @Test
  void linkCountsByDistanceMatchTheWaxmanProbability() throws Exception {
    int n = 1500;
    WaxmanGraph g = new WaxmanGraph(n, 100, 0.1, 0.5, new SplittableRandom(1));
    List<double[]> edges = sample(g, 2, false);
    int buckets = 8;
    double l = g.maxDistance();
    double[] expected = new double[buckets];
    double[] variance = new double[buckets];
    long[] pairs = new long[buckets];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double d = g.distance(a, b);
        int k = Math.min(buckets - 1, (int) (d / l * buckets));
        double p = g.probability(d);
        expected[k] += p;
        variance[k] += p * (1 - p);
        pairs[k]++;
      }
    }
    long[] observed = new long[buckets];
    Set<Long> seen = new HashSet<>();
    for (double[] e : edges) {
      int a = (int) e[0];
      int b = (int) e[1];
      assertTrue(a != b, "no self links");
      assertTrue(seen.add((long) Math.min(a, b) << 32 | Math.max(a, b)), "no pair twice");
      assertEquals(g.distance(a, b), e[2], 1e-12, "length is the distance");
      assertTrue(e[2] <= l);
      observed[Math.min(buckets - 1, (int) (e[2] / l * buckets))]++;
    }
    for (int k = 0; k < buckets; k++) {
      double sigma = Math.sqrt(variance[k]);
      assertTrue(Math.abs(observed[k] - expected[k]) <= 5 * sigma + 1,
          "bucket " + k + ": " + observed[k] + " links, expected " + expected[k] + " +- " + sigma);
    }
    // Density falls with distance: short pairs are linked far more often than long ones.
    double shortRate = (double) observed[0] / pairs[0];
    double longRate = (double) (observed[4] + observed[5]) / (pairs[4] + pairs[5]);
    assertTrue(shortRate > 0.1, "short-pair acceptance " + shortRate);
    assertTrue(shortRate > 20 * longRate, shortRate + " vs " + longRate);
  }

  @Test
  void joiningAddsTheMinimumSpanningLinksBetweenComponents() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      int n = 300;
      WaxmanGraph g = new WaxmanGraph(n, 50, 0.2, 0.004, new SplittableRandom(seed));
      List<double[]> random = sample(g, seed, false);
      int[] parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
      for (double[] e : random) {
        union(parent, (int) e[0], (int) e[1]);
      }
      // Kruskal over all pairs, starting from the random links' components.
      List<double[]> pairs = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
          pairs.add(new double[] {g.distance(a, b), a, b});
        }
      }
      pairs.sort((x, y) -> Double.compare(x[0], y[0]));
      double mst = 0;
      int joins = 0;
      for (double[] p : pairs) {
        if (union(parent, (int) p[1], (int) p[2])) {
          mst += p[0];
          joins++;
        }
      }
      List<double[]> join = new ArrayList<>();
      g.joinComponents((a, b, d) -> join.add(new double[] {a, b, d}));
      assertTrue(joins > 50, "the sparse graph has many components: " + joins);
      assertEquals(joins, join.size(), "one link per extra component");
      assertEquals(mst, join.stream().mapToDouble(e -> e[2]).sum(), 1e-9 * mst);
      int[] joined = new int[n];
      for (int i = 0; i < n; i++) {
        joined[i] = i;
      }
      int components = n;
      for (List<double[]> list : List.of(random, join)) {
        for (double[] e : list) {
          components -= union(joined, (int) e[0], (int) e[1]) ? 1 : 0;
        }
      }
      assertEquals(1, components, "connected after joining");
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i] = parent[parent[i]];
    }
    return i;
  }

  private static boolean union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra == rb) {
      return false;
    }
    parent[ra] = rb;
    return true;
  }
}
