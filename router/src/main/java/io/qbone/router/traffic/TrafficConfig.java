package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;
import java.util.List;

/**
 * The request workload of a run: Poisson arrivals between random end nodes (with optional hot
 * spots and bursts) plus fixed flows; every request asks for {@link #request()}.
 *
 * @param ratePerS network-wide mean arrival rate of random requests, per second (0: none)
 * @param hotSpots nodes attracting a share of the random requests (shares sum to at most 1)
 * @param bursts windows of multiplied arrival rate
 * @param flows fixed, periodic requests between named nodes
 * @param request what each request asks for
 * @param stopS no request arrives at or after this virtual time (so memories drain before the end)
 */
public record TrafficConfig(double ratePerS, List<HotSpot> hotSpots, List<Burst> bursts,
    List<FixedFlow> flows, RequestClass request, double stopS) {
  public TrafficConfig {
    if (!(ratePerS >= 0 && Double.isFinite(ratePerS))) {
      throw new ConfigException("rate_per_s", "'rate_per_s' must be >= 0, got " + ratePerS);
    }
    hotSpots = List.copyOf(hotSpots);
    bursts = List.copyOf(bursts);
    flows = List.copyOf(flows);
    double shares = 0;
    for (HotSpot h : hotSpots) {
      shares += h.share();
    }
    if (shares > 1 + 1e-12) {
      throw new ConfigException("hot_spots", "the hot spots' shares must sum to at most 1, got "
          + shares);
    }
    if (!(stopS > 0)) {
      throw new ConfigException("stop_s", "'stop_s' must be > 0 seconds, got " + stopS);
    }
  }

  /** A bound on the rate factor at any time (for thinning): the product of factors above 1. */
  public double peakFactor() {
    double max = 1;
    for (Burst b : bursts) {
      max *= Math.max(1, b.factor());
    }
    return max;
  }

  /** The rate factor at virtual time {@code s} (bursts overlap by multiplying). */
  public double factorAt(double s) {
    double f = 1;
    for (Burst b : bursts) {
      if (s >= b.startS() && s < b.endS()) {
        f *= b.factor();
      }
    }
    return f;
  }
}
