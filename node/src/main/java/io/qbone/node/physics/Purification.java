package io.qbone.node.physics;

/**
 * Recurrence purification of two Bell-diagonal pairs: bilateral CNOT from the kept pair (source)
 * onto the sacrificed pair (target), both target qubits measured in Z, kept iff the outcomes agree.
 *
 * <p>In Pauli-error terms the CNOTs copy the source's X error onto the target and the target's Z
 * error onto the source. The parities agree iff both X errors are equal, so with
 * a = source, b = target:
 * <pre>
 *   p    = (aI + aZ)(bI + bZ) + (aX + aY)(bX + bY)
 *   w'_I = (aI bI + aZ bZ)/p     w'_Z = (aI bZ + aZ bI)/p
 *   w'_X = (aX bX + aY bY)/p     w'_Y = (aX bY + aY bX)/p
 * </pre>
 * BBPSSW (Bennett et al., PRL 76, 722 (1996)) twirls both inputs to Werner form first and the
 * output after. DEJMPS (Deutsch et al., PRL 77, 2818 (1996)) instead rotates Alice's qubits by
 * Rx(pi/2) and Bob's by Rx(-pi/2), which exchanges the Z and Y errors (Phi- and Psi-), giving its
 * published map A' = (A² + B²)/N, B' = 2CD/N, C' = (C² + D²)/N, D' = 2AB/N,
 * N = (A + B)² + (C + D)² with (A, B, C, D) = (Phi+, Psi-, Psi+, Phi-).
 */
public enum Purification {
  BBPSSW {
    @Override
    public double apply(double[] a, double[] b, double[] out) {
      double ea = (1 - a[0]) / 3;
      double eb = (1 - b[0]) / 3;
      double p = bilateralCnot(a[0], ea, ea, ea, b[0], eb, eb, eb, out);
      PauliWeights.twirlToWerner(out);
      return p;
    }
  },
  DEJMPS {
    @Override
    public double apply(double[] a, double[] b, double[] out) {
      // Rotation swaps the Z and Y entries of both inputs.
      return bilateralCnot(a[0], a[1], a[3], a[2], b[0], b[1], b[3], b[2], out);
    }
  };

  /**
   * One purification round, allocation-free. Writes the output state (conditioned on success) to
   * {@code out}, which may alias an input, and returns the success probability. If success is
   * impossible (p = 0) the output is the maximally mixed state.
   */
  public abstract double apply(double[] a, double[] b, double[] out);

  /** One round on immutable states. */
  public PurificationResult apply(BellDiagonal a, BellDiagonal b) {
    double[] w = a.toArray();
    double p = apply(w, b.toArray(), w);
    return new PurificationResult(BellDiagonal.ofTrusted(w), p);
  }

  /** The bare bilateral-CNOT recurrence on weights in (I, X, Z, Y) order; returns p. */
  static double bilateralCnot(double aI, double aX, double aZ, double aY,
      double bI, double bX, double bZ, double bY, double[] out) {
    double p = (aI + aZ) * (bI + bZ) + (aX + aY) * (bX + bY);
    if (!(p > 0)) {
      out[0] = out[1] = out[2] = out[3] = 0.25;
      return 0;
    }
    double inv = 1 / p;
    out[0] = (aI * bI + aZ * bZ) * inv;
    out[1] = (aX * bX + aY * bY) * inv;
    out[2] = (aI * bZ + aZ * bI) * inv;
    out[3] = (aX * bY + aY * bX) * inv;
    return p;
  }
}
