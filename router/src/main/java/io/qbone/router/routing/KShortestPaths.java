package io.qbone.router.routing;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The k shortest loopless paths between two nodes (Yen, Management Science 17, 712 (1971)) for
 * any non-negative additive link weight.
 *
 * <p>Each spur path is found by A* guided by the exact distances to the destination in the
 * unblocked graph (one Dijkstra per query), so a spur search explores little beyond the path.
 *
 * <p>Deterministic: the searches break priority ties by node index, candidates of equal cost are taken
 * by hop count, then by node sequence, and the result is listed in that order. Which of several
 * equal-cost paths at the k-th place make the cut depends on those tie-breaks (not necessarily
 * the lexicographically first), but never on anything else. A path's cost is always summed from
 * the source in path order, so one path found through different spur nodes compares equal.
 *
 * <p>Not thread-safe (reuses its search arrays); create one per thread.
 */
public final class KShortestPaths {
  /** A loopless path: nodes v0 (source) .. vn, the n links between them, and their total weight. */
  public record Path(int[] nodes, int[] links, double cost) {
    public int hops() {
      return links.length;
    }

    /** The path as a flow's route, with the fiber delay from the source to each node. */
    public Route toRoute(int flow, Topology topology) {
      return Route.along(flow, topology, nodes.clone(), links.clone());
    }

    @Override
    public String toString() {
      return Arrays.toString(nodes) + " cost " + cost;
    }
  }

  /** Total order on paths: cost, then hops, then node sequence (lexicographic). */
  static final Comparator<Path> ORDER = Comparator.comparingDouble(Path::cost)
      .thenComparingInt(Path::hops)
      .thenComparing(Path::nodes, Arrays::compare);

  private final Topology topology;
  private final double[] weight;
  // Dijkstra state, reused across spur searches; a stamp marks the entries of the current search.
  private final double[] dist;
  /** Distance from each node to the current destination with nothing blocked (A* potential). */
  private final double[] toDestination;
  private final int[] viaLink;
  private final int[] settledStamp;
  private final int[] blockedNodeStamp;
  private final int[] blockedLinkStamp;
  private int stamp;

  /**
   * @param weight the additive weight of a link; evaluated once per link here
   * @throws IllegalArgumentException naming the link whose weight is negative, infinite or NaN
   */
  public KShortestPaths(Topology topology, LinkWeight weight) {
    this(topology, weight, l -> true);
  }

