package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/**
 * A node that attracts a share of the random requests: with probability {@code share} a request
 * goes to (or, if it arises there, from) this node.
 */
public record HotSpot(String node, double share) {
  public HotSpot {
    if (node == null || node.isBlank()) {
      throw new ConfigException("node", "'node' must be a node name, got " + node);
    }
    if (!(share > 0 && share <= 1)) {
      throw new ConfigException("share", "'share' must be in (0, 1], got " + share);
    }
  }
}
