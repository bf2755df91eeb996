package io.qbone.node.hardware;

/**
 * Single-photon detectors of a heralding station (all detectors of a link alike).
 *
 * @param efficiency probability that a photon reaching the detector clicks
 *     ({@code detector_efficiency}); default 0.8 (Hensen et al., Nature 526, 682 (2015), SI)
 * @param darkCountProbability probability of a dark click per detector per detection window
 *     ({@code dark_count_probability}); default 5e-7 = 20 Hz x 25 ns (Humphreys et al., Nature
 *     558, 268 (2018))
 * @param deadTimeNs recovery time after a click in ns ({@code dead_time_ns}); bounds the attempt
 *     period from below; default 0 (negligible next to memory attempt periods of microseconds)
 */
public record DetectorParams(double efficiency, double darkCountProbability, double deadTimeNs) {
  public static final DetectorParams DEFAULT = new DetectorParams(0.8, 5e-7, 0);

  public DetectorParams {
    Check.efficiency(efficiency, "detector_efficiency");
    Check.probability(darkCountProbability, "dark_count_probability");
    Check.require(deadTimeNs >= 0 && Double.isFinite(deadTimeNs), "dead_time_ns", ">= 0 ns",
        deadTimeNs);
  }
}
