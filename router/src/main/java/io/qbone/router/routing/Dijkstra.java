package io.qbone.router.routing;

import io.qbone.node.network.Topology;
import java.util.Arrays;
import java.util.PriorityQueue;

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
    return search(view, weight, source, -1);
  }

  /** The shortest route from {@code source} to {@code destination}, or null if unreachable. */
  public static Route route(NetworkView view, LinkWeight weight, int source, int destination) {
    return search(view, weight, source, destination).routeTo(view.topology(), destination);
  }

  private static Tree search(NetworkView view, LinkWeight weight, int source, int stopAt) {
    Topology topology = view.topology();
    int n = topology.nodeCount();
    double[] dist = new double[n];
    int[] viaLink = new int[n];
    boolean[] settled = new boolean[n];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    Arrays.fill(viaLink, -1);
    dist[source] = 0;
    PriorityQueue<double[]> frontier = new PriorityQueue<>(
        (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
    frontier.add(new double[] {0, source});
    while (!frontier.isEmpty()) {
      int u = (int) frontier.poll()[1];
      if (settled[u]) {
        continue;
      }
      settled[u] = true;
      if (u == stopAt) {
        break;
      }
      for (int li : topology.incidentLinks(u)) {
        if (!view.isUp(li)) {
          continue;
        }
        int v = topology.link(li).other(u);
        double d = dist[u] + weight.of(topology.link(li));
        // Equal distance: keep the path through the lower-indexed predecessor (settled first).
        if (d < dist[v]) {
          dist[v] = d;
          viaLink[v] = li;
          frontier.add(new double[] {d, v});
        }
      }
    }
    return new Tree(source, dist, viaLink);
  }
}
