package io.qbone.node.hardware;

/**
 * Single-click (single-photon) heralding: each node prepares sqrt(1-alpha)|0> + sqrt(alpha)|1>,
 * the bright state |1> emits a photon, the photons meet on a beam splitter at the midpoint, and
 * exactly one click heralds (|01> ± |10>)/sqrt2 (Cabrillo et al., PRA 59, 1025 (1999); Humphreys
 * et al., Nature 558, 268 (2018)). With eta_A, eta_B the photon efficiencies to a click and d the
 * dark count probability per detector:
 * <pre>
 *   p_good   = alpha (1 - alpha)(eta_A + eta_B)(1 - d)        -> target, phase coherence c
 *   p_double = alpha^2 (1 - (1 - eta_A)(1 - eta_B))(1 - d)    -> |11>: X or Y error
 *   p_dark   = (1 - alpha eta_A)(1 - alpha eta_B) 2 d (1 - d) -> maximally mixed
 * </pre>
 * with c = sqrt(V) (1 - 2 e): photon indistinguishability V (single-photon interference) and
 * misalignment / residual phase noise e. Small eta, no noise: p ≈ 2 alpha eta, F ≈ 1 - alpha.
 * An attempt takes one emission period plus the herald's round trip to the midpoint.
 *
 * @param brightStatePopulation alpha ({@code bright_state_population}), in (0, 1)
 * @param visibility two-photon interference visibility V of the emitters ({@code visibility})
 */
public record SingleClick(double brightStatePopulation, double visibility)
    implements HeraldingScheme {

  public SingleClick {
    Check.require(brightStatePopulation > 0 && brightStatePopulation < 1,
        "bright_state_population", "in (0, 1)", brightStatePopulation);
    Check.probability(visibility, "visibility");
  }

  @Override
  public HeraldedLink link(LinkHardware hw, double lengthKm) {
    LinkHardware.checkLength(lengthKm);
    double a = brightStatePopulation;
    double etaA = hw.photonEfficiency(hw.memoryA(), lengthKm);
    double etaB = hw.photonEfficiency(hw.memoryB(), lengthKm);
    double d = hw.detector().darkCountProbability();
    double coherence = Math.sqrt(visibility) * hw.fiber().coherence();
    return new HeraldMix()
        .good(a * (1 - a) * (etaA + etaB) * (1 - d), coherence)
        .product(a * a * (1 - (1 - etaA) * (1 - etaB)) * (1 - d))
        .mixed((1 - a * etaA) * (1 - a * etaB) * 2 * d * (1 - d))
        .build(hw.period(hw.source().periodNs() + hw.heraldDelayNs(lengthKm)));
  }
}
