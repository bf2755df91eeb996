package io.qbone.router.routing;

import io.qbone.node.network.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Rate-aware routing with k shortest paths and multipath splitting. Links are weighted by the
 * expected time per pair ({@code attempt period / success probability}), Yen's algorithm lists
 * the {@code k} best paths, and the request's pairs are split over up to {@code maxPaths} of them
 * that share no link (taken greedily in Yen order), in proportion to their bottleneck rates
 * (largest remainder, ties to the earlier path). No purification.
 */
public final class KShortestMultipath implements RoutingProtocol {
  /** Expected ns per heralded pair of a link: a rate metric that adds up along a path. */
  public static final LinkWeight TIME_PER_PAIR =
      l -> l.attemptPeriodNs() / l.successProbability();

  private final int k;
  private final int maxPaths;

  public KShortestMultipath(int k, int maxPaths) {
    if (k < 1 || maxPaths < 1) {
      throw new IllegalArgumentException("k and maxPaths must be >= 1, got " + k + ", " + maxPaths);
    }
    this.k = k;
    this.maxPaths = maxPaths;
  }

  @Override
  public String name() {
    return "k-shortest";
  }

  @Override
  public RoutingDecision route(PathRequest request, NetworkView view) {
    Topology topology = view.topology();
    List<KShortestPaths.Path> found = new KShortestPaths(topology, TIME_PER_PAIR, view::isUp)
        .find(request.source(), request.destination(), k);
    if (found.isEmpty()) {
      return RoutingDecision.noPath(request);
    }
    List<Route> chosen = new ArrayList<>();
    boolean[] used = new boolean[topology.links().size()];
    for (KShortestPaths.Path p : found) {
      if (chosen.size() == Math.min(maxPaths, request.pairs())) {
        break;
      }
      boolean disjoint = true;
      for (int l : p.links()) {
        disjoint &= !used[l];
      }
      if (disjoint) {
        for (int l : p.links()) {
          used[l] = true;
        }
        chosen.add(p.toRoute(0, topology));
      }
    }
    double[] rates = new double[chosen.size()];
    double total = 0;
    for (int i = 0; i < rates.length; i++) {
      rates[i] = PathPhysics.pathRatePerS(topology, chosen.get(i), 0);
      total += rates[i];
    }
    int[] pairs = split(request.pairs(), rates, total);
    List<PathAssignment> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i++) {
      if (pairs[i] > 0) {
        out.add(new PathAssignment(chosen.get(i), pairs[i], 0, Double.NaN));
      }
    }
    return new RoutingDecision.Accepted(out);
  }

  /** Largest-remainder split of {@code n} in proportion to {@code weights}. */
  static int[] split(int n, double[] weights, double total) {
    int[] out = new int[weights.length];
    double[] remainder = new double[weights.length];
    int given = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = n * weights[i] / total;
      out[i] = (int) Math.floor(exact);
      remainder[i] = exact - out[i];
      given += out[i];
    }
    while (given < n) {
      int best = 0;
      for (int i = 1; i < weights.length; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      out[best]++;
      remainder[best] = -1;
      given++;
    }
    return out;
  }
}
