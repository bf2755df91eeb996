package io.qbone.node.network;

import io.qbone.node.physics.Fiber;

/**
 * A link of the topology with the physics derived from its configuration: heralding delay,
 * attempt period and success probability per attempt.
 *
 * <p>Heralding is midpoint ("meet in the middle"): both ends emit at once, the photons meet at a
 * station halfway, and its herald travels back, so an attempt's outcome is known one full fiber
 * delay after emission and a memory cannot start the next attempt before that.
 */
public final class Link {
  private final int index;
  private final int a;
  private final int b;
  private final LinkConfig config;
  private final long delayNs;
  private final long attemptPeriodNs;
  private final double successProbability;

  Link(int index, int a, int b, LinkConfig config) {
    this.index = index;
    this.a = a;
    this.b = b;
    this.config = config;
    this.delayNs = Math.max(1, Fiber.delayNs(config.lengthKm(), config.refractiveIndex()));
    long sourceLimitedNs =
        config.attemptRateHz() > 0 ? Math.round(1e9 / config.attemptRateHz()) : 0;
    this.attemptPeriodNs = Math.max(delayNs, sourceLimitedNs);
    // Each photon crosses half the fiber; both must arrive: eta(L/2)^2 = eta(L).
    this.successProbability =
        config.efficiency() * Fiber.transmissivity(config.lengthKm(), config.attenuationDbPerKm());
  }

  public int index() {
    return index;
  }

  /** Node index of end a (the link's generating end). */
  public int a() {
    return a;
  }

  public int b() {
    return b;
  }

  public int other(int node) {
    return node == a ? b : a;
  }

  public LinkConfig config() {
    return config;
  }

  /** Classical (and heralding) delay end to end, ns. */
  public long delayNs() {
    return delayNs;
  }

  public long attemptPeriodNs() {
    return attemptPeriodNs;
  }

  public double successProbability() {
    return successProbability;
  }
}
