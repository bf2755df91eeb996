package io.qbone.qkd.rate;

import io.qbone.node.network.ConfigException;

/**
 * One decoy-state BB84 link over fibre, as in Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005).
 *
 * @param mu signal mean photon number per pulse (> 0)
 * @param nu weak-decoy mean photon number, 0 < nu < mu (the vacuum decoy has 0 by definition)
 * @param darkCountProbability Y_0: probability per pulse of a click with no signal photon, [0, 1)
 * @param detectorEfficiency eta_Bob: Bob's transmittance times detector efficiency, (0, 1]
 * @param misalignment e_d: probability a signal photon hits the wrong detector, [0, 0.5]
 * @param errorCorrectionEfficiency f: leak over the Shannon limit h(E), >= 1 (1.22 in Ma et al.)
 * @param lossDbPerKm fibre attenuation alpha in dB/km, >= 0
 * @param lengthKm fibre length in km, >= 0
 * @param sifting q: fraction of pulses whose bases agree; {@link #BB84_SIFTING} for the original
 *     protocol, {@link #EFFICIENT_BB84_SIFTING} for efficient BB84 (Lo, Chau and Ardehali, J.
 *     Cryptol. 18, 133 (2005)), whose biased basis choice makes q tend to 1 asymptotically
 */
public record DecoyBb84Params(
    double mu,
    double nu,
    double darkCountProbability,
    double detectorEfficiency,
    double misalignment,
    double errorCorrectionEfficiency,
    double lossDbPerKm,
    double lengthKm,
    double sifting) {

  /** Bases agree half the time when both ends choose them uniformly. */
  public static final double BB84_SIFTING = 0.5;

  /** Asymptotic limit of efficient BB84: almost every pulse in the same (key) basis. */
  public static final double EFFICIENT_BB84_SIFTING = 1.0;

  public DecoyBb84Params {
    require(mu > 0 && Double.isFinite(mu), "mu", "a positive mean photon number", mu);
    require(nu > 0 && nu < mu, "nu", "a decoy mean photon number in (0, mu = " + mu + ")", nu);
    require(darkCountProbability >= 0 && darkCountProbability < 1, "dark_count_probability",
        "a probability per pulse in [0, 1)", darkCountProbability);
    require(detectorEfficiency > 0 && detectorEfficiency <= 1, "detector_efficiency",
        "in (0, 1]", detectorEfficiency);
    // Above 1/2 the "wrong" detector is simply the right one with relabelled outputs.
    require(misalignment >= 0 && misalignment <= 0.5, "misalignment", "in [0, 0.5]",
        misalignment);
    // f < 1 would beat Shannon's limit for error correction.
    require(errorCorrectionEfficiency >= 1 && Double.isFinite(errorCorrectionEfficiency),
        "error_correction_efficiency", ">= 1 (the Shannon limit)", errorCorrectionEfficiency);
    require(lossDbPerKm >= 0 && Double.isFinite(lossDbPerKm), "loss_db_per_km",
        "a finite attenuation >= 0 dB/km", lossDbPerKm);
    require(lengthKm >= 0 && Double.isFinite(lengthKm), "length_km", "a finite length >= 0 km",
        lengthKm);
    require(sifting > 0 && sifting <= 1, "sifting", "a fraction in (0, 1]", sifting);
  }

  /** The same link with another fibre length. */
  public DecoyBb84Params withLengthKm(double km) {
    return new DecoyBb84Params(mu, nu, darkCountProbability, detectorEfficiency, misalignment,
        errorCorrectionEfficiency, lossDbPerKm, km, sifting);
  }

  /** Channel transmittance 10^(-alpha L / 10), without Bob's detector. */
  public double channelTransmittance() {
    return Math.pow(10, -lossDbPerKm * lengthKm / 10);
  }

  /** Overall transmittance eta = eta_channel * eta_Bob (Ma et al. Eq. 5). */
  public double totalTransmittance() {
    return channelTransmittance() * detectorEfficiency;
  }

  private static void require(boolean ok, String field, String expected, double got) {
    if (!ok) {
      throw new ConfigException(field, "'" + field + "' must be " + expected + ", got " + got);
    }
  }
}
