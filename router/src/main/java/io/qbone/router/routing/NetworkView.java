package io.qbone.router.routing;

import io.qbone.node.network.Topology;

/**
 * What one node knows of the network when it routes: the topology and which links it believes
 * are up (static knowledge plus failures it learned of, or a link-state database).
 */
public interface NetworkView {
  Topology topology();

  /** Whether the node believes link {@code link} can carry pairs. */
  boolean isUp(int link);

  /** Every link of the topology up. */
  static NetworkView allUp(Topology topology) {
    return new NetworkView() {
      @Override
      public Topology topology() {
        return topology;
      }

      @Override
      public boolean isUp(int link) {
        return true;
      }
    };
  }
}
