package io.qbone.node.hardware;

import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.T1T2Memory;

/**
 * Deterministic delivery (Humphreys et al., Nature 558, 268 (2018)): attempt for a fixed clock
 * cycle of K attempts, store the first heralded pair until the cycle ends, and hand out whatever
 * is there — a stored pair, or a maximally mixed one if every attempt failed. Eq. (1) of the
 * paper, F_det = p_succ F_succ + (1 - p_succ) F_unent, is exactly the delivered state's fidelity.
 *
 * <p>With generation rate r_ent = p / period and the pair's Werner parameter decaying as
 * e^(-r_dec t), the best cycle gives (Eq. (2), derived in docs/physics.md)
 * F_det^max = [1 + 3 lambda0 eta^(1/(1 - eta))]/4 with link efficiency eta = r_ent / r_dec and
 * lambda0 = (4 F_fresh - 1)/3 (the paper's Eq. (2) is the case F_fresh = 1).
 */
public final class DeterministicDelivery {
  /**
   * @param attempts cycle length K in attempts
   * @param state the delivered state
   */
  public record Cycle(int attempts, BellDiagonal state) {}

  private DeterministicDelivery() {}

  /** The Humphreys et al. Eq. (2) bound for a perfect fresh state. */
  public static double maxFidelity(double linkEfficiency) {
    return maxFidelity(linkEfficiency, 1);
  }

  /** F_det^max for a fresh Werner-equivalent fidelity {@code freshFidelity}. */
  public static double maxFidelity(double linkEfficiency, double freshFidelity) {
    double eta = linkEfficiency;
    double decayAtOptimum = eta == 1 ? Math.exp(-1) : Math.pow(eta, 1 / (1 - eta));
    return (1 + (4 * freshFidelity - 1) * decayAtOptimum) / 4;
  }

  /**
   * Best cycle length in [1, maxAttempts] and its delivered state, for a link whose pairs sit in
   * memories {@code a} and {@code b} (one qubit each) from herald to the end of the cycle.
   * O(maxAttempts): the stored mixture obeys S(K) = decay(S(K - 1)) + p (1 - p)^(K-1) fresh.
   */
  public static Cycle optimal(LinkPhysics link, T1T2Memory a, T1T2Memory b, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    double p = link.successProbability();
    long period = link.attemptPeriodNs();
    double[] fresh = new double[4];
    link.freshState().copyTo(fresh);
    double[] stored = new double[4]; // unnormalised: weights sum to 1 - (1 - p)^K
    double failAll = 1;
    int bestK = 1;
    double bestF = -1;
    double[] best = new double[4];
    for (int k = 1; k <= maxAttempts; k++) {
      a.decay(stored, period);
      b.decay(stored, period);
      double pk = p * failAll; // first success at attempt k
      for (int i = 0; i < 4; i++) {
        stored[i] += pk * fresh[i];
      }
      failAll *= 1 - p;
      double f = stored[0] + failAll / 4;
      if (f > bestF) {
        bestF = f;
        bestK = k;
        for (int i = 0; i < 4; i++) {
          best[i] = stored[i] + failAll / 4;
        }
      }
    }
    // The pair heralded in the last attempt still waits for its herald: no extra decay modelled.
    return new Cycle(bestK, BellDiagonal.ofPauliWeights(best[0], best[1], best[2], best[3]));
  }
}