  /**
   * Paths over the links {@code usable} accepts only (e.g. those a node believes up).
   *
   * @throws IllegalArgumentException naming a usable link whose weight is negative, infinite or NaN
   */
  public KShortestPaths(Topology topology, LinkWeight weight, IntPredicate usable) {
    this.topology = topology;
    this.weight = new double[topology.links().size()];
    for (int i = 0; i < this.weight.length; i++) {
      Link l = topology.link(i);
      if (!usable.test(i)) {
        this.weight[i] = Double.POSITIVE_INFINITY; // never relaxed: infinite distances stay
        continue;
      }
      double w = weight.of(l);
      if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("link " + i + " (" + topology.node(l.a()).name() + " - "
            + topology.node(l.b()).name() + ") has weight " + w + "; weights must be finite "
            + "and >= 0");
      }
      this.weight[i] = w;
    }
    int n = topology.nodeCount();
    dist = new double[n];
    toDestination = new double[n];
    viaLink = new int[n];
    settledStamp = new int[n];
    blockedNodeStamp = new int[n];
    blockedLinkStamp = new int[this.weight.length];
  }

  /**
   * Up to {@code k} loopless paths from {@code source} to {@code destination}, cheapest first;
   * fewer when fewer exist, none when the destination is unreachable, and the single empty path
   * when source and destination are the same node.
   *
   * @throws IllegalArgumentException when {@code k < 1} or a node index is out of range
   */
  public List<Path> find(int source, int destination, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    checkNode("source", source);
    checkNode("destination", destination);
    List<Path> found = new ArrayList<>(Math.min(k, 64));
    distancesTo(destination);
    if (toDestination[source] == Double.POSITIVE_INFINITY) {
      return found;
    }
    stamp++;
    Path first = search(source, destination);
    if (first == null) {
      return found;
    }
    found.add(first);
    TreeSet<Path> candidates = new TreeSet<>(ORDER);
    while (found.size() < k) {
      Path last = found.get(found.size() - 1);
      for (int j = 0; j < last.hops(); j++) {
        addDeviations(last, j, found, candidates, destination);
      }
      Path next = candidates.pollFirst();
      if (next == null) {
        break;
      }
      found.add(next);
    }
    // Yen yields costs in order; this also orders equal-cost paths by ORDER.
    found.sort(ORDER);
    return found;
  }

  /** Candidates that follow {@code last} up to position j and leave it there. */
  private void addDeviations(Path last, int j, List<Path> found, TreeSet<Path> candidates,
      int destination) {
    int[] rootNodes = Arrays.copyOf(last.nodes(), j + 1);
    int[] rootLinks = Arrays.copyOf(last.links(), j);
    stamp++;
    // The root's own nodes are off limits (looplessness); so is every link by which a path
    // already found leaves the same root (those deviations are already known).
    for (int i = 0; i < j; i++) {
      blockedNodeStamp[rootNodes[i]] = stamp;
    }
    for (Path p : found) {
      if (p.hops() > j && Arrays.equals(p.nodes(), 0, j + 1, rootNodes, 0, j + 1)) {
        blockedLinkStamp[p.links()[j]] = stamp;
      }
    }
    Path spur = search(rootNodes[j], destination);
    if (spur == null) {
      return;
    }
    int[] nodes = new int[j + spur.nodes().length];
    System.arraycopy(rootNodes, 0, nodes, 0, j);
    System.arraycopy(spur.nodes(), 0, nodes, j, spur.nodes().length);
    int[] links = new int[j + spur.links().length];
    System.arraycopy(rootLinks, 0, links, 0, j);
    System.arraycopy(spur.links(), 0, links, j, spur.links().length);
    Path total = new Path(nodes, links, costOf(links));
    for (Path p : found) {
      if (Arrays.equals(p.nodes(), nodes)) {
        return;
      }
    }
    candidates.add(total);
  }

  /**
   * Dijkstra from the destination over the whole graph. Blocking only lengthens distances, so
   * these are lower bounds for every spur search and, being shortest distances, consistent: A*
   * with them settles each node once and heads straight for the destination.
   */
  private void distancesTo(int destination) {
    Arrays.fill(toDestination, Double.POSITIVE_INFINITY);
    toDestination[destination] = 0;
    PriorityQueue<double[]> frontier = new PriorityQueue<>(KShortestPaths::compareEntries);
    frontier.add(new double[] {0, destination});
    while (!frontier.isEmpty()) {
      double[] top = frontier.poll();
      int u = (int) top[1];
      if (top[0] > toDestination[u]) {
        continue;
      }
      for (int li : topology.incidentLinks(u)) {
        if (weight[li] == Double.POSITIVE_INFINITY) {
          continue;
        }
        int v = topology.link(li).other(u);
        double d = toDestination[u] + weight[li];
        if (d < toDestination[v]) {
          toDestination[v] = d;
          frontier.add(new double[] {d, v});
        }
      }
    }
  }

  /** Frontier entries {priority, node}: by priority, then node index. */
  private static int compareEntries(double[] x, double[] y) {
    return x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]);
  }

  /**
   * A* (Dijkstra ordered by distance so far plus {@link #toDestination}) avoiding the nodes and
   * links blocked under the current stamp; null if the destination cannot be reached.
   */
  private Path search(int source, int destination) {
    int s = stamp;
    PriorityQueue<double[]> frontier = new PriorityQueue<>(KShortestPaths::compareEntries);
    // dist/viaLink are valid for a node only once it has been reached under this stamp, which
    // settledStamp records as -stamp (reached) or stamp (settled).
    settledStamp[source] = -s;
    dist[source] = 0;
    viaLink[source] = -1;
    frontier.add(new double[] {toDestination[source], source});
    while (!frontier.isEmpty()) {
      double[] top = frontier.poll();
      int u = (int) top[1];
      if (settledStamp[u] == s) {
        continue;
      }
      settledStamp[u] = s;
      if (u == destination) {
        return trace(source, destination);
      }
      for (int li : topology.incidentLinks(u)) {
        if (blockedLinkStamp[li] == s || weight[li] == Double.POSITIVE_INFINITY) {
          continue;
        }
        int v = topology.link(li).other(u);
        if (blockedNodeStamp[v] == s || settledStamp[v] == s
            || toDestination[v] == Double.POSITIVE_INFINITY) {
          continue;
        }
        double d = dist[u] + weight[li];
        if (settledStamp[v] != -s || d < dist[v]) {
          settledStamp[v] = -s;
          dist[v] = d;
          viaLink[v] = li;
          frontier.add(new double[] {d + toDestination[v], v});
        }
      }
    }
    return null;
  }

  private Path trace(int source, int destination) {
    PathTrace p = PathTrace.of(topology, source, destination, viaLink);
    return new Path(p.nodes(), p.links(), costOf(p.links()));
  }

  /** The weight of a path summed from its source, the one order every caller uses. */
  private double costOf(int[] links) {
    double c = 0;
    for (int l : links) {
      c += weight[l];
    }
    return c;
  }

  private void checkNode(String what, int node) {
    if (node < 0 || node >= topology.nodeCount()) {
      throw new IllegalArgumentException(what + " must be a node index in [0, "
          + topology.nodeCount() + "), got " + node);
    }
  }
}
