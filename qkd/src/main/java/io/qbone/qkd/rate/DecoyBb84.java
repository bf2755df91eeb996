package io.qbone.qkd.rate;

/**
 * Asymptotic decoy-state BB84 key rate, GLLP (Gottesman, Lo, Lütkenhaus and Preskill, Quantum
 * Inf. Comput. 4, 325 (2004)) with the decoy method of Lo, Ma and Chen, PRL 94, 230504 (2005):
 *
 * <pre>R = q { -Q_mu f h(E_mu) + Q_1 [1 - h(e_1)] }</pre>
 *
 * per signal pulse: error correction leaks f h(E_mu) on every sifted click, privacy amplification
 * keeps only the single-photon clicks, whose phase error e_1 bounds Eve's information.
 */
public final class DecoyBb84 {
  /** Bisection stops when the bracket on the maximum distance is this narrow (km). */
  static final double DISTANCE_RESOLUTION_KM = 1e-9;
  /** Beyond this the link is treated as unbounded (only reachable with ~0 dB/km loss). */
  static final double DISTANCE_CEILING_KM = 1e6;

  private DecoyBb84() {}

  public static KeyRate keyRate(DecoyBb84Params p, DecoyMethod method) {
    WeakCoherentChannel ch = WeakCoherentChannel.of(p);
    DecoyEstimate est = switch (method) {
      case INFINITE -> DecoyEstimate.infiniteDecoys(ch);
      case VACUUM_PLUS_WEAK -> DecoyEstimate.vacuumPlusWeak(ch, p.mu(), p.nu());
    };
    double qMu = ch.gain(p.mu());
    double eMu = ch.qber(p.mu());
    double q1 = est.singlePhotonYield() * p.mu() * Math.exp(-p.mu());
    // A bound past 1/2 (or a useless yield bound) certifies no secrecy at all.
    double e1 = Math.min(Math.max(est.singlePhotonError(), 0), 0.5);
    double privacy = q1 > 0 ? q1 * (1 - BinaryEntropy.h(e1)) : 0;
    double raw = p.sifting()
        * (-qMu * p.errorCorrectionEfficiency() * BinaryEntropy.h(eMu) + privacy);
    return new KeyRate(Math.max(raw, 0), eMu, qMu, q1, e1);
  }

  /**
   * Fibre length (km) at which the key rate reaches 0, by bisection on the length (the rate falls
   * monotonically with loss). 0 if even a zero-length link yields no key; +infinity if the rate
   * stays positive up to {@value #DISTANCE_CEILING_KM} km (lossless fibre).
   */
  public static double maxDistanceKm(DecoyBb84Params p, DecoyMethod method) {
    if (rate(p, 0, method) == 0) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (rate(p, hi, method) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > DISTANCE_CEILING_KM) {
        return Double.POSITIVE_INFINITY;
      }
    }
    while (hi - lo > DISTANCE_RESOLUTION_KM) {
      double mid = 0.5 * (lo + hi);
      if (rate(p, mid, method) > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double rate(DecoyBb84Params p, double km, DecoyMethod method) {
    return keyRate(p.withLengthKm(km), method).bitsPerPulse();
  }
}
