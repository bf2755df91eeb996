package io.qbone.router.routing;

import io.qbone.node.network.Topology;

/** A path read back from a shortest-path search's "reached through link" table. */
record PathTrace(int[] nodes, int[] links) {
  /** Follows {@code viaLink} from the destination back to the source. */
  static PathTrace of(Topology topology, int source, int destination, int[] viaLink) {
    int hops = 0;
    for (int v = destination; v != source; v = topology.link(viaLink[v]).other(v)) {
      hops++;
    }
    int[] nodes = new int[hops + 1];
    int[] links = new int[hops];
    int v = destination;
    for (int i = hops; i > 0; i--) {
      nodes[i] = v;
      links[i - 1] = viaLink[v];
      v = topology.link(viaLink[v]).other(v);
    }
    nodes[0] = source;
    return new PathTrace(nodes, links);
  }
}
