package io.qbone.node.network;

import io.qbone.node.hardware.HeraldedLink;
import io.qbone.node.hardware.LinkPhysics;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.Fiber;

/**
 * A link of the topology with the physics derived from its configuration and its two end nodes:
 * heralding delay, attempt period, success probability per attempt and fresh state.
 *
 * <p>Heralding is midpoint ("meet in the middle"): both ends emit at once, the photons meet at a
 * station halfway, and its herald travels back, so an attempt's outcome is known one full fiber
 * delay after emission.
 *
 * <p>Werner model (scenario v1): the attempt period is the herald's round trip, or the source
 * period if longer; p = efficiency x 10^(-alpha L / 10); fresh pairs are Werner states. Heralded
 * model: the link's {@link io.qbone.node.hardware.HeraldingScheme} computes all three from the
 * hardware and the memories of both ends (docs/physics.md section 8).
 */
public final class Link {
  private final int index;
  private final int a;
  private final int b;
  private final LinkConfig config;
  private final long delayNs;
  private final LinkPhysics physics;

  /**
   * @throws ConfigException when the link could never herald a pair (success probability 0)
   */
  Link(int index, int a, int b, LinkConfig config, NodeConfig endA, NodeConfig endB) {
    this.index = index;
    this.a = a;
    this.b = b;
    this.config = config;
    this.delayNs = Math.max(1, Fiber.delayNs(config.lengthKm(), config.refractiveIndex()));
    this.physics = config.heralded() == null
        ? werner(config, delayNs)
        : config.heralded().physics(endA.memoryParams(), endB.memoryParams(), config.lengthKm());
    if (!(physics.successProbability() > 0)) {
      String field = config.heralded() == null ? "length_km" : "scheme";
      throw new ConfigException(field, "'" + field + "' must give a link that can herald a pair, "
          + "got success probability " + physics.successProbability() + " per attempt");
    }
  }

  private static LinkPhysics werner(LinkConfig config, long delayNs) {
    long sourceLimitedNs =
        config.attemptRateHz() > 0 ? Math.round(1e9 / config.attemptRateHz()) : 0;
    // Each photon crosses half the fiber; both must arrive: eta(L/2)^2 = eta(L).
    double p =
        config.efficiency() * Fiber.transmissivity(config.lengthKm(), config.attenuationDbPerKm());
    return new HeraldedLink(p, Math.max(delayNs, sourceLimitedNs),
        BellDiagonal.werner(config.fidelity()));
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
    return physics.attemptPeriodNs();
  }

  public double successProbability() {
    return physics.successProbability();
  }

  /** State of a heralded pair in the Phi+ frame. */
  public BellDiagonal freshState() {
    return physics.freshState();
  }
}
