package io.qbone.router.request;

import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.LinkStateAdvert;
import io.qbone.router.routing.NetworkView;
import java.util.Arrays;

/**
 * One node's link-state database: the newest advert of every origin. A link is up in this
 * node's view when both its ends advertise it (the two-way check of OSPF), so one end's advert
 * suffices to take a link down.
 */
final class LinkStateDatabase implements NetworkView {
  private final Topology topology;
  private final long[] sequence;
  private final int[][] upLinks;
  /** Per link: how many of its ends advertise it (0..2); a link is up at 2. */
  private final byte[] advertisedBy;

  LinkStateDatabase(Topology topology) {
    this.topology = topology;
    this.sequence = new long[topology.nodeCount()];
    Arrays.fill(sequence, -1);
    this.upLinks = new int[topology.nodeCount()][];
    this.advertisedBy = new byte[topology.links().size()];
  }

  /** Installs {@code lsa} if it is newer than what this node has; returns whether it was. */
  boolean install(LinkStateAdvert lsa) {
    int origin = lsa.getOrigin();
    if (origin < 0 || origin >= sequence.length || lsa.getSequence() <= sequence[origin]) {
      return false;
    }
    if (upLinks[origin] != null) {
      for (int l : upLinks[origin]) {
        advertisedBy[l]--;
      }
    }
    int[] links = new int[lsa.getUpLinksCount()];
    for (int i = 0; i < links.length; i++) {
      int l = lsa.getUpLinks(i);
      if (l < 0 || l >= advertisedBy.length || topology.link(l).a() != origin
          && topology.link(l).b() != origin) {
        throw new IllegalArgumentException("advert of node " + origin + " lists link " + l
            + ", which does not end there");
      }
      links[i] = l;
      advertisedBy[l]++;
    }
    upLinks[origin] = links;
    sequence[origin] = lsa.getSequence();
    return true;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public boolean isUp(int link) {
    return advertisedBy[link] == 2;
  }
}
