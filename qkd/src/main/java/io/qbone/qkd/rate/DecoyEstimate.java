package io.qbone.qkd.rate;

/**
 * What the decoy method tells Alice and Bob about single-photon pulses: a lower bound on their
 * yield Y_1 and an upper bound on their error rate e_1. Privacy amplification may only trust these.
 *
 * @param singlePhotonYield Y_1 (or its lower bound); may be <= 0 when the bound is useless
 * @param singlePhotonError e_1 (or its upper bound)
 */
public record DecoyEstimate(double singlePhotonYield, double singlePhotonError) {

  /**
   * Infinitely many decoy intensities pin Y_1 and e_1 to their true values (Lo, Ma and Chen,
   * PRL 94, 230504 (2005)): the asymptotic best any decoy protocol can do.
   */
  public static DecoyEstimate infiniteDecoys(WeakCoherentChannel ch) {
    return new DecoyEstimate(ch.singlePhotonYield(), ch.singlePhotonError());
  }

  /**
   * Vacuum + one weak decoy nu < mu, Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005), Eqs. (34), (37).
   * The vacuum decoy measures Y_0 directly (its gain is Y_0); the weak decoy bounds the
   * multi-photon contribution by (nu/mu)^2 of the signal's, which holds for any 0 < nu < mu.
   */
  public static DecoyEstimate vacuumPlusWeak(WeakCoherentChannel ch, double mu, double nu) {
    if (!(nu > 0 && nu < mu)) {
      throw new IllegalArgumentException("weak decoy needs 0 < nu < mu, got nu=" + nu
          + ", mu=" + mu);
    }
    double y0 = ch.gain(0); // what the vacuum decoy measures
    double qMu = ch.gain(mu);
    double qNu = ch.gain(nu);
    double y1Lower = mu / (mu * nu - nu * nu)
        * (qNu * Math.exp(nu)
            - qMu * Math.exp(mu) * nu * nu / (mu * mu)
            - (mu * mu - nu * nu) / (mu * mu) * y0);
    if (!(y1Lower > 0)) {
      return new DecoyEstimate(y1Lower, 0.5);
    }
    double e1Upper = (ch.errorGain(nu) * Math.exp(nu) - WeakCoherentChannel.E0 * y0)
        / (y1Lower * nu);
    return new DecoyEstimate(y1Lower, e1Upper);
  }
}
