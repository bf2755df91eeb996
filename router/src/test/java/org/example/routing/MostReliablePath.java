package org.example.routing;

import io.qbone.node.network.Link;
import io.qbone.router.routing.Dijkstra;
import io.qbone.router.routing.LinkWeight;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.PathPhysics;
import io.qbone.router.routing.PathRequest;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RoutingDecision;
import io.qbone.router.routing.RoutingProtocol;
import java.util.Locale;

/**
 * The worked example of docs/routing.md: route over the path whose links herald most reliably
 * (largest product of success probabilities), and reject requests that path could not serve
 * by their deadline at its estimated rate. It uses only qbone's public API, in a package of its
 * own, as a user's jar would (RoutingPluginTest builds it into one).
 */
public final class MostReliablePath implements RoutingProtocol {
  @Override
  public String name() {
    return "most-reliable";
  }

  @Override
  public RoutingDecision route(PathRequest request, NetworkView view) {
    // -ln p is additive along a path; its shortest path maximises the product of the p.
    LinkWeight weight = (Link l) -> -StrictMath.log(l.successProbability());
    Route route = Dijkstra.route(view, weight, request.source(), request.destination());
    if (route == null) {
      return RoutingDecision.noPath(request);
    }
    double ratePerS = PathPhysics.pathRatePerS(view.topology(), route, 0);
    // Deadlines are absolute; with no clock here, compare with the time the pairs need.
    double needS = request.pairs() / ratePerS;
    if (needS > 1.0) {
      return new RoutingDecision.Rejected(String.format(Locale.ROOT,
          "rate: %d pairs need %.2f s at %.1f pairs/s on the most reliable path",
          request.pairs(), needS, ratePerS));
    }
    return RoutingDecision.single(route, request.pairs());
  }
}
