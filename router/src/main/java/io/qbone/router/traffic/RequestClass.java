package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/**
 * What each request of a traffic model asks for.
 *
 * @param pairs end-to-end pairs per request
 * @param minFidelity least acceptable fidelity of a delivered pair (0: any)
 * @param deadlineS seconds after its arrival by which all pairs must be delivered
 */
public record RequestClass(int pairs, double minFidelity, double deadlineS) {
  public static final RequestClass DEFAULT = new RequestClass(1, 0, 1);

  public RequestClass {
    if (pairs < 1) {
      throw new ConfigException("pairs", "'pairs' must be an integer >= 1, got " + pairs);
    }
    if (!(minFidelity >= 0 && minFidelity <= 1)) {
      throw new ConfigException("min_fidelity",
          "'min_fidelity' must be in [0, 1], got " + minFidelity);
    }
    if (!(deadlineS > 0 && Double.isFinite(deadlineS))) {
      throw new ConfigException("deadline_s", "'deadline_s' must be > 0 seconds, got " + deadlineS);
    }
  }

  public long deadlineNs() {
    return Math.round(deadlineS * 1e9);
  }
}
