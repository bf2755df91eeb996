package io.qbone.node.network;

import static io.qbone.node.network.ConfigException.require;

/**
 * A fiber link between two nodes with a heralding station in the middle.
 *
 * @param a name of one end
 * @param b name of the other end
 * @param lengthKm fiber length in km
 * @param attenuationDbPerKm fiber loss in dB/km (0.2 at 1550 nm, ITU-T G.652)
 * @param refractiveIndex group index of the fiber (1.468 for SMF-28 at 1550 nm)
 * @param fidelity fidelity of a fresh link pair to Phi+ (a Werner state)
 * @param efficiency probability that an attempt succeeds apart from fiber loss (source,
 *     coupling, detectors and Bell-state measurement together)
 * @param attemptRateHz maximum attempt rate of the sources; 0 when only heralding limits it
 */
public record LinkConfig(
    String a,
    String b,
    double lengthKm,
    double attenuationDbPerKm,
    double refractiveIndex,
    double fidelity,
    double efficiency,
    double attemptRateHz) {

  public static final double DEFAULT_ATTENUATION_DB_PER_KM = 0.2;
  public static final double DEFAULT_REFRACTIVE_INDEX = 1.468;
  public static final double DEFAULT_FIDELITY = 0.95;
  public static final double DEFAULT_EFFICIENCY = 0.5;

  public LinkConfig {
    require(a != null && !a.isBlank(), "a", "a node name", a);
    require(b != null && !b.isBlank(), "b", "a node name", b);
    require(!a.equals(b), "b", "a node other than 'a' (no self-links)", b);
    require(lengthKm > 0 && Double.isFinite(lengthKm), "length_km", "> 0 km", lengthKm);
    require(attenuationDbPerKm >= 0 && Double.isFinite(attenuationDbPerKm),
        "attenuation_db_per_km", ">= 0 dB/km", attenuationDbPerKm);
    require(refractiveIndex >= 1 && Double.isFinite(refractiveIndex),
        "refractive_index", ">= 1", refractiveIndex);
    require(fidelity >= 0.25 && fidelity <= 1, "fidelity", "between 0.25 and 1", fidelity);
    require(efficiency > 0 && efficiency <= 1, "efficiency", "in (0, 1]", efficiency);
    require(attemptRateHz >= 0 && Double.isFinite(attemptRateHz),
        "attempt_rate_hz", ">= 0 Hz (0: limited by heralding only)", attemptRateHz);
  }
}
