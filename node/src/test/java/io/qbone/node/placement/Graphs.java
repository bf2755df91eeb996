package io.qbone.node.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test graphs: chains, grids and random geometric networks, links 5 µs per km. */
final class Graphs {
  private Graphs() {}

  static LpGraph chain(int n, double km) {
    int[] a = new int[n - 1];
    int[] b = new int[n - 1];
    long[] d = new long[n - 1];
    for (int i = 0; i + 1 < n; i++) {
      a[i] = i;
      b[i] = i + 1;
      d[i] = delay(km);
    }
    return new LpGraph(n, a, b, d);
  }

  static LpGraph grid(int rows, int cols, double km) {
    List<int[]> links = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int v = r * cols + c;
        if (c + 1 < cols) {
          links.add(new int[] {v, v + 1});
        }
        if (r + 1 < rows) {
          links.add(new int[] {v, v + cols});
        }
      }
    }
    long[] d = new long[links.size()];
    java.util.Arrays.fill(d, delay(km));
    return new LpGraph(rows * cols, links.stream().mapToInt(l -> l[0]).toArray(),
        links.stream().mapToInt(l -> l[1]).toArray(), d);
  }

  /**
   * Nodes uniform in a square of {@code sideKm}, each joined to its nearest earlier node (so the
   * graph is connected) and to random others within {@code reachKm}, about {@code extra} each.
   */
  static LpGraph geometric(int n, double sideKm, double reachKm, int extra, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * sideKm;
      y[i] = rnd.nextDouble() * sideKm;
    }
    List<long[]> links = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.TreeSet<>();
    for (int i = 1; i < n; i++) {
      int nearest = 0;
      for (int j = 1; j < i; j++) {
        if (dist(x, y, i, j) < dist(x, y, i, nearest)) {
          nearest = j;
        }
      }
      add(links, seen, i, nearest, dist(x, y, i, nearest));
      for (int k = 0; k < extra * 20 && k < i; k++) {
        int j = rnd.nextInt(i);
        if (dist(x, y, i, j) < reachKm && rnd.nextInt(20) == 0) {
          add(links, seen, i, j, dist(x, y, i, j));
        }
      }
    }
    return new LpGraph(n, links.stream().mapToInt(l -> (int) l[0]).toArray(),
        links.stream().mapToInt(l -> (int) l[1]).toArray(),
        links.stream().mapToLong(l -> l[2]).toArray());
  }

  private static void add(List<long[]> links, java.util.Set<Long> seen, int a, int b, double km) {
    if (seen.add((long) Math.min(a, b) << 32 | Math.max(a, b))) {
      links.add(new long[] {a, b, delay(km)});
    }
  }

  private static double dist(double[] x, double[] y, int a, int b) {
    return Math.hypot(x[a] - x[b], y[a] - y[b]);
  }

  static long delay(double km) {
    return Math.max(1, Math.round(km * 5_000));
  }
}
