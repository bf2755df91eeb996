package io.qbone.node.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits a {@link PartitionGraph} into k parts of nearly equal vertex weight with a small weight
 * of cut edges, by the multilevel scheme of METIS (Karypis and Kumar, SIAM J. Sci. Comput. 20,
 * 359 (1998)):
 *
 * <ol>
 *   <li><b>Coarsen</b> by heavy-edge matching: each vertex (lightest degree first, ties by index)
 *       merges with the unmatched neighbour joined by the heaviest edge, so heavy edges vanish
 *       inside coarse vertices and cannot be cut later; repeated until about 15 vertices per part
 *       remain or a level shrinks by less than 10 %.
 *   <li><b>Initial partition</b> of the coarsest graph by recursive bisection along
 *       breadth-first orders ({@link Bisection}), from each of 16 seeds, each refined as below;
 *       the smallest cut wins.
 *   <li><b>Uncoarsen</b>: the partition is projected back level by level, and at each level
 *       rebalanced, refined by greedy boundary moves (the k-way refinement of METIS: a vertex
 *       moves to the neighbouring part with the largest positive gain in cut weight, or with zero
 *       gain when that evens the weights, never past the weight limit), then by
 *       Fiduccia–Mattheyses passes with hill climbing ({@link #hillClimb}).
 * </ol>
 *
 * <p>Every step is linear in the edges (the hill climbing in the boundary, times a log), so a
 * graph of 10^6 vertices takes 0.1 to 2.5 s (docs/performance.md). It is deterministic:
 * vertices are visited in index order, ties are broken by index, and no hash container is
 * iterated. The heaviest part stays within 3 % of the mean weight when the vertex weights allow
 * it.
 */
public final class MultilevelPartitioner {
  /** Weight limit of a part, over the mean. */
  static final double IMBALANCE = 0.03;
  private static final int COARSEST_PER_PART = 15;
  private static final int COARSEST_MIN = 32;
  private static final int INITIAL_TRIES = 16;
  private static final int LARGE_COARSEST = 10_000;
  private static final int REFINE_PASSES = 10;
  private static final int REBALANCE_ROUNDS = 20;
  private static final int FM_PASSES = 4;
  /** Moves a hill-climbing pass tries past its best cut before it gives up. */
  static final int FM_PATIENCE = 64;

  private MultilevelPartitioner() {}

  /**
   * @return the part (0..parts-1) of every vertex
   */
  public static int[] partition(PartitionGraph graph, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    int n = graph.vertexCount();
    int[] part = new int[n];
    if (parts == 1 || n == 0) {
      return part;
    }
    long total = graph.totalWeight();
    List<PartitionGraph> levels = new ArrayList<>();
    List<int[]> maps = new ArrayList<>();
    levels.add(graph);
    int target = Math.max(COARSEST_MIN, COARSEST_PER_PART * parts);
    long maxMerged = Math.max(1, (long) Math.ceil(1.5 * total / target));
    while (levels.get(levels.size() - 1).vertexCount() > target) {
      PartitionGraph fine = levels.get(levels.size() - 1);
      int[] map = new int[fine.vertexCount()];
      PartitionGraph coarse = coarsen(fine, maxMerged, map);
      if (coarse.vertexCount() > 0.9 * fine.vertexCount()) {
        break;
      }
      levels.add(coarse);
      maps.add(map);
    }
    long mean = ceilDiv(total, parts);
    long limit = Math.max(mean + 1, (long) Math.ceil((1 + IMBALANCE) * total / parts));
    PartitionGraph coarsest = levels.get(levels.size() - 1);
    int[] current = initialPartition(coarsest, parts,
        levels.size() == 1 ? limit : levelLimit(coarsest, mean, limit));
    for (int level = levels.size() - 2; level >= 0; level--) {
      PartitionGraph fine = levels.get(level);
      int[] map = maps.get(level);
      int[] projected = new int[fine.vertexCount()];
      for (int v = 0; v < projected.length; v++) {
        projected[v] = current[map[v]];
      }
      long levelLimit = level == 0 ? limit : levelLimit(fine, mean, limit);
      rebalance(fine, projected, parts, levelLimit);
      refine(fine, projected, parts, levelLimit);
      hillClimb(fine, projected, parts, levelLimit);
      current = projected;
    }
    return current;
  }

  /** Sum of the weights of edges whose ends lie in different parts. */
  public static long cutWeight(PartitionGraph g, int[] part) {
    long cut = 0;
    for (int v = 0; v < g.vertexCount(); v++) {
      for (int i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
        int u = g.neighbours[i];
        if (u > v && part[u] != part[v]) {
          cut += g.edgeWeights[i];
        }
      }
    }
    return cut;
  }

  /** Coarse levels have heavy vertices: let a part exceed the mean by one of them. */
  private static long levelLimit(PartitionGraph g, long mean, long limit) {
    long heaviest = 0;
    for (long w : g.vertexWeights) {
      heaviest = Math.max(heaviest, w);
    }
    return Math.max(limit, mean + heaviest);
  }

  /** Heavy-edge matching; fills {@code map} (fine vertex to coarse vertex). */
  static PartitionGraph coarsen(PartitionGraph g, long maxMerged, int[] map) {
    int n = g.vertexCount();
    int[] match = new int[n];
    Arrays.fill(match, -1);
    for (int u : byDegree(g)) {
      if (match[u] != -1) {
        continue;
      }
      int best = -1;
      int bestWeight = 0;
      for (int i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
        int v = g.neighbours[i];
        if (match[v] != -1 || g.vertexWeights[u] + g.vertexWeights[v] > maxMerged) {
          continue;
        }
        int w = g.edgeWeights[i];
        // Neighbours are in index order, so an equal candidate of lower index came first.
        if (w > bestWeight || w == bestWeight && g.vertexWeights[v] < g.vertexWeights[best]) {
          best = v;
          bestWeight = w;
        }
      }
      match[u] = best == -1 ? u : best;
      if (best != -1) {
        match[best] = u;
      }
    }
    Arrays.fill(map, -1);
    int cn = 0;
    int[] first = new int[n];
    for (int u = 0; u < n; u++) {
      if (map[u] == -1) {
        map[u] = cn;
        map[match[u]] = cn;
        first[cn++] = u;
      }
    }
    long[] cw = new long[cn];
    int[] offsets = new int[cn + 1];
    int[] nbr = new int[g.neighbours.length];
    int[] ew = new int[g.neighbours.length];
    int[] where = new int[cn];
    Arrays.fill(where, -1);
    int out = 0;
    for (int c = 0; c < cn; c++) {
      offsets[c] = out;
      int a = first[c];
      int b = match[a];
      cw[c] = g.vertexWeights[a] + (b == a ? 0 : g.vertexWeights[b]);
      for (int f = a; ; f = b) {
        for (int i = g.offsets[f]; i < g.offsets[f + 1]; i++) {
          int cv = map[g.neighbours[i]];
          if (cv == c) {
            continue;
          }
          int p = where[cv];
          if (p >= offsets[c] && p < out && nbr[p] == cv) {
            ew[p] = (int) Math.min(Integer.MAX_VALUE, (long) ew[p] + g.edgeWeights[i]);
          } else {
            where[cv] = out;
            nbr[out] = cv;
            ew[out] = g.edgeWeights[i];
            out++;
          }
        }
        if (f == b) {
          break;
        }
      }
    }
    offsets[cn] = out;
    return new PartitionGraph(offsets, Arrays.copyOf(nbr, out), Arrays.copyOf(ew, out), cw);
  }

  /** Vertices by ascending degree, ties by index (a counting sort). */
  private static int[] byDegree(PartitionGraph g) {
    int n = g.vertexCount();
    int maxDegree = 0;
    for (int v = 0; v < n; v++) {
      maxDegree = Math.max(maxDegree, g.offsets[v + 1] - g.offsets[v]);
    }
    int[] start = new int[maxDegree + 2];
    for (int v = 0; v < n; v++) {
      start[g.offsets[v + 1] - g.offsets[v] + 1]++;
    }
    for (int d = 0; d <= maxDegree; d++) {
      start[d + 1] += start[d];
    }
    int[] order = new int[n];
    for (int v = 0; v < n; v++) {
      order[start[g.offsets[v + 1] - g.offsets[v]]++] = v;
    }
    return order;
  }

  private static int[] initialPartition(PartitionGraph g, int parts, long limit) {
    int n = g.vertexCount();
    // Coarsening stalls on hubs with many leaves; a coarsest graph that stayed large gets two
    // tries, so the tries cost no more than the levels.
    int tries = Math.min(n > LARGE_COARSEST ? 2 : INITIAL_TRIES, n);
    int[] all = new int[n];
    for (int v = 0; v < n; v++) {
      all[v] = v;
    }
    int[] best = null;
    long bestCut = Long.MAX_VALUE;
    for (int t = 0; t < tries; t++) {
      int[] part = new int[n];
      new Bisection(g, t, tries).split(all, parts, 0, part);
      rebalance(g, part, parts, limit);
      refine(g, part, parts, limit);
      hillClimb(g, part, parts, limit);
      long cut = cutWeight(g, part);
      if (cut < bestCut) {
        bestCut = cut;
        best = part;
      }
    }
    return best;
  }

  /**
   * Recursive bisection of the coarsest graph: a set of vertices for k parts is ordered breadth
   * first (within the set) from a seed and cut where ⌊k/2⌋/k of its weight is passed; each side
   * is split again. Try 0 seeds every search at a pseudo-peripheral vertex (the last one reached
   * from the set's first vertex, searched twice); try t at the set's vertex t/tries along.
   * Bisecting, unlike cutting one order into k slices, lets 4 parts of a grid be quadrants.
   */
  private static final class Bisection {
    private final PartitionGraph g;
    private final int attempt;
    private final int attempts;
    /** Vertices of the set being split carry its stamp. */
    private final int[] inSet;
    private final int[] seen;
    private int stamp;

    Bisection(PartitionGraph g, int attempt, int attempts) {
      this.g = g;
      this.attempt = attempt;
      this.attempts = attempts;
      this.inSet = new int[g.vertexCount()];
      this.seen = new int[g.vertexCount()];
    }

    void split(int[] set, int k, int firstPart, int[] part) {
      if (k == 1 || set.length <= 1) {
        for (int v : set) {
          part[v] = firstPart;
        }
        return;
      }
      int setStamp = ++stamp;
      long total = 0;
      for (int v : set) {
        inSet[v] = setStamp;
        total += g.vertexWeights[v];
      }
      int seed = attempt == 0
          ? last(order(set[0], set, setStamp), setStamp)
          : set[(int) ((long) attempt * set.length / attempts)];
      int[] order = order(seed, set, setStamp);
      int left = k / 2;
      long before = 0;
      int cutAt = 0;
      // A vertex goes left when its middle lies before the left share of the weight.
      while (cutAt < order.length
          && (2 * before + g.vertexWeights[order[cutAt]]) * k < 2 * total * left) {
        before += g.vertexWeights[order[cutAt++]];
      }
      int[] a = Arrays.copyOfRange(order, 0, cutAt);
      int[] b = Arrays.copyOfRange(order, cutAt, order.length);
      Arrays.sort(a);
      Arrays.sort(b);
      split(a, left, firstPart, part);
      split(b, k - left, firstPart + left, part);
    }

    private int last(int[] order, int setStamp) {
      int v = order[order.length - 1];
      return order(v, order, setStamp)[order.length - 1];
    }

    /**
     * Breadth first from {@code seed} over the set's vertices (stamped {@code setStamp}); the
     * set's other components follow, each from its lowest vertex.
     */
    private int[] order(int seed, int[] set, int setStamp) {
      int visit = ++stamp;
      int[] queue = new int[set.length];
      int tail = 0;
      int next = 0;
      int start = seed;
      while (true) {
        seen[start] = visit;
        queue[tail++] = start;
        for (int head = tail - 1; head < tail; head++) {
          int u = queue[head];
          for (int i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
            int v = g.neighbours[i];
            if (inSet[v] == setStamp && seen[v] != visit) {
              seen[v] = visit;
              queue[tail++] = v;
            }
          }
        }
        while (next < set.length && seen[set[next]] == visit) {
          next++;
        }
        if (next == set.length) {
          return queue;
        }
        start = set[next];
      }
    }
  }

  /**
   * Fiduccia–Mattheyses passes with hill climbing: boundary vertices move best gain first (ties
   * by index), each at most once a pass, also with zero or negative gain, as long as no target
   * goes over {@code limit}; after {@link #FM_PATIENCE} moves without a better cut, the pass
   * stops and the moves after its best point are undone. This is what straightens a jagged
   * border that no single move improves (a staircase on a grid).
   */
  static void hillClimb(PartitionGraph g, int[] part, int parts, long limit) {
    long[] pw = partWeights(g, part, parts);
    Connectivity conn = new Connectivity(parts);
    int n = part.length;
    int[] movedIn = new int[n];
    int[] logVertex = new int[n];
    int[] logFrom = new int[n];
    for (int pass = 1; pass <= FM_PASSES; pass++) {
      PriorityQueue<Long> queue = new PriorityQueue<>();
      for (int v = 0; v < n; v++) {
        offer(queue, g, part, pw, conn, v, limit);
      }
      int moves = 0;
      int bestMoves = 0;
      long gained = 0;
      long bestGained = 0;
      while (!queue.isEmpty() && moves - bestMoves < FM_PATIENCE) {
        long key = queue.poll();
        int v = (int) key;
        if (movedIn[v] == pass) {
          continue;
        }
        int a = part[v];
        conn.measure(g, part, v);
        int to = conn.bestTarget(a, pw, g.vertexWeights[v], limit);
        long gain = to < 0 ? 0 : conn.weight[to] - conn.weight[a];
        conn.clear();
        if (to < 0) {
          continue;
        }
        if (key != key(gain, v)) {
          queue.add(key(gain, v)); // stale: its neighbourhood changed since it was queued
          continue;
        }
        part[v] = to;
        pw[a] -= g.vertexWeights[v];
        pw[to] += g.vertexWeights[v];
        movedIn[v] = pass;
        logVertex[moves] = v;
        logFrom[moves] = a;
        moves++;
        gained += gain;
        if (gained > bestGained) {
          bestGained = gained;
          bestMoves = moves;
        }
        for (int i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
          int u = g.neighbours[i];
          if (movedIn[u] != pass) {
            offer(queue, g, part, pw, conn, u, limit);
          }
        }
      }
      for (int m = moves - 1; m >= bestMoves; m--) {
        int v = logVertex[m];
        pw[part[v]] -= g.vertexWeights[v];
        pw[logFrom[m]] += g.vertexWeights[v];
        part[v] = logFrom[m];
      }
      if (bestGained == 0) {
        return;
      }
    }
  }

  /** Queues a boundary vertex with the gain of its best allowed move. */
  private static void offer(PriorityQueue<Long> queue, PartitionGraph g, int[] part, long[] pw,
      Connectivity conn, int v, long limit) {
    int a = part[v];
    conn.measure(g, part, v);
    if (conn.count > 1 || conn.count == 1 && conn.parts[0] != a) {
      int to = conn.bestTarget(a, pw, g.vertexWeights[v], limit);
      if (to >= 0) {
        queue.add(key(conn.weight[to] - conn.weight[a], v));
      }
    }
    conn.clear();
  }

  /** Orders moves by gain, highest first, then by vertex index. */
  private static long key(long gain, int v) {
    long clamped = Math.max(-(1L << 30) + 1, Math.min((1L << 30) - 1, gain));
    return ((1L << 30) - clamped) << 32 | v;
  }

  private static long[] partWeights(PartitionGraph g, int[] part, int parts) {
    long[] pw = new long[parts];
    for (int v = 0; v < part.length; v++) {
      pw[part[v]] += g.vertexWeights[v];
    }
    return pw;
  }

  /** Greedy boundary refinement; moves never take a part over {@code limit}. */
  static void refine(PartitionGraph g, int[] part, int parts, long limit) {
    long[] pw = partWeights(g, part, parts);
    Connectivity conn = new Connectivity(parts);
    for (int pass = 0; pass < REFINE_PASSES; pass++) {
      int moved = 0;
      for (int v = 0; v < part.length; v++) {
        int a = part[v];
        conn.measure(g, part, v);
        if (conn.count == 0 || conn.count == 1 && conn.parts[0] == a) {
          conn.clear();
          continue;
        }
        long vw = g.vertexWeights[v];
        long internal = conn.weight[a];
        int best = conn.bestTarget(a, pw, vw, limit);
        if (best >= 0) {
          long gain = conn.weight[best] - internal;
          if (gain > 0 || gain == 0 && pw[best] + vw < pw[a]) {
            part[v] = best;
            pw[a] -= vw;
            pw[best] += vw;
            moved++;
          }
        }
        conn.clear();
      }
      if (moved == 0) {
        return;
      }
    }
  }

  /**
   * Moves vertices out of parts over {@code limit}, best gain first (ties by index), each to a
   * part it stays under the limit in: a neighbouring one, else (after half the rounds) the
   * lightest. When the vertex weights make the limit unreachable, a move that leaves the target
   * lighter than the source was is taken instead, so the heaviest part comes as close as they
   * allow.
   */
  static void rebalance(PartitionGraph g, int[] part, int parts, long limit) {
    long[] pw = partWeights(g, part, parts);
    Connectivity conn = new Connectivity(parts);
    for (int round = 0; round < REBALANCE_ROUNDS; round++) {
      boolean over = false;
      for (long w : pw) {
        over |= w > limit;
      }
      if (!over) {
        return;
      }
      boolean anywhere = round >= REBALANCE_ROUNDS / 2;
      long[] keys = new long[part.length];
      int candidates = 0;
      for (int v = 0; v < part.length; v++) {
        int a = part[v];
        if (pw[a] <= limit) {
          continue;
        }
        conn.measure(g, part, v);
        int to = rebalanceTarget(conn, a, pw, g.vertexWeights[v], limit, anywhere);
        if (to >= 0) {
          keys[candidates++] = key(conn.weight[to] - conn.weight[a], v);
        }
        conn.clear();
      }
      Arrays.sort(keys, 0, candidates);
      for (int i = 0; i < candidates; i++) {
        int v = (int) keys[i];
        int a = part[v];
        long vw = g.vertexWeights[v];
        if (pw[a] <= limit) {
          continue;
        }
        conn.measure(g, part, v);
        int to = rebalanceTarget(conn, a, pw, vw, limit, anywhere);
        conn.clear();
        if (to >= 0) {
          part[v] = to;
          pw[a] -= vw;
          pw[to] += vw;
        }
      }
    }
  }

  private static int rebalanceTarget(Connectivity conn, int from, long[] pw, long vw, long limit,
      boolean anywhere) {
    int to = conn.bestTarget(from, pw, vw, limit);
    int light = lightest(pw, from);
    if (to < 0 && anywhere && pw[light] + vw <= limit) {
      to = light;
    }
    if (to < 0) {
      to = conn.bestTarget(from, pw, vw, pw[from] - 1);
    }
    if (to < 0 && anywhere && pw[light] + vw < pw[from]) {
      to = light;
    }
    return to;
  }

  private static int lightest(long[] pw, int except) {
    int best = -1;
    for (int p = 0; p < pw.length; p++) {
      if (p != except && (best < 0 || pw[p] < pw[best])) {
        best = p;
      }
    }
    return best;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Edge weight from one vertex into each part it touches; cleared after each use. */
  private static final class Connectivity {
    final long[] weight;
    final int[] parts;
    int count;

    Connectivity(int k) {
      weight = new long[k];
      parts = new int[k];
    }

    void measure(PartitionGraph g, int[] part, int v) {
      for (int i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
        int p = part[g.neighbours[i]];
        if (weight[p] == 0) {
          parts[count++] = p;
        }
        weight[p] += g.edgeWeights[i];
      }
    }

    /**
     * The touched part other than {@code from} with room for {@code vw} and the most edge weight
     * to it; ties go to the lighter part, then the lower index. -1 if none.
     */
    int bestTarget(int from, long[] pw, long vw, long limit) {
      int best = -1;
      for (int i = 0; i < count; i++) {
        int p = parts[i];
        if (p == from || pw[p] + vw > limit) {
          continue;
        }
        if (best < 0 || weight[p] > weight[best]
            || weight[p] == weight[best] && (pw[p] < pw[best] || pw[p] == pw[best] && p < best)) {
          best = p;
        }
      }
      return best;
    }

    void clear() {
      for (int i = 0; i < count; i++) {
        weight[parts[i]] = 0;
      }
      count = 0;
    }
  }
}
