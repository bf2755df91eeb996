package io.qbone.node.network;

import static io.qbone.node.network.ConfigException.require;

import io.qbone.node.hardware.HeraldedLinkSpec;

/**
 * A fiber link between two nodes with a heralding station in the middle.
 *
 * <p>Two models: the v1 Werner model ({@code heralded} null: a fresh pair is a Werner state of
 * {@code fidelity}, an attempt succeeds with {@code efficiency} x fiber transmissivity), or a
 * heralding scheme with hardware ({@code heralded} set: the scheme computes success probability,
 * attempt period and fresh state from the hardware and both end memories; {@code fidelity} and
 * {@code efficiency} are then NaN, and the fiber and rate fields repeat the spec's).
 *
 * @param a name of one end
 * @param b name of the other end
 * @param lengthKm fiber length in km
 * @param attenuationDbPerKm fiber loss in dB/km (0.2 at 1550 nm, ITU-T G.652)
 * @param refractiveIndex group index of the fiber (1.468 for SMF-28 at 1550 nm)
 * @param fidelity fidelity of a fresh link pair to Phi+ (a Werner state); NaN when heralded
 * @param efficiency probability that an attempt succeeds apart from fiber loss (source,
 *     coupling, detectors and Bell-state measurement together); NaN when heralded
 * @param attemptRateHz maximum attempt rate of the sources; 0 when only heralding limits it
 *     (Werner model only; a heralded link's emission or pump rate, > 0)
 * @param heralded the heralding scheme and hardware, or null for the Werner model
 */
public record LinkConfig(
    String a,
    String b,
    double lengthKm,
    double attenuationDbPerKm,
    double refractiveIndex,
    double fidelity,
    double efficiency,
    double attemptRateHz,
    HeraldedLinkSpec heralded) {

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
    require(attemptRateHz >= 0 && Double.isFinite(attemptRateHz),
        "attempt_rate_hz", ">= 0 Hz (0: limited by heralding only)", attemptRateHz);
    if (heralded == null) {
      require(fidelity >= 0.25 && fidelity <= 1, "fidelity", "between 0.25 and 1", fidelity);
      require(efficiency > 0 && efficiency <= 1, "efficiency", "in (0, 1]", efficiency);
    } else {
      require(Double.isNaN(fidelity), "fidelity",
          "omitted for a heralded scheme (the scheme computes the fresh state)", fidelity);
      require(Double.isNaN(efficiency), "efficiency",
          "omitted for a heralded scheme (the scheme computes the success probability)",
          efficiency);
      if (heralded.fiber().attenuationDbPerKm() != attenuationDbPerKm
          || heralded.fiber().refractiveIndex() != refractiveIndex
          || heralded.source().rateHz() != attemptRateHz) {
        throw new IllegalArgumentException("the link's fiber and rate fields must repeat the "
            + "heralded spec's, got " + attenuationDbPerKm + " dB/km, n = " + refractiveIndex
            + ", " + attemptRateHz + " Hz for " + heralded);
      }
    }
  }

  /** A Werner-model link (scenario format v1). */
  public LinkConfig(String a, String b, double lengthKm, double attenuationDbPerKm,
      double refractiveIndex, double fidelity, double efficiency, double attemptRateHz) {
    this(a, b, lengthKm, attenuationDbPerKm, refractiveIndex, fidelity, efficiency, attemptRateHz,
        null);
  }

  /** A link whose physics comes from a heralding scheme and its hardware. */
  public static LinkConfig ofHeralded(String a, String b, double lengthKm, HeraldedLinkSpec spec) {
    return new LinkConfig(a, b, lengthKm, spec.fiber().attenuationDbPerKm(),
        spec.fiber().refractiveIndex(), Double.NaN, Double.NaN, spec.source().rateHz(), spec);
  }
}
