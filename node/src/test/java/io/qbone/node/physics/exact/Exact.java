package io.qbone.node.physics.exact;

import java.util.List;

/**
 * Reference implementations of every Bell-diagonal operation on full density matrices: states,
 * Kraus channels, swapping by projective Bell measurement, bilateral-CNOT purification, twirls.
 */
public final class Exact {
  private Exact() {}

  /** rho = sum_p w[p] |beta_p><beta_p| for Pauli weights in (I, X, Z, Y) order. */
  public static CMatrix bellDiagonal(double[] w) {
    CMatrix rho = new CMatrix(4);
    for (int p = 0; p < 4; p++) {
      double[] v = Gates.bell(p);
      rho = rho.plus(CMatrix.projector(v, new double[4]).scale(w[p]));
    }
    return rho;
  }

  /** Diagonal of a two-qubit state in the Bell basis, in (I, X, Z, Y) order. */
  public static double[] bellWeights(CMatrix rho) {
    double[] w = new double[4];
    for (int p = 0; p < 4; p++) {
      w[p] = rho.expectation(Gates.bell(p));
    }
    return w;
  }

  /** rho -> sum_k K rho K† with each Kraus operator acting on qubit q of an n-qubit register. */
  public static CMatrix channel(CMatrix rho, int qubits, int q, List<CMatrix> kraus) {
    CMatrix out = new CMatrix(rho.dim());
    for (CMatrix k : kraus) {
      out = out.plus(rho.conjugateBy(Gates.on(qubits, q, k)));
    }
    return out;
  }

  /** Pauli channel with probabilities (pX, pY, pZ) on qubit q. */
  public static CMatrix pauliChannel(CMatrix rho, int qubits, int q, double pX, double pY,
      double pZ) {
    return channel(rho, qubits, q, List.of(
        Gates.I.scale(Math.sqrt(Math.max(0, 1 - pX - pY - pZ))), Gates.X.scale(Math.sqrt(pX)),
        Gates.Y.scale(Math.sqrt(pY)), Gates.Z.scale(Math.sqrt(pZ))));
  }

  /**
   * Amplitude damping (gamma = 1 - e^(-t/T1)) then pure dephasing so that coherences decay as
   * e^(-t/T2): the exact, non-twirled memory channel.
   */
  public static CMatrix t1t2(CMatrix rho, int qubits, int q, double t, double t1, double t2) {
    // sqrt(1 - gamma) = e^(-t/(2 T1)) computed directly: 1 - gamma would round to 0 for t >> T1.
    double gamma = -Math.expm1(-t / t1);
    CMatrix k0 = CMatrix.of(2, new double[] {1, 0, 0, Math.exp(-t / (2 * t1))}, new double[4]);
    CMatrix k1 = CMatrix.of(2, new double[] {0, Math.sqrt(gamma), 0, 0}, new double[4]);
    CMatrix damped = channel(rho, qubits, q, List.of(k0, k1));
    // Remaining coherence factor the dephasing must supply: e^(-t/T2) / sqrt(1 - gamma).
    double lambda = Math.exp(-t / t2) / Math.exp(-t / (2 * t1));
    double pz = (1 - lambda) / 2;
    return pauliChannel(damped, qubits, q, 0, 0, pz);
  }

  /** Two-qubit depolarising channel of probability p on qubits (q1, q2). */
  public static CMatrix depolarize2(CMatrix rho, int qubits, int q1, int q2, double p) {
    CMatrix mixed = new CMatrix(rho.dim());
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        CMatrix u = Gates.on(qubits, q1, Gates.pauli(a)).times(Gates.on(qubits, q2, Gates.pauli(b)));
        mixed = mixed.plus(rho.conjugateBy(u));
      }
    }
    return rho.scale(1 - p).plus(mixed.scale(p / 16));
  }

  /**
   * Swap of pairs (A=0, B1=1) and (B2=2, C=3): optional gate depolarising on (B1, B2), projection
   * onto Bell outcome m, Pauli correction P_m on C. Returns {probability, corrected A–C state}.
   */
  public static Object[] swapOutcome(CMatrix rho1, CMatrix rho2, double gate, int m) {
    CMatrix rho = rho1.kron(rho2);
    if (gate > 0) {
      rho = depolarize2(rho, 4, 1, 2, gate);
    }
    double[] b = Gates.bell(m);
    CMatrix proj = CMatrix.identity(2).kron(CMatrix.projector(b, new double[4]))
        .kron(CMatrix.identity(2));
    CMatrix post = proj.times(rho).times(proj);
    double prob = post.traceRe();
    CMatrix ac = post.keep(4, 0, 3).scale(1 / prob);
    CMatrix corrected = ac.conjugateBy(Gates.on(2, 1, Gates.pauli(m)));
    return new Object[] {prob, corrected};
  }

  /**
   * Bilateral-CNOT purification of pair 1 (A1=0, B1=1, source) and pair 2 (A2=2, B2=3, target),
   * with optional local rotations first; keeps the run iff the Z outcomes on A2, B2 agree.
   * Returns {success probability, normalised kept pair}.
   */
  public static Object[] purify(CMatrix rho1, CMatrix rho2, CMatrix aliceRot, CMatrix bobRot) {
    CMatrix rho = rho1.kron(rho2);
    if (aliceRot != null) {
      CMatrix u = Gates.on(4, 0, aliceRot).times(Gates.on(4, 2, aliceRot))
          .times(Gates.on(4, 1, bobRot)).times(Gates.on(4, 3, bobRot));
      rho = rho.conjugateBy(u);
    }
    rho = rho.conjugateBy(Gates.cnot(4, 0, 2)).conjugateBy(Gates.cnot(4, 1, 3));
    CMatrix kept = new CMatrix(16);
    for (int bit = 0; bit < 2; bit++) {
      CMatrix p = Gates.projectZ(4, 2, bit).times(Gates.projectZ(4, 3, bit));
      kept = kept.plus(p.times(rho).times(p));
    }
    double prob = kept.traceRe();
    return new Object[] {prob, kept.keep(4, 0, 1).scale(1 / prob)};
  }

  /**
   * Bilateral twirl: the average of (U ⊗ U*) rho (U ⊗ U*)† over the 12 Cliffords {C^k P}. Maps any
   * two-qubit state to the Werner state of the same Phi+ fidelity.
   */
  public static CMatrix twirl(CMatrix rho) {
    CMatrix out = new CMatrix(4);
    CMatrix c = CMatrix.identity(2);
    for (int k = 0; k < 3; k++) {
      for (int p = 0; p < 4; p++) {
        CMatrix u = c.times(Gates.pauli(p));
        out = out.plus(rho.conjugateBy(u.kron(u.conjugate())));
      }
      c = c.times(Gates.cycle());
    }
    return out.scale(1.0 / 12);
  }
}
