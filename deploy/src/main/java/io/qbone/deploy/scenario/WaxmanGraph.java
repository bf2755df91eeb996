package io.qbone.deploy.scenario;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A Waxman random graph (Waxman, IEEE JSAC 6, 1617 (1988)): nodes uniform in a square of side s,
 * each pair linked with probability β·exp(−d/(α·L)), L = s·√2 the largest possible distance.
 *
 * <p>Exact but not quadratic: nodes are binned in a coarse grid; for each pair of cells the
 * candidate pairs are drawn with the cells' largest probability by geometric skipping, and each
 * candidate is kept with probability p(d)/p_max (thinning). Components are then joined by the
 * shortest possible links (Borůvka on the Euclidean distances between components), found with a
 * fine grid, so the result is connected.
 *
 * <p>Transcendental functions come from {@link StrictMath}: {@code Math} may differ by an ulp
 * between JVMs, which could flip an acceptance and change the bytes written for a seed.
 */
final class WaxmanGraph {
  /** Receives links as they are made. */
  interface EdgeSink {
    void edge(int a, int b, double distanceKm) throws IOException;
  }

  private final int n;
  private final double side;
  private final double alpha;
  private final double beta;
  final double[] x;
  final double[] y;
  private final int[] parent;

  WaxmanGraph(int n, double sideKm, double alpha, double beta, SplittableRandom placement) {
    this.n = n;
    this.side = sideKm;
    this.alpha = alpha;
    this.beta = beta;
    x = new double[n];
    y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sideKm * placement.nextDouble();
      y[i] = sideKm * placement.nextDouble();
    }
    parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  double distance(int a, int b) {
    return StrictMath.hypot(x[a] - x[b], y[a] - y[b]);
  }

  /** L of the model: the square's diagonal. */
  double maxDistance() {
    return side * StrictMath.sqrt(2);
  }

  /** The Waxman probability that two nodes at distance d are linked. */
  double probability(double d) {
    return beta * StrictMath.exp(-d / (alpha * maxDistance()));
  }

  /** Draws the random links, in cell-pair order; returns how many. */
  long sampleEdges(SplittableRandom rnd, EdgeSink sink) throws IOException {
    // About 8 nodes per cell, but at most 64x64 cells: the cell pairs cost g^4/2 draws.
    int g = Math.max(1, Math.min(64, (int) Math.ceil(StrictMath.sqrt(n / 8.0))));
    Cells cells = new Cells(g);
    double cell = side / g;
    long count = 0;
    int cellCount = g * g;
    for (int ca = 0; ca < cellCount; ca++) {
      for (int cb = ca; cb < cellCount; cb++) {
        int na = cells.size(ca);
        int nb = cells.size(cb);
        if (na == 0 || nb == 0) {
          continue;
        }
        int gx = Math.max(0, Math.abs(ca % g - cb % g) - 1);
        int gy = Math.max(0, Math.abs(ca / g - cb / g) - 1);
        double pMax = probability(cell * StrictMath.hypot(gx, gy));
        double logMiss = StrictMath.log1p(-Math.min(pMax, 1.0));
        long space = (long) na * nb;
        for (long k = skip(rnd, logMiss); k < space; k += 1 + skip(rnd, logMiss)) {
          int a = cells.node(ca, (int) (k / nb));
          int b = cells.node(cb, (int) (k % nb));
          // Within one cell every unordered pair appears twice; keep the ordered one.
          if (ca == cb && a >= b) {
            continue;
          }
          double d = distance(a, b);
          if (rnd.nextDouble() * pMax < probability(d)) {
            union(a, b);
            sink.edge(a, b, d);
            count++;
          }
        }
      }
    }
    return count;
  }

  /** Candidates to pass over before the next one, each candidate drawn with probability p. */
  private static long skip(SplittableRandom rnd, double logMiss) {
    if (logMiss == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double s = Math.floor(StrictMath.log(1 - rnd.nextDouble()) / logMiss);
    return s >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) s;
  }

