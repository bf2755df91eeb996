package io.qbone.node.hardware;

import io.qbone.node.physics.BellDiagonal;

/** The value the heralding schemes return: a link's per-attempt physics. */
public record HeraldedLink(double successProbability, long attemptPeriodNs,
    BellDiagonal freshState) implements LinkPhysics {
  public HeraldedLink {
    if (!(successProbability >= 0 && successProbability <= 1)) {
      throw new IllegalArgumentException("success probability must be in [0, 1], got "
          + successProbability);
    }
    if (attemptPeriodNs < 1) {
      throw new IllegalArgumentException("attempt period must be >= 1 ns, got " + attemptPeriodNs);
    }
  }

  /** Mean pairs per second, p / period. */
  public double rateHz() {
    return successProbability * 1e9 / attemptPeriodNs;
  }
}
