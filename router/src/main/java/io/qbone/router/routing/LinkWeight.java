package io.qbone.router.routing;

import io.qbone.node.network.Link;

/** An additive routing metric: the non-negative cost of using one link. */
@FunctionalInterface
public interface LinkWeight {
  double of(Link link);
}
