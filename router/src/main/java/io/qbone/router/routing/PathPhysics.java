package io.qbone.router.routing;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.Purification;
import io.qbone.node.physics.PurificationSchedule;
import io.qbone.node.physics.Swapping;

/**
 * Closed-form figures of a path that routing protocols plan with: the link pair after
 * purification, the end-to-end fidelity when every qubit waits a given time, and the expected
 * pair rate. The request executor uses the same state algebra with sampled times.
 */
public final class PathPhysics {
  /** The purification protocol used on links: DEJMPS keeps non-Werner noise (better than BBPSSW). */
  public static final Purification PROTOCOL = Purification.DEJMPS;

  private PathPhysics() {}

  /** The Pauli weights (I, X, Z, Y) of a state, as a fresh array. */
  public static double[] weights(BellDiagonal state) {
    double[] w = new double[4];
    state.copyTo(w);
    return w;
  }

  /** A link's pair after {@code rounds} of entanglement pumping (fresh pair with no decay). */
  public static PurificationSchedule.Result purifiedLinkPair(Link link, int rounds) {
    return PurificationSchedule.pumping(link.freshState(), PROTOCOL, rounds);
  }

  /**
   * End-to-end state when every link pair (after {@code rounds} of pumping) waits {@code waitNs}
   * in both its memories before its swaps, and the end qubits wait a further {@code waitNs}.
   * All noises are Pauli channels, so they compose in any order.
   */
  public static double[] endToEnd(Topology topology, Route route, int rounds, long waitNs) {
    double[] acc = weights(BellDiagonal.PERFECT);
    double[] w = new double[4];
    for (int i = 0; i < route.hops(); i++) {
      Link link = topology.link(route.links()[i]);
      purifiedLinkPair(link, rounds).state().copyTo(w);
      topology.node(route.nodes()[i]).memoryNoise().decay(w, waitNs);
      topology.node(route.nodes()[i + 1]).memoryNoise().decay(w, waitNs);
      double gate = i == 0 ? 0 : topology.node(route.nodes()[i]).gateDepolarizing();
      Swapping.swap(acc, w, gate, acc);
    }
    topology.node(route.source()).memoryNoise().decay(acc, waitNs);
    topology.node(route.destination()).memoryNoise().decay(acc, waitNs);
    return acc;
  }

  /**
   * Estimated delivered fidelity: every qubit waits one end-to-end classical delay, the least
   * time for swap outcomes to reach the ends.
   */
  public static double estimatedFidelity(Topology topology, Route route, int rounds) {
    return endToEnd(topology, route, rounds, route.endToEndDelayNs())[BellDiagonal.I];
  }

  /**
   * Expected purified pairs per second of one link: success probability over the attempt
   * period, divided by the pairs one pumping run consumes and its chance of succeeding.
   */
  public static double linkRatePerS(Link link, int rounds) {
    double raw = link.successProbability() / (link.attemptPeriodNs() * 1e-9);
    if (rounds == 0) {
      return raw;
    }
    PurificationSchedule.Result r = purifiedLinkPair(link, rounds);
    return raw * r.successProbability() / r.rawPairs();
  }

  /** Bottleneck estimate of a path's pair rate: its slowest link's. */
  public static double pathRatePerS(Topology topology, Route route, int rounds) {
    double min = Double.POSITIVE_INFINITY;
    for (int l : route.links()) {
      min = Math.min(min, linkRatePerS(topology.link(l), rounds));
    }
    return min;
  }
}
