package io.qbone.router.routing;

import io.qbone.node.network.Topology;

/**
 * The path of one flow: nodes v0 (source) .. vn (destination) and the n links between them,
 * with the fiber delay from the source to each node.
 */
public record Route(int flow, int[] nodes, int[] links, long[] delayFromSourceNs) {
  /** The route along {@code nodes} and {@code links}, with the fiber delays summed from the source. */
  public static Route along(int flow, Topology topology, int[] nodes, int[] links) {
    long[] delay = new long[nodes.length];
    for (int i = 0; i < links.length; i++) {
      delay[i + 1] = delay[i] + topology.link(links[i]).delayNs();
    }
    return new Route(flow, nodes, links, delay);
  }

  /** The same path labelled with another flow (or request) index. */
  public Route withFlow(int newFlow) {
    return new Route(newFlow, nodes, links, delayFromSourceNs);
  }

  /** Fiber delay from the source to the destination. */
  public long endToEndDelayNs() {
    return delayFromSourceNs[nodes.length - 1];
  }

  /** Fiber delay between positions i and j along the path. */
  public long delayBetweenNs(int i, int j) {
    return Math.abs(delayFromSourceNs[j] - delayFromSourceNs[i]);
  }

  public int hops() {
    return links.length;
  }

  public int source() {
    return nodes[0];
  }

  public int destination() {
    return nodes[nodes.length - 1];
  }

  /** Position of {@code node} on the path, or -1. */
  public int positionOf(int node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] == node) {
        return i;
      }
    }
    return -1;
  }

  /** Fiber delay from position i to the source. */
  public long delayToSourceNs(int position) {
    return delayFromSourceNs[position];
  }

  /** Fiber delay from position i to the destination. */
  public long delayToDestinationNs(int position) {
    return delayFromSourceNs[nodes.length - 1] - delayFromSourceNs[position];
  }
}
