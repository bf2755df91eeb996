package io.qbone.router.routing;

/**
 * A routing protocol: computes the path (or paths) a request's pairs take, given what one node
 * knows of the network, or rejects the request with a reason.
 *
 * <p>Contract: one instance serves every node of a run and is called from several dispatcher
 * threads at once, so implementations keep no mutable state (per-node knowledge is the {@link
 * NetworkView}); the answer must depend only on the request and the view (determinism), with
 * ties broken by node or link index, never by hash order.
 */
public interface RoutingProtocol {
  /** The name used in scenarios, results and {@code qbone compare-routing}. */
  String name();

  /** Paths for {@code request} as seen through {@code view}. */
  RoutingDecision route(PathRequest request, NetworkView view);
}
