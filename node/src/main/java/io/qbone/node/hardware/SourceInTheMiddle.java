package io.qbone.node.hardware;

/**
 * Source in the middle ("MidpointSource", Jones et al., NJP 18, 083015 (2016)): an SPDC source
 * halfway sends one photon of each pair to each end; there a Bell-state measurement between it and
 * a photon emitted by the memory transfers the entanglement to the memory. Per end i:
 * <pre>
 *   h_i = P_bsm eta_em,i T(L/2) eta_d^2      heralded transfer of one arriving photon
 *   f_i = P_bsm eta_em,i eta_d 2 d           a dark count standing in for the missing photon
 *   g_i(n) = 1 - (1 - h_i)^n (1 - f_i)       end i heralds given n pairs
 * </pre>
 * With thermal pair statistics P(n) = (1 - x) x^n, x = mu/(1 + mu):
 * p = sum_n P(n) g_A(n) g_B(n); only n = 1 with both ends heralding a real photon gives the target,
 * with weight P(1) h_A h_B and phase coherence c = V (1 - 2e)^2 (two BSMs); every other herald
 * (multi-pair emission, dark counts) is taken as maximally mixed, which is pessimistic. The
 * source sets the pace: a node learns its own BSM result locally, so the attempt period is the
 * pump period, independent of the fiber length.
 *
 * @param visibility interference visibility V of each local BSM ({@code visibility})
 */
public record SourceInTheMiddle(double visibility) implements HeraldingScheme {

  public SourceInTheMiddle {
    Check.probability(visibility, "visibility");
  }

  @Override
  public HeraldedLink link(LinkHardware hw, double lengthKm) {
    LinkHardware.checkLength(lengthKm);
    double bsm = hw.opticalBsm().successProbability();
    double etaD = hw.detector().efficiency();
    double t = hw.fiber().transmissivity(lengthKm / 2);
    double d = hw.detector().darkCountProbability();
    double hA = bsm * hw.memoryA().emissionEfficiency() * t * etaD * etaD;
    double hB = bsm * hw.memoryB().emissionEfficiency() * t * etaD * etaD;
    double fA = bsm * hw.memoryA().emissionEfficiency() * etaD * 2 * d;
    double fB = bsm * hw.memoryB().emissionEfficiency() * etaD * 2 * d;
    double x = hw.source().thermalRatio();
    double total = 0;
    double pn = 1 - x; // P(0)
    // Terms fall as x^n; stop when they cannot change the sum (x < 1 always).
    int n = 0;
    for (; n < 100_000 && pn > 1e-18 * Math.max(total, 1e-300); n++) {
      total += pn * herald(hA, fA, n) * herald(hB, fB, n);
      pn *= x;
    }
    if (n == 100_000) {
      // Only for absurd pump powers (mu ~ 1e4): the tail sum_(n >= N) P(n) = x^N with g ~ 1.
      total += pn / (1 - x);
    }
    double good = (1 - x) * x * hA * hB;
    double e = hw.fiber().coherence();
    return new HeraldMix()
        .good(good, visibility * e * e)
        .mixed(Math.max(0, total - good))
        .build(hw.period(hw.source().periodNs()));
  }

  /** g(n) = 1 - (1 - h)^n (1 - f), computed without cancellation for tiny h and f. */
  private static double herald(double h, double f, int n) {
    if (n == 0) {
      return f;
    }
    double logMiss = n * Math.log1p(-h) + Math.log1p(-f);
    return -Math.expm1(logMiss);
  }
}
