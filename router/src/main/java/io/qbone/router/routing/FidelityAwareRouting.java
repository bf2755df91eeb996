package io.qbone.router.routing;

import io.qbone.node.network.Topology;
import java.util.List;
import java.util.Locale;

/**
 * Fidelity-aware routing: among the {@code candidates} best paths by fresh-pair fidelity (Yen),
 * picks the path and the number of entanglement-pumping rounds per link whose estimated delivered
 * fidelity ({@link PathPhysics#estimatedFidelity}) meets the request's minimum, preferring the
 * highest estimated pair rate; rejects the request, saying the best fidelity reachable, when
 * none does. Requests without a minimum get the fastest candidate without purification.
 *
 * <p>The estimate assumes each qubit waits one end-to-end classical delay; longer waits in a
 * congested network lower the fidelity, which is why the request executor also checks each
 * delivered pair against the minimum (docs/routing.md).
 */
public final class FidelityAwareRouting implements RoutingProtocol {
  private final int candidates;
  private final int maxRounds;

  /**
   * @param candidates how many paths to consider (k of Yen), >= 1
   * @param maxRounds most pumping rounds per link to consider, >= 0
   */
  public FidelityAwareRouting(int candidates, int maxRounds) {
    if (candidates < 1 || maxRounds < 0) {
      throw new IllegalArgumentException("candidates must be >= 1 and maxRounds >= 0, got "
          + candidates + ", " + maxRounds);
    }
    this.candidates = candidates;
    this.maxRounds = maxRounds;
  }

  @Override
  public String name() {
    return "fidelity-aware";
  }

  @Override
  public RoutingDecision route(PathRequest request, NetworkView view) {
    Topology topology = view.topology();
    List<KShortestPaths.Path> paths = new KShortestPaths(topology, LinkWeights.FIDELITY, view::isUp)
        .find(request.source(), request.destination(), candidates);
    if (paths.isEmpty()) {
      return RoutingDecision.noPath(request);
    }
    Route best = null;
    int bestRounds = 0;
    double bestRate = -1;
    double bestFidelity = 0;
    double reachable = 0;
    for (KShortestPaths.Path p : paths) {
      Route r = p.toRoute(0, topology);
      for (int rounds = 0; rounds <= maxRounds; rounds++) {
        double f = PathPhysics.estimatedFidelity(topology, r, rounds);
        reachable = Math.max(reachable, f);
        if (f < request.minFidelity()) {
          continue;
        }
        double rate = PathPhysics.pathRatePerS(topology, r, rounds);
        if (rate > bestRate) {
          best = r;
          bestRounds = rounds;
          bestRate = rate;
          bestFidelity = f;
        }
        break; // more rounds only lower the rate once the minimum is met
      }
    }
    if (best == null) {
      return new RoutingDecision.Rejected(String.format(Locale.ROOT,
          "fidelity: best estimate %.4f over %d candidate paths with up to %d purification "
              + "rounds is below the requested %.4f", reachable, paths.size(), maxRounds,
          request.minFidelity()));
    }
    return new RoutingDecision.Accepted(List.of(
        new PathAssignment(best, request.pairs(), bestRounds, bestFidelity)));
  }
}
