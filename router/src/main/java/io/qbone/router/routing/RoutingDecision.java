package io.qbone.router.routing;

import java.util.List;

/** A routing protocol's answer: paths for the request's pairs, or a rejection with its reason. */
public sealed interface RoutingDecision {
  /** The request's pairs split over one or more paths (their pair counts add up). */
  record Accepted(List<PathAssignment> paths) implements RoutingDecision {
    public Accepted {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("an accepted request needs at least one path");
      }
      paths = List.copyOf(paths);
    }
  }

  /**
   * The request cannot be served; {@code reason} says why, for people and results. It starts
   * with its kind and a colon ({@code no-path:}, {@code fidelity:}, ...), which results count.
   */
  record Rejected(String reason) implements RoutingDecision {}

  /** The rejection when the destination cannot be reached over the links the node sees up. */
  static RoutingDecision noPath(PathRequest request) {
    return new Rejected("no-path: no path from node " + request.source() + " to node "
        + request.destination() + " over the links known to be up");
  }

  /** One path carrying all the request's pairs, without purification. */
  static RoutingDecision single(Route route, int pairs) {
    return new Accepted(List.of(new PathAssignment(route, pairs, 0, Double.NaN)));
  }
}
