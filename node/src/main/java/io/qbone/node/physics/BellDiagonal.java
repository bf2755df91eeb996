package io.qbone.node.physics;

import io.qbone.node.network.ConfigException;
import io.qbone.protocol.v1.BellDiagonalOrBuilder;

/**
 * A Bell-diagonal two-qubit state, held as the distribution of the Pauli error on one qubit of
 * Phi+: weight(I) = P(Phi+), weight(X) = P(Psi+), weight(Z) = P(Phi-), weight(Y) = P(Psi-).
 *
 * <p>Pauli indices are {@code x | z << 1} (I=0, X=1, Z=2, Y=3), so the product of two Paulis up to
 * phase is the XOR of their indices. Every Pauli channel, and entanglement swapping of
 * Bell-diagonal pairs, is then a convolution over this Klein group, which is commutative and
 * associative: noise from anywhere along a path can be combined in any order.
 *
 * <p>The arithmetic lives in {@link PauliWeights} (allocation-free, on caller-owned arrays); this
 * class is the immutable value carried in messages. Use {@link #copyTo} and {@link #of(double[])}
 * to move between the two.
 */
public final class BellDiagonal {
  public static final int I = 0;
  public static final int X = 1;
  public static final int Z = 2;
  public static final int Y = 3;

  public static final BellDiagonal PERFECT = new BellDiagonal(1, 0, 0, 0);

  private final double wI;
  private final double wX;
  private final double wZ;
  private final double wY;

  private BellDiagonal(double wI, double wX, double wZ, double wY) {
    this.wI = wI;
    this.wX = wX;
    this.wZ = wZ;
    this.wY = wY;
  }

