package io.qbone.node.hardware;

import io.qbone.node.physics.Fiber;

/**
 * Optical fiber of a link.
 *
 * @param attenuationDbPerKm loss in dB/km ({@code attenuation_db_per_km}); default 0.2 dB/km,
 *     standard single-mode fiber at 1550 nm (ITU-T G.652)
 * @param refractiveIndex group index ({@code refractive_index}); default 1.468 (Corning SMF-28
 *     at 1550 nm)
 * @param misalignmentError probability that one heralding interference event flips the pair's
 *     phase because the interfering modes were misaligned (residual optical phase drift,
 *     polarisation) ({@code misalignment_error}); default 0, presets give measured values
 */
public record FiberParams(double attenuationDbPerKm, double refractiveIndex,
    double misalignmentError) {
  public static final FiberParams DEFAULT = new FiberParams(0.2, 1.468, 0);

  public FiberParams {
    Check.require(attenuationDbPerKm >= 0 && Double.isFinite(attenuationDbPerKm),
        "attenuation_db_per_km", ">= 0 dB/km", attenuationDbPerKm);
    Check.require(refractiveIndex >= 1 && Double.isFinite(refractiveIndex),
        "refractive_index", ">= 1", refractiveIndex);
    Check.require(misalignmentError >= 0 && misalignmentError <= 0.5, "misalignment_error",
        "a probability in [0, 0.5] (above 0.5 the flip is the rule, relabel the state)",
        misalignmentError);
  }

  /** Transmissivity of {@code km} of this fiber, 10^(-alpha L/10). */
  public double transmissivity(double km) {
    return Fiber.transmissivity(km, attenuationDbPerKm);
  }

  /** One-way light delay over {@code km}, in ns. */
  public long delayNs(double km) {
    return Fiber.delayNs(km, refractiveIndex);
  }

  /** Phase-coherence factor 1 - 2 e of one misaligned interference event. */
  double coherence() {
    return 1 - 2 * misalignmentError;
  }

  /** Misalignment error for Gaussian residual phase noise of standard deviation sigma (rad). */
  public static double misalignmentFromPhaseNoise(double sigmaRad) {
    return (1 - Math.exp(-sigmaRad * sigmaRad / 2)) / 2;
  }
}
