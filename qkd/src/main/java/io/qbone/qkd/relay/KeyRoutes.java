package io.qbone.qkd.relay;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Relay path search: Dijkstra over the key channels a source believes usable, by hop count or
 * delay, ties broken by node index so every run picks the same path.
 */
public final class KeyRoutes {
  /** A channel as the path search sees it. */
  public record Edge(int channel, int a, int b, long delayNs) {}

  /** A relay path: nodes source..destination and the channels between them. */
  public record Path(int[] nodes, int[] channels, long delayNs) {
    public int hops() {
      return channels.length;
    }
  }

  private final int nodeCount;
  private final Edge[] edges;
  private final int[][] incident;
  private final boolean byHops;

  public KeyRoutes(int nodeCount, Edge[] edges, int[][] incident, boolean byHops) {
    this.nodeCount = nodeCount;
    this.edges = edges;
    this.incident = incident;
    this.byHops = byHops;
  }

  /** The best path using only channels with {@code usable[c]}, or null when there is none. */
  public Path find(int source, int destination, boolean[] usable) {
    long[] dist = new long[nodeCount];
    int[] via = new int[nodeCount];
    Arrays.fill(dist, Long.MAX_VALUE);
    Arrays.fill(via, -1);
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
      for (int c : incident[u]) {
        if (!usable[c]) {
          continue;
        }
        Edge e = edges[c];
        int v = e.a() == u ? e.b() : e.a();
        long d = dist[u] + (byHops ? 1 : e.delayNs());
        if (d < dist[v]) {
          dist[v] = d;
          via[v] = c;
          frontier.add(new long[] {d, v});
        }
      }
    }
    if (dist[destination] == Long.MAX_VALUE) {
      return null;
    }
    int hops = 0;
    for (int v = destination; v != source; hops++) {
      Edge e = edges[via[v]];
      v = e.a() == v ? e.b() : e.a();
    }
    int[] nodes = new int[hops + 1];
    int[] channels = new int[hops];
    long delay = 0;
    int v = destination;
    for (int i = hops; i > 0; i--) {
      Edge e = edges[via[v]];
      nodes[i] = v;
      channels[i - 1] = e.channel();
      delay += e.delayNs();
      v = e.a() == v ? e.b() : e.a();
    }
    nodes[0] = source;
    return new Path(nodes, channels, delay);
  }
}
