package io.qbone.router.routing;

import io.qbone.node.network.Topology;

/**
 * Shortest paths over the links a {@link NetworkView} believes up, for any non-negative additive
 * weight. Ties are broken by node index, so the same view always yields the same paths.
 * Allocates its arrays per call (safe to share between threads).
 */
public final class Dijkstra {
  private Dijkstra() {}

  /** Shortest-path tree from {@code source}: distances and the link each node is reached by. */
  public record Tree(int source, double[] distance, int[] viaLink) {
    public boolean reaches(int node) {
      return distance[node] < Double.POSITIVE_INFINITY;
    }

    /** The path to {@code destination} as a route, or null when unreachable. */
    public Route routeTo(Topology topology, int destination) {
      if (!reaches(destination)) {
        return null;
      }
      PathTrace p = PathTrace.of(topology, source, destination, viaLink);
      return Route.along(0, topology, p.nodes(), p.links());
    }

    /** The first link on the path to {@code destination} (next hop), or -1. */
    public int firstLinkTo(Topology topology, int destination) {
      if (!reaches(destination) || destination == source) {
        return -1;
      }
      int v = destination;
      int link = viaLink[v];
      while (topology.link(link).other(v) != source) {
        v = topology.link(link).other(v);
        link = viaLink[v];
      }
      return link;
    }
  }

  /** The whole tree from {@code source}. */
  public static Tree tree(NetworkView view, LinkWeight weight, int source) {
    Workspace w = search(view, weight, source, -1);
    int n = view.topology().nodeCount();
    double[] dist = new double[n];
    int[] viaLink = new int[n];
    for (int v = 0; v < n; v++) {
      dist[v] = w.distance(v);
      viaLink[v] = w.via(v);
    }
    return new Tree(source, dist, viaLink);
  }

  /** The shortest route from {@code source} to {@code destination}, or null if unreachable. */
  public static Route route(NetworkView view, LinkWeight weight, int source, int destination) {
    Topology topology = view.topology();
    Workspace w = search(view, weight, source, destination);
    if (w.distance(destination) == Double.POSITIVE_INFINITY) {
      return null;
    }
    int hops = 0;
    for (int v = destination; v != source; v = topology.link(w.via(v)).other(v)) {
      hops++;
    }
    int[] nodes = new int[hops + 1];
    int[] links = new int[hops];
    int v = destination;
    for (int k = hops; k > 0; k--) {
      nodes[k] = v;
      links[k - 1] = w.via(v);
      v = topology.link(w.via(v)).other(v);
    }
    nodes[0] = source;
    return Route.along(0, topology, nodes, links);
  }

  /**
   * One search's state, kept per thread and reused: a route query on a large network touches few
   * nodes, so clearing whole arrays (or allocating them) would cost more than the search. A node's
   * entries count only if its stamp is this search's.
   */
  private static final class Workspace {
    double[] dist = new double[0];
    int[] via = new int[0];
    int[] stamp = new int[0];
    boolean[] settled = new boolean[0];
    int current;
    /** Binary min-heap of (distance, node), ordered by distance then node index. */
    double[] heapKey = new double[16];
    int[] heapNode = new int[16];
    int heapSize;

    void reset(int n) {
      if (dist.length < n) {
        dist = new double[n];
        via = new int[n];
        stamp = new int[n];
        settled = new boolean[n];
        current = 0;
      }
      if (++current == Integer.MAX_VALUE) {
        java.util.Arrays.fill(stamp, 0);
        current = 1;
      }
      heapSize = 0;
    }

    double distance(int v) {
      return stamp[v] == current ? dist[v] : Double.POSITIVE_INFINITY;
    }

    int via(int v) {
      return stamp[v] == current ? via[v] : -1;
    }

    boolean settled(int v) {
      return stamp[v] == current && settled[v];
    }

    void reach(int v, double d, int link) {
      if (stamp[v] != current) {
        stamp[v] = current;
        settled[v] = false;
      }
      dist[v] = d;
      via[v] = link;
      push(d, v);
    }

    void settle(int v) {
      settled[v] = true;
    }

    private boolean before(double k1, int n1, double k2, int n2) {
      return k1 < k2 || k1 == k2 && n1 < n2;
    }

    void push(double key, int node) {
      if (heapSize == heapKey.length) {
        heapKey = java.util.Arrays.copyOf(heapKey, heapSize * 2);
        heapNode = java.util.Arrays.copyOf(heapNode, heapSize * 2);
      }
      int i = heapSize++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!before(key, node, heapKey[parent], heapNode[parent])) {
          break;
        }
        heapKey[i] = heapKey[parent];
        heapNode[i] = heapNode[parent];
        i = parent;
      }
      heapKey[i] = key;
      heapNode[i] = node;
    }

    /** Removes the least entry and returns its node. */
    int pop() {
      int top = heapNode[0];
      int last = --heapSize;
      double key = heapKey[last];
      int node = heapNode[last];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= heapSize) {
          break;
        }
        if (child + 1 < heapSize
            && before(heapKey[child + 1], heapNode[child + 1], heapKey[child], heapNode[child])) {
          child++;
        }
        if (!before(heapKey[child], heapNode[child], key, node)) {
          break;
        }
        heapKey[i] = heapKey[child];
        heapNode[i] = heapNode[child];
        i = child;
      }
      heapKey[i] = key;
      heapNode[i] = node;
      return top;
    }
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /**
   * Settles nodes in (distance, index) order from {@code source}, until {@code stopAt} is settled
   * (or every reachable node, for -1). The returned workspace is this thread's, valid until its
   * next search.
   */
  private static Workspace search(NetworkView view, LinkWeight weight, int source, int stopAt) {
    Topology topology = view.topology();
    Workspace w = WORKSPACE.get();
    w.reset(topology.nodeCount());
    w.reach(source, 0, -1);
    while (w.heapSize > 0) {
      int u = w.pop();
      if (w.settled(u)) {
        continue;
      }
      w.settle(u);
      if (u == stopAt) {
        break;
      }
      double du = w.distance(u);
      for (int li : topology.incidentLinks(u)) {
        if (!view.isUp(li)) {
          continue;
        }
        int v = topology.link(li).other(u);
        double d = du + weight.of(topology.link(li));
        // Equal distance: keep the path through the lower-indexed predecessor (settled first).
        if (d < w.distance(v)) {
          w.reach(v, d, li);
        }
      }
    }
    return w;
  }
}
