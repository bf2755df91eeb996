package io.qbone.qkd.rate;

/**
 * What Bob observes when Alice sends phase-randomised weak coherent pulses through a lossy channel
 * with dark counts and misalignment: the model of Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005),
 * Eqs. (5)-(11). These are the quantities an experiment measures (gains and QBERs per intensity);
 * the decoy bounds in {@link DecoyEstimate} see only these, never eta itself.
 *
 * <p>As in the paper, terms of order Y_0 * eta are dropped (Y_i = Y_0 + eta_i rather than
 * 1 - (1 - Y_0)(1 - eta_i)); with Y_0 ~ 1e-6 the difference is far below any other uncertainty.
 */
public final class WeakCoherentChannel {
  /** Error rate of a background (dark) count: random, so 1/2. */
  public static final double E0 = 0.5;

  private final double eta;
  private final double y0;
  private final double ed;

  /**
   * @param eta overall transmittance eta_channel * eta_Bob, in [0, 1]
   * @param y0 dark count probability per pulse
   * @param ed misalignment error probability
   */
  public WeakCoherentChannel(double eta, double y0, double ed) {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("transmittance must be in [0, 1], got " + eta);
    }
    if (!(y0 >= 0 && y0 < 1) || !(ed >= 0 && ed <= 0.5)) {
      throw new IllegalArgumentException(
          "need dark count probability in [0, 1) and misalignment in [0, 0.5], got "
              + y0 + ", " + ed);
    }
    this.eta = eta;
    this.y0 = y0;
    this.ed = ed;
  }

  public static WeakCoherentChannel of(DecoyBb84Params p) {
    return new WeakCoherentChannel(
        p.totalTransmittance(), p.darkCountProbability(), p.misalignment());
  }

  public double transmittance() {
    return eta;
  }

  public double darkCountProbability() {
    return y0;
  }

  /** Q_k = Y_0 + 1 - e^(-eta k): probability a pulse of mean photon number k clicks (Eq. 10). */
  public double gain(double k) {
    return y0 + detectionProbability(k);
  }

  /** E_k Q_k = e_0 Y_0 + e_d (1 - e^(-eta k)) (Eq. 11). */
  public double errorGain(double k) {
    return E0 * y0 + ed * detectionProbability(k);
  }

  /** E_k, the QBER of pulses of mean photon number k. */
  public double qber(double k) {
    double q = gain(k);
    return q == 0 ? 0 : errorGain(k) / q;
  }

  /** True single-photon yield Y_1 = Y_0 + eta (Eq. 6 with i = 1). */
  public double singlePhotonYield() {
    return y0 + eta;
  }

  /** True single-photon error rate e_1 = (e_0 Y_0 + e_d eta) / Y_1 (Eq. 8). */
  public double singlePhotonError() {
    double y1 = singlePhotonYield();
    return y1 == 0 ? 0 : (E0 * y0 + ed * eta) / y1;
  }

  // 1 - e^(-eta k) via expm1: exact to double precision even at eta k ~ 1e-8 (long links).
  private double detectionProbability(double k) {
    return -Math.expm1(-eta * k);
  }
}
