package io.qbone.node.placement;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;

/**
 * The network as placement sees it: one LP per node, the links between nodes with their delays,
 * and extra LPs (a routing controller) that each sit with a host node.
 *
 * <p>What the partitioner balances and what it avoids cutting:
 *
 * <ul>
 *   <li>A node weighs 1 + its degree (+ 1 per extra LP it hosts): an LP's work and state grow
 *       with the links it serves, and the degree is known from the topology alone, the same for
 *       every model (fixed flows, request-driven routing, QKD), so every member computes the same
 *       weights. Pair rates would be sharper but depend on which links a model drives.
 *   <li>A link weighs 1 + ⌊15 · d_min / d⌋ (1..16), d its delay and d_min the shortest link's:
 *       the inter-member lookahead is the shortest cut link's delay, so cutting a short link
 *       costs up to 16 times as much as cutting a long one.
 * </ul>
 *
 * <p>An extra LP never gets an edge of its own (a controller talks to every node, which would
 * make it a hub the partitioner cannot cut around); it is placed with its host node, so its
 * messages leave the member only along paths that cross a cut link.
 */
public final class LpGraph {
  /** Cutting the shortest link costs this many times cutting a very long one. */
  static final int SHORT_LINK_COST = 16;

  private final int nodes;
  private final int[] linkA;
  private final int[] linkB;
  private final long[] delayNs;
  private final int[] extraHosts;

  /**
   * @param nodes node LPs 0..nodes-1
   * @param linkA first end of each link
   * @param linkB second end of each link
   * @param delayNs delay of each link, > 0
   * @param extraHosts for each extra LP nodes, nodes + 1, ...: the node it sits with
   */
  public LpGraph(int nodes, int[] linkA, int[] linkB, long[] delayNs, int... extraHosts) {
    if (linkA.length != linkB.length || linkA.length != delayNs.length) {
      throw new IllegalArgumentException("link ends and delays differ in length: " + linkA.length
          + ", " + linkB.length + ", " + delayNs.length);
    }
    for (int l = 0; l < linkA.length; l++) {
      if (delayNs[l] <= 0) {
        throw new IllegalArgumentException("link " + l + ": delay must be > 0 ns, got "
            + delayNs[l]);
      }
    }
    for (int i = 0; i < extraHosts.length; i++) {
      if (extraHosts[i] < 0 || extraHosts[i] >= nodes) {
        throw new IllegalArgumentException("extra LP " + (nodes + i) + ": host node "
            + extraHosts[i] + " outside 0.." + (nodes - 1));
      }
    }
    this.nodes = nodes;
    this.linkA = linkA.clone();
    this.linkB = linkB.clone();
    this.delayNs = delayNs.clone();
    this.extraHosts = extraHosts.clone();
  }

  /** The topology's nodes and links, with extra LPs hosted by the given nodes. */
  public static LpGraph of(Topology topology, int... extraHosts) {
    int links = topology.links().size();
    int[] a = new int[links];
    int[] b = new int[links];
    long[] d = new long[links];
    for (int l = 0; l < links; l++) {
      Link link = topology.link(l);
      a[l] = link.a();
      b[l] = link.b();
      d[l] = link.delayNs();
    }
    return new LpGraph(topology.nodeCount(), a, b, d, extraHosts);
  }

  public int nodeCount() {
    return nodes;
  }

  public int lpCount() {
    return nodes + extraHosts.length;
  }

  public int linkCount() {
    return linkA.length;
  }

  /** Delay of the shortest link, ns (Long.MAX_VALUE without links). */
  public long minDelayNs() {
    long shortest = Long.MAX_VALUE;
    for (long d : delayNs) {
      shortest = Math.min(shortest, d);
    }
    return shortest;
  }

  /** Partitions the nodes over {@code members} members; extra LPs follow their hosts. */
  public Partition partition(int members) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be >= 1, got " + members);
    }
    // One member needs no graph: the default run of a large network skips building it.
    int[] nodePart = members == 1
        ? new int[nodes] : MultilevelPartitioner.partition(weighted(), members);
    int[] member = new int[lpCount()];
    System.arraycopy(nodePart, 0, member, 0, nodes);
    for (int i = 0; i < extraHosts.length; i++) {
      member[nodes + i] = nodePart[extraHosts[i]];
    }
    return new Partition(this, nodeWeights(), member, members);
  }

  /** Load weight of each node: 1 + its degree + the extra LPs it hosts. */
  long[] nodeWeights() {
    long[] weight = new long[nodes];
    java.util.Arrays.fill(weight, 1);
    for (int host : extraHosts) {
      weight[host]++;
    }
    for (int l = 0; l < linkA.length; l++) {
      weight[linkA[l]]++;
      weight[linkB[l]]++;
    }
    return weight;
  }

  /** The graph the partitioner sees: nodes weighted by load, links by the cost of a cut. */
  PartitionGraph weighted() {
    PartitionGraph.Builder g = new PartitionGraph.Builder(nodes);
    long[] weight = nodeWeights();
    for (int v = 0; v < nodes; v++) {
      g.vertexWeight(v, weight[v]);
    }
    long shortest = minDelayNs();
    for (int l = 0; l < linkA.length; l++) {
      // A link from a node to itself can never be cut.
      if (linkA[l] != linkB[l]) {
        long cost = 1 + (SHORT_LINK_COST - 1) * shortest / delayNs[l];
        g.edge(linkA[l], linkB[l], (int) cost);
      }
    }
    return g.build();
  }

  int linkA(int l) {
    return linkA[l];
  }

  int linkB(int l) {
    return linkB[l];
  }

  long delayNs(int l) {
    return delayNs[l];
  }
}
