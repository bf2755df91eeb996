package io.qbone.router.routing;

import io.qbone.node.network.Link;

/**
 * Additive link weights for path search. Multiplicative quality figures (fidelity, success
 * probability) become additive as their negative logarithm, so a shortest path maximises their
 * product along the path. ({@link StrictMath}, so weights and ties are the same on every JVM.)
 */
public final class LinkWeights {
  private LinkWeights() {}

  /** Every link costs 1: paths with the fewest links. */
  public static final LinkWeight HOPS = l -> 1;

  /** Fiber delay in ns: paths with the lowest latency. */
  public static final LinkWeight LATENCY = l -> l.delayNs();

  /**
   * −ln F of the link's fresh pair: the path whose product of fresh fidelities is largest (a
   * proxy for the end-to-end fidelity after swaps, which falls with every link's infidelity).
   */
  public static final LinkWeight FIDELITY = l -> -StrictMath.log(l.freshState().fidelity());

  /** −ln p of the link's success probability per attempt: the product of p is largest. */
  public static final LinkWeight SUCCESS_PROBABILITY =
      l -> -StrictMath.log(l.successProbability());

  /** The weight for a metric name ({@code hops, latency, fidelity, success}); null if unknown. */
  public static LinkWeight parse(String name) {
    return switch (name) {
      case "hops" -> HOPS;
      case "latency" -> LATENCY;
      case "fidelity" -> FIDELITY;
      case "success" -> SUCCESS_PROBABILITY;
      default -> null;
    };
  }
}
