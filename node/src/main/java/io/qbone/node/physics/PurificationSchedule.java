package io.qbone.node.physics;

/**
 * Multi-round purification schedules built from {@link Purification} rounds, with all
 * successes required (what happens after a failure — regenerate, retry — is the engine's policy).
 */
public final class PurificationSchedule {
  /**
   * @param state the final pair, conditioned on every round succeeding
   * @param successProbability probability that every round of the schedule succeeds
   * @param rawPairs elementary pairs consumed by one run of the schedule
   */
  public record Result(BellDiagonal state, double successProbability, long rawPairs) {}

  private PurificationSchedule() {}

  /**
   * Symmetric recurrence (nested, Bennett/Deutsch style): round k purifies two outputs of round
   * k - 1, so n rounds consume 2^n pairs and succeed with P_k = p_k P_(k-1)^2.
   */
  public static Result symmetric(BellDiagonal fresh, Purification protocol, int rounds) {
    requireRounds(rounds, 62);
    double[] w = fresh.toArray();
    double total = 1;
    for (int k = 0; k < rounds; k++) {
      double p = protocol.apply(w, w, w);
      total = p * total * total;
    }
    return new Result(BellDiagonal.ofTrusted(w), total, 1L << rounds);
  }

  /**
   * Entanglement pumping (Dür, Briegel, Cirac, Zoller, PRA 59, 169 (1999)): the kept pair is
   * purified with a fresh elementary pair in every step, so n steps consume n + 1 pairs and
   * succeed with the product of the step probabilities.
   */
  public static Result pumping(BellDiagonal fresh, Purification protocol, int steps) {
    requireRounds(steps, Integer.MAX_VALUE);
    double[] w = fresh.toArray();
    double[] f = fresh.toArray();
    double total = 1;
    for (int k = 0; k < steps; k++) {
      total *= protocol.apply(w, f, w);
    }
    return new Result(BellDiagonal.ofTrusted(w), total, steps + 1L);
  }

  private static void requireRounds(int n, int max) {
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("rounds must be in [0, " + max + "], got " + n);
    }
  }
}
