package io.qbone.node.hardware;

/**
 * Barrett–Kok double-click heralding (Barrett and Kok, PRA 71, 060310(R) (2005)): each node
 * emits a spin-entangled photon, the photons are measured at the midpoint, the spins are flipped
 * and the round repeated; one click in each round heralds Psi±. Insensitive to the optical phase
 * and to the double-excitation error of single-click, at the price of needing both photons:
 * <pre>
 *   p_good = P_bsm eta_A eta_B                                  (eta^2 / 2 for linear optics)
 *   p_lost = 2 d P_bsm (eta_A (1 - eta_B) + eta_B (1 - eta_A))   -> dephased (which-path leaked)
 *   p_prod = 2 d P_bsm (1 - (1 - eta_A)(1 - eta_B))              -> |00>/|11>: X or Y error
 * </pre>
 * (dark-count terms to first order in d: a dark click standing in for one lost photon, or for the
 * empty round of the |00>/|11> branches), phase coherence c = V (1 - 2e)^2 for two-photon
 * interference visibility V and a misalignment e per detected photon. An attempt is two emission
 * periods plus the herald's round trip.
 *
 * @param visibility two-photon (Hong–Ou–Mandel) visibility V ({@code visibility})
 */
public record DoubleClick(double visibility) implements HeraldingScheme {

  public DoubleClick {
    Check.probability(visibility, "visibility");
  }

  @Override
  public HeraldedLink link(LinkHardware hw, double lengthKm) {
    LinkHardware.checkLength(lengthKm);
    double etaA = hw.photonEfficiency(hw.memoryA(), lengthKm);
    double etaB = hw.photonEfficiency(hw.memoryB(), lengthKm);
    double bsm = hw.opticalBsm().successProbability();
    double d = hw.detector().darkCountProbability();
    double e = hw.fiber().coherence();
    return new HeraldMix()
        .good(bsm * etaA * etaB, visibility * e * e)
        .dephased(2 * d * bsm * (etaA * (1 - etaB) + etaB * (1 - etaA)))
        .product(2 * d * bsm * (1 - (1 - etaA) * (1 - etaB)))
        .build(hw.period(2 * hw.source().periodNs() + hw.heraldDelayNs(lengthKm)));
  }
}
