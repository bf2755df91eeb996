package io.qbone.router.routing;

/**
 * Static shortest path by hop count or fiber latency: one path, no purification, no fidelity
 * check. Rejects only when the destination is unreachable over the links the node believes up.
 */
public final class StaticShortestPath implements RoutingProtocol {
  private final RouteMetric metric;

  public StaticShortestPath(RouteMetric metric) {
    this.metric = metric;
  }

  @Override
  public String name() {
    return metric == RouteMetric.HOPS ? "shortest-hops" : "shortest-latency";
  }

  public LinkWeight weight() {
    return metric == RouteMetric.HOPS ? LinkWeights.HOPS : LinkWeights.LATENCY;
  }

  /** The shortest route over {@code view}, or null if unreachable. */
  public Route route(NetworkView view, int source, int destination) {
    return Dijkstra.route(view, weight(), source, destination);
  }

  @Override
  public RoutingDecision route(PathRequest request, NetworkView view) {
    Route r = route(view, request.source(), request.destination());
    if (r == null) {
      return RoutingDecision.noPath(request);
    }
    return RoutingDecision.single(r, request.pairs());
  }
}
