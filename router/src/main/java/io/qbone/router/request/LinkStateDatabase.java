package io.qbone.router.request;

import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.LinkStateAdvert;
import io.qbone.router.routing.NetworkView;
import java.util.Arrays;

/**
 * One node's link-state database: the newest advert of every origin. A link is up in this
 * node's view when both its ends advertise it (the two-way check of OSPF), so one end's advert
 * suffices to take a link down.
 *
 * <p>Every database starts from a {@link Start} shared by all routers of a member: empty (routers
 * flood at t = 0) or converged (the intact network's adverts). The per-origin tables are copied
 * from it on the first advert installed, so a converged 10,000-node network costs one shared
 * table plus each router's link counts until adverts start to flow.
 */
final class LinkStateDatabase implements NetworkView {
  /** Adverts every router of a run starts with; read-only once built. */
  static final class Start {
    private final long[] sequence;
    private final int[][] upLinks;
    private final byte[] advertisedBy;

    private Start(long[] sequence, int[][] upLinks, byte[] advertisedBy) {
      this.sequence = sequence;
      this.upLinks = upLinks;
      this.advertisedBy = advertisedBy;
    }

    /** No adverts: routers learn everything from the flood at t = 0. */
    static Start empty(Topology topology) {
      long[] sequence = new long[topology.nodeCount()];
      Arrays.fill(sequence, -1);
      return new Start(sequence, new int[topology.nodeCount()][],
          new byte[topology.links().size()]);
    }

    /**
     * Every node's first advert ({@link #FIRST_SEQUENCE}, all its links up, in link order):
     * what every database holds once the t = 0 flood of an intact network has finished.
     */
    static Start converged(Topology topology) {
      int n = topology.nodeCount();
      long[] sequence = new long[n];
      Arrays.fill(sequence, FIRST_SEQUENCE);
      int[][] upLinks = new int[n][];
      for (int v = 0; v < n; v++) {
        upLinks[v] = topology.incidentLinks(v).clone();
        Arrays.sort(upLinks[v]);
      }
      byte[] advertisedBy = new byte[topology.links().size()];
      Arrays.fill(advertisedBy, (byte) 2);
      return new Start(sequence, upLinks, advertisedBy);
    }
  }

  /** Sequence number of a router's first advert. */
  static final long FIRST_SEQUENCE = 1;

  private final Topology topology;
  private long[] sequence;
  private int[][] upLinks;
  /** Whether {@link #sequence} and {@link #upLinks} are still the shared start's arrays. */
  private boolean shared = true;
  /** Per link: how many of its ends advertise it (0..2); a link is up at 2. */
  private final byte[] advertisedBy;

  LinkStateDatabase(Topology topology, Start start) {
    this.topology = topology;
    this.sequence = start.sequence;
    this.upLinks = start.upLinks;
    this.advertisedBy = start.advertisedBy.clone();
  }

  /** Installs {@code lsa} if it is newer than what this node has; returns whether it was. */
  boolean install(LinkStateAdvert lsa) {
    int origin = lsa.getOrigin();
    if (origin < 0 || origin >= sequence.length || lsa.getSequence() <= sequence[origin]) {
      return false;
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
    }
    if (shared) {
      sequence = sequence.clone();
      upLinks = upLinks.clone();
      shared = false;
    }
    if (upLinks[origin] != null) {
      for (int l : upLinks[origin]) {
        advertisedBy[l]--;
      }
    }
    for (int l : links) {
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
