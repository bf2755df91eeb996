package io.qbone.router.routing;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Static shortest paths (Dijkstra) by fiber latency or hop count. Ties are broken by node index,
 * so the same topology always yields the same routes.
 */
public final class ShortestPathRouter {
  private final Topology topology;
  private final RouteMetric metric;

  public ShortestPathRouter(Topology topology, RouteMetric metric) {
    this.topology = topology;
    this.metric = metric;
  }

  /** The shortest route from {@code source} to {@code destination}, or null if unreachable. */
  public Route route(int flow, int source, int destination) {
    int n = topology.nodeCount();
    long[] dist = new long[n];
    int[] viaLink = new int[n];
    Arrays.fill(dist, Long.MAX_VALUE);
    Arrays.fill(viaLink, -1);
    dist[source] = 0;
    PriorityQueue<long[]> frontier = new PriorityQueue<>(
        (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    frontier.add(new long[] {0, source});
    while (!frontier.isEmpty()) {
      long[] top = frontier.poll();
      int u = (int) top[1];
      if (top[0] > dist[u]) {
        continue;
      }
      if (u == destination) {
        break;
      }
      for (int li : topology.incidentLinks(u)) {
        Link l = topology.link(li);
        int v = l.other(u);
        long d = dist[u] + weight(l);
        if (d < dist[v]) {
          dist[v] = d;
          viaLink[v] = li;
          frontier.add(new long[] {d, v});
        }
      }
    }
    if (dist[destination] == Long.MAX_VALUE) {
      return null;
    }
    return trace(flow, source, destination, viaLink);
  }

  private long weight(Link l) {
    return metric == RouteMetric.HOPS ? 1 : l.delayNs();
  }

  private Route trace(int flow, int source, int destination, int[] viaLink) {
    PathTrace p = PathTrace.of(topology, source, destination, viaLink);
    return Route.along(flow, topology, p.nodes(), p.links());
  }
}
