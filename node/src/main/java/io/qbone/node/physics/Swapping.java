package io.qbone.node.physics;

/**
 * Entanglement swapping of two Bell-diagonal pairs A–B1 and B2–C by a Bell-state measurement on
 * (B1, B2) followed by the Pauli correction on C.
 *
 * <p>Ideal swap: the A–C error is the product of the two input errors, so the weights are the
 * Klein-group convolution (every BSM outcome has probability 1/4 and gives the same corrected
 * state). Imperfect gates/measurement are modelled as a two-qubit depolarising channel of
 * probability {@code gateDepolarizing} on (B1, B2) before an ideal BSM: with that probability the
 * outcome is uncorrelated with the pairs, and A–C is left maximally mixed. Hence
 * w_out = (1 - p) (w1 * w2) + p/4.
 */
public final class Swapping {
  private Swapping() {}

  /** Allocation-free swap; {@code out} may alias {@code a} or {@code b}. */
  public static void swap(double[] a, double[] b, double gateDepolarizing, double[] out) {
    PauliWeights.checkProbability(gateDepolarizing, "gate depolarising probability");
    PauliWeights.convolve(a, b, out);
    if (gateDepolarizing > 0) {
      PauliWeights.mixWithIdentity(out, gateDepolarizing);
    }
  }

  /** Swap of two immutable states. */
  public static BellDiagonal swap(BellDiagonal a, BellDiagonal b, double gateDepolarizing) {
    double[] w = a.toArray();
    double[] v = b.toArray();
    swap(w, v, gateDepolarizing, w);
    return BellDiagonal.ofTrusted(w);
  }

  /** Werner-state special case: F' = F1 F2 + (1 - F1)(1 - F2)/3 (ideal gates). */
  public static double wernerFidelity(double f1, double f2) {
    return f1 * f2 + (1 - f1) * (1 - f2) / 3;
  }
}