  /**
   * Joins the components with the shortest links between them until one remains; returns how
   * many links that took. Each round, every component but the largest links to its nearest
   * outside node (a minimum outgoing edge, so the added links form a minimum spanning tree of the
   * components); the number of components at least halves per round.
   */
  long joinComponents(EdgeSink sink) throws IOException {
    int g = Math.max(1, Math.min(4096, (int) Math.ceil(StrictMath.sqrt(n / 2.0))));
    Cells cells = new Cells(g);
    long added = 0;
    int[] comp = new int[n];
    int[] size = new int[n];
    double[] bestD = new double[n];
    int[] bestU = new int[n];
    int[] bestV = new int[n];
    while (true) {
      int largest = -1;
      int components = 0;
      java.util.Arrays.fill(size, 0);
      for (int i = 0; i < n; i++) {
        comp[i] = find(i);
        if (size[comp[i]]++ == 0) {
          components++;
        }
      }
      if (components <= 1) {
        return added;
      }
      for (int i = 0; i < n; i++) {
        if (comp[i] == i && (largest < 0 || size[i] > size[largest])) {
          largest = i;
        }
        bestU[i] = -1;
      }
      for (int u = 0; u < n; u++) {
        int c = comp[u];
        if (c != largest) {
          nearestOutside(u, comp, cells, g, c, bestD, bestU, bestV);
        }
      }
      for (int c = 0; c < n; c++) {
        if (bestU[c] >= 0 && find(bestU[c]) != find(bestV[c])) {
          union(bestU[c], bestV[c]);
          sink.edge(bestU[c], bestV[c], distance(bestU[c], bestV[c]));
          added++;
        }
      }
    }
  }

  /** Improves component c's best outgoing link with u's nearest node outside c (ring search). */
  private void nearestOutside(int u, int[] comp, Cells cells, int g, int c, double[] bestD,
      int[] bestU, int[] bestV) {
    double cell = side / g;
    int cx = cells.column(u);
    int cy = cells.row(u);
    double best = Double.POSITIVE_INFINITY;
    int bestNode = -1;
    for (int r = 0; r < g; r++) {
      // The cells at Chebyshev distance r from u's: full top and bottom rows, two sides between.
      for (int yy = Math.max(0, cy - r); yy <= Math.min(g - 1, cy + r); yy++) {
        boolean fullRow = yy == cy - r || yy == cy + r;
        int step = fullRow || r == 0 ? 1 : 2 * r;
        for (int xx = cx - r; xx <= cx + r; xx += step) {
          if (xx < 0 || xx >= g) {
            continue;
          }
          int cellIndex = yy * g + xx;
          for (int i = 0, s = cells.size(cellIndex); i < s; i++) {
            int v = cells.node(cellIndex, i);
            if (comp[v] != c) {
              double d = distance(u, v);
              if (d < best || d == best && v < bestNode) {
                best = d;
                bestNode = v;
              }
            }
          }
        }
      }
      // Any node in ring r + 1 or beyond is at least r cells away from u.
      if (best <= r * cell) {
        break;
      }
    }
    if (bestNode < 0) {
      return;
    }
    int lo = Math.min(u, bestNode);
    int hi = Math.max(u, bestNode);
    if (bestU[c] < 0 || best < bestD[c] || best == bestD[c]
        && (lo < Math.min(bestU[c], bestV[c]) || lo == Math.min(bestU[c], bestV[c])
            && hi < Math.max(bestU[c], bestV[c]))) {
      bestD[c] = best;
      bestU[c] = u;
      bestV[c] = bestNode;
    }
  }

  private int find(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Union by smaller root index, so roots (and the output) do not depend on sizes. */
  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  /** The nodes binned in a g x g grid over the square, each cell's nodes in index order. */
  private final class Cells {
    private final int g;
    private final int[] start;
    private final int[] nodes;
    private final int[] cellOf;

    Cells(int g) {
      this.g = g;
      cellOf = new int[n];
      start = new int[g * g + 1];
      for (int i = 0; i < n; i++) {
        int cx = Math.min(g - 1, (int) (x[i] / side * g));
        int cy = Math.min(g - 1, (int) (y[i] / side * g));
        cellOf[i] = cy * g + cx;
        start[cellOf[i] + 1]++;
      }
      for (int c = 0; c < g * g; c++) {
        start[c + 1] += start[c];
      }
      nodes = new int[n];
      int[] fill = java.util.Arrays.copyOf(start, g * g);
      for (int i = 0; i < n; i++) {
        nodes[fill[cellOf[i]]++] = i;
      }
    }

    int size(int cell) {
      return start[cell + 1] - start[cell];
    }

    int node(int cell, int i) {
      return nodes[start[cell] + i];
    }

    int column(int node) {
      return cellOf[node] % g;
    }

    int row(int node) {
      return cellOf[node] / g;
    }
  }
}