  /** Weights by Pauli index; must be non-negative and sum to 1 (within 1e-9). */
  public static BellDiagonal ofPauliWeights(double wI, double wX, double wZ, double wY) {
    double sum = wI + wX + wZ + wY;
    if (wI < 0 || wX < 0 || wZ < 0 || wY < 0 || Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "Bell-diagonal weights must be non-negative and sum to 1, got "
              + wI + ", " + wX + ", " + wZ + ", " + wY);
    }
    return new BellDiagonal(wI, wX, wZ, wY);
  }

  /** Copies weights indexed by Pauli (I, X, Z, Y); rejects arrays that are not a distribution. */
  public static BellDiagonal of(double[] w) {
    if (w.length != 4) {
      throw new IllegalArgumentException("Bell-diagonal weights need 4 entries, got " + w.length);
    }
    return ofPauliWeights(w[0], w[1], w[2], w[3]);
  }

  /**
   * A Bell-diagonal link state as a scenario supplies it, in Bell-state names. Rejects weights that
   * are not a distribution, and a fidelity (phi_plus) below 1/4, which no useful link produces:
   * such a state is worse than the maximally mixed one, almost always a typo.
   *
   * @param field scenario field the state came from, named in the error
   */
  public static BellDiagonal fromScenario(
      String field, double phiPlus, double psiPlus, double psiMinus, double phiMinus) {
    if (!PauliWeights.isDistribution(phiPlus, psiPlus, phiMinus, psiMinus)
        || phiPlus < 0 || psiPlus < 0 || phiMinus < 0 || psiMinus < 0) {
      throw new ConfigException(field, "'" + field + "' must be four non-negative weights "
          + "(phi_plus, psi_plus, psi_minus, phi_minus) summing to 1, got " + phiPlus + ", "
          + psiPlus + ", " + psiMinus + ", " + phiMinus);
    }
    requireScenarioFidelity(field, phiPlus);
    return new BellDiagonal(phiPlus, psiPlus, phiMinus, psiMinus);
  }

  /** A Werner link state from a scenario's fidelity; rejects f outside [0.25, 1]. */
  public static BellDiagonal wernerFromScenario(String field, double f) {
    if (!(f <= 1)) {
      throw new ConfigException(field, "'" + field + "' must be a fidelity <= 1, got " + f);
    }
    requireScenarioFidelity(field, f);
    return werner(f);
  }

  private static void requireScenarioFidelity(String field, double f) {
    if (!(f >= 0.25)) {
      throw new ConfigException(field, "'" + field + "' must have fidelity (phi_plus) >= 0.25, "
          + "the maximally mixed state; got " + f);
    }
  }

  /** Werner state of fidelity f: weight f on Phi+, the rest spread evenly. */
  public static BellDiagonal werner(double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("Werner fidelity must be in [0, 1], got " + f);
    }
    double e = (1 - f) / 3;
    return new BellDiagonal(f, e, e, e);
  }

  /**
   * Single-qubit depolarising noise as a Pauli distribution: the qubit survives with probability
   * {@code survival} and is replaced by the maximally mixed state otherwise.
   */
  public static BellDiagonal depolarizing(double survival) {
    double e = (1 - survival) / 4;
    return new BellDiagonal(survival + e, e, e, e);
  }

  /**
   * Klein-group convolution: the state after both Pauli error distributions act. This is the
   * state of the pair obtained by swapping two Bell-diagonal pairs (after the Pauli correction),
   * and the action of a Pauli channel on a Bell-diagonal pair.
   */
  public BellDiagonal convolve(BellDiagonal o) {
    double[] w = toArray();
    PauliWeights.convolve(w, o.wI, o.wX, o.wZ, o.wY, w);
    return ofTrusted(w);
  }

  /** Pauli channel on one qubit: X, Y, Z with probabilities pX, pY, pZ. */
  public BellDiagonal pauliChannel(double pX, double pY, double pZ) {
    double[] w = toArray();
    PauliWeights.pauliChannel(w, pX, pY, pZ);
    return ofTrusted(w);
  }

  /** Phase flip with probability p on one qubit. */
  public BellDiagonal dephased(double p) {
    return pauliChannel(0, 0, p);
  }

  /** Bit flip with probability p on one qubit. */
  public BellDiagonal bitFlipped(double p) {
    return pauliChannel(p, 0, 0);
  }

  /** One qubit replaced by the maximally mixed state with probability p. */
  public BellDiagonal depolarized(double p) {
    double[] w = toArray();
    PauliWeights.depolarize(w, p);
    return ofTrusted(w);
  }

  /** The Werner state of the same fidelity (BBPSSW's bilateral random rotation). */
  public BellDiagonal twirledToWerner() {
    return werner(wI);
  }

  /** Writes the weights by Pauli index (I, X, Z, Y) into {@code out[0..3]}. */
  public void copyTo(double[] out) {
    out[0] = wI;
    out[1] = wX;
    out[2] = wZ;
    out[3] = wY;
  }

  double[] toArray() {
    return new double[] {wI, wX, wZ, wY};
  }

  /** Wraps weights produced by our own operations (valid by construction, up to rounding). */
  static BellDiagonal ofTrusted(double[] w) {
    return new BellDiagonal(w[0], w[1], w[2], w[3]);
  }

  /** Fidelity to Phi+. */
  public double fidelity() {
    return wI;
  }

  public double weight(int pauli) {
    return switch (pauli) {
      case I -> wI;
      case X -> wX;
      case Z -> wZ;
      case Y -> wY;
      default -> throw new IllegalArgumentException("Pauli index must be 0..3, got " + pauli);
    };
  }

  public io.qbone.protocol.v1.BellDiagonal toProto() {
    return io.qbone.protocol.v1.BellDiagonal.newBuilder()
        .setPhiPlus(wI).setPsiPlus(wX).setPhiMinus(wZ).setPsiMinus(wY).build();
  }

  /** Reads a state from the wire, rejecting weights that are not a distribution. */
  public static BellDiagonal fromProto(BellDiagonalOrBuilder p) {
    return ofPauliWeights(p.getPhiPlus(), p.getPsiPlus(), p.getPhiMinus(), p.getPsiMinus());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BellDiagonal b
        && Double.compare(wI, b.wI) == 0 && Double.compare(wX, b.wX) == 0
        && Double.compare(wZ, b.wZ) == 0 && Double.compare(wY, b.wY) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(wI) * 31 + Double.hashCode(wX) * 17 + Double.hashCode(wZ) * 7
        + Double.hashCode(wY);
  }

  @Override
  public String toString() {
    return "BellDiagonal[Phi+=" + wI + ", Psi+=" + wX + ", Psi-=" + wY + ", Phi-=" + wZ + "]";
  }
}
