package io.qbone.deploy.metrics;

import kamon.metric.DynamicRange;

/**
 * How fidelity is held in Kamon histograms, which record non-negative longs: as the infidelity
 * {@code 1 - F} in units of 1e-4 ({@code round((1 - F) * 10^4)}, 0..10,000).
 *
 * <p>Why infidelity: Kamon's HDR histograms keep every value exactly only in their first, linear
 * range; with 3 significant digits that range is 0..2047 and a histogram costs 40 KB. Recording
 * {@code 1 - F} puts the interesting end (F near 1) in that range: every fidelity at or above
 * 0.7953 is kept to the exact 1e-4 step; below it the step grows to 2e-4, 4e-4 and 8e-4 (values
 * 2,048..10,000). Recording {@code F} itself exactly would need 4 significant digits and
 * 256 KB per histogram, too much for a histogram per link of a 1,000-link network.
 */
public final class FidelityUnits {
  /** Units per 1 of fidelity: one unit is 1e-4. */
  public static final double SCALE = 1e4;

  /** Largest value recorded: infidelity 1. */
  public static final long MAX = 10_000;

  /** The histograms' range: 0..10,000 with 3 significant digits (exact below 2,048). */
  public static final DynamicRange RANGE = new DynamicRange(1, MAX, 3);

  /**
   * Prometheus bucket upper bounds in these units, a 1-2-5 series from 1e-4 to 1 (fidelity
   * 0.9999, 0.9998, 0.9995, 0.999, ..., 0.5, 0): what matters is how many nines a pair has.
   */
  public static final String PROMETHEUS_BUCKETS =
      "[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]";

  private FidelityUnits() {}

  /** The recorded value of fidelity {@code f}, clamped to [0, 1]. */
  public static long infidelityUnits(double f) {
    long v = Math.round((1 - f) * SCALE);
    return v < 0 ? 0 : Math.min(v, MAX);
  }

  /** Fidelity from a mean of recorded values. */
  public static double fidelity(double meanUnits) {
    return 1 - meanUnits / SCALE;
  }
}
