package io.qbone.node.hardware;

import io.qbone.node.physics.BellDiagonal;

/**
 * What the engine needs from one link: attempts are independent Bernoulli trials, one every
 * {@link #attemptPeriodNs()}, each succeeding with {@link #successProbability()} and then
 * delivering {@link #freshState()}. Obtain one from
 * {@link HeraldingScheme#link(LinkHardware, double)}; it is computed once per link.
 */
public interface LinkPhysics {
  /** Probability that one attempt heralds a pair (including false heralds from dark counts). */
  double successProbability();

  /** Time between the starts of consecutive attempts, ns (>= 1). */
  long attemptPeriodNs();

  /** State of a heralded pair in the Phi+ frame (after the known Pauli correction). */
  BellDiagonal freshState();
}
