package io.qbone.node.hardware;

/**
 * A Bell-state measurement: optical (at a heralding station) or gate-based (a swap in a node).
 *
 * @param kind linear optics (success 1/2: only two of the four Bell states are distinguishable
 *     without ancillas, Calsamiglia and Lütkenhaus, Appl. Phys. B 72, 67 (2001)), or deterministic
 * @param gateDepolarizing two-qubit depolarising probability of the gates and readout before an
 *     ideal measurement ({@code gate_depolarizing}); used for swaps
 */
public record BsmParams(Kind kind, double gateDepolarizing) {
  public enum Kind {
    LINEAR_OPTICS(0.5),
    DETERMINISTIC(1.0);

    private final double successProbability;

    Kind(double successProbability) {
      this.successProbability = successProbability;
    }
  }

  public static final BsmParams LINEAR_OPTICS = new BsmParams(Kind.LINEAR_OPTICS, 0);
  public static final BsmParams DETERMINISTIC = new BsmParams(Kind.DETERMINISTIC, 0);

  public BsmParams {
    Check.present(kind, "bsm");
    Check.probability(gateDepolarizing, "gate_depolarizing");
  }

  public double successProbability() {
    return kind.successProbability;
  }
}
