package io.qbone.node.physics;

/** Closed-form fiber channel: loss and propagation delay. */
public final class Fiber {
  /** Speed of light in vacuum, m/s (exact, SI). */
  public static final double SPEED_OF_LIGHT_M_PER_S = 299_792_458.0;

  private Fiber() {}

  /** Transmissivity 10^(-alpha L / 10) of {@code lengthKm} of fiber with loss {@code dbPerKm}. */
  public static double transmissivity(double lengthKm, double dbPerKm) {
    return Math.pow(10, -dbPerKm * lengthKm / 10);
  }

  /** Time light needs to cross {@code lengthKm} of fiber of group index n, in ns (rounded). */
  public static long delayNs(double lengthKm, double refractiveIndex) {
    return Math.round(lengthKm * 1000 * refractiveIndex / SPEED_OF_LIGHT_M_PER_S * 1e9);
  }
}
