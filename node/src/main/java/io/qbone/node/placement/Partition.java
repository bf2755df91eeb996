package io.qbone.node.placement;

import io.qbone.node.engine.LpPlacement;

/**
 * A placement of a network's LPs on members by {@link LpGraph#partition(int)}, with what it costs
 * the run: how many links are cut and the shortest cut link's delay, the lookahead members need
 * between them (every message crossing members follows a path of links, one of them cut: a hop,
 * a route, the path to the controller, which sits with its node).
 */
public final class Partition implements LpPlacement {
  private final int[] member;
  private final int members;
  private final long cutLinks;
  private final long minCutDelayNs;
  private final long[] memberWeights;

  Partition(LpGraph graph, long[] nodeWeights, int[] member, int members) {
    this.member = member;
    this.members = members;
    long cut = 0;
    long minCut = -1;
    for (int l = 0; l < graph.linkCount(); l++) {
      if (member[graph.linkA(l)] != member[graph.linkB(l)]) {
        cut++;
        long d = graph.delayNs(l);
        minCut = minCut < 0 ? d : Math.min(minCut, d);
      }
    }
    this.cutLinks = cut;
    this.minCutDelayNs = minCut;
    this.memberWeights = new long[members];
    for (int v = 0; v < graph.nodeCount(); v++) {
      memberWeights[member[v]] += nodeWeights[v];
    }
  }

  @Override
  public int lpCount() {
    return member.length;
  }

  @Override
  public int members() {
    return members;
  }

  @Override
  public int memberOf(int lp) {
    return member[lp];
  }

  /** LPs on each member, by member index. */
  public int[] lpsPerMember() {
    int[] count = new int[members];
    for (int m : member) {
      count[m]++;
    }
    return count;
  }

  /** Links whose ends are on different members. */
  public long cutLinks() {
    return cutLinks;
  }

  /** Delay of the shortest cut link, ns; -1 when no link is cut. */
  public long minCutDelayNs() {
    return minCutDelayNs;
  }

  /** Load weight (see {@link LpGraph}) on each member. */
  public long[] memberWeights() {
    return memberWeights.clone();
  }

  /** Heaviest member's weight over the mean, minus 1: 0.05 is 5 % over. */
  public double imbalance() {
    long total = 0;
    long max = 0;
    for (long w : memberWeights) {
      total += w;
      max = Math.max(max, w);
    }
    return total == 0 ? 0 : (double) max * members / total - 1;
  }
}
