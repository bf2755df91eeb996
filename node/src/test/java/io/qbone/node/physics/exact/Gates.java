package io.qbone.node.physics.exact;

/** Standard single- and two-qubit operators, embedded into n-qubit registers. */
public final class Gates {
  private static final double S = Math.sqrt(0.5);

  private Gates() {}

  public static final CMatrix I = CMatrix.identity(2);
  public static final CMatrix X = CMatrix.of(2, new double[] {0, 1, 1, 0}, new double[4]);
  public static final CMatrix Z = CMatrix.of(2, new double[] {1, 0, 0, -1}, new double[4]);
  public static final CMatrix Y = CMatrix.of(2, new double[4], new double[] {0, -1, 1, 0});

  /** Pauli by the Bell-diagonal index convention x | z << 1 (I, X, Z, Y). */
  public static CMatrix pauli(int index) {
    return switch (index) {
      case 0 -> I;
      case 1 -> X;
      case 2 -> Z;
      case 3 -> Y;
      default -> throw new IllegalArgumentException("Pauli index " + index);
    };
  }

  /** exp(-i theta X / 2). */
  public static CMatrix rx(double theta) {
    double c = Math.cos(theta / 2);
    double s = Math.sin(theta / 2);
    return CMatrix.of(2, new double[] {c, 0, 0, c}, new double[] {0, -s, -s, 0});
  }

  /** The Clifford exp(-i pi/3 (X+Y+Z)/sqrt3), which cycles X -> Y -> Z -> X by conjugation. */
  public static CMatrix cycle() {
    return CMatrix.of(2,
        new double[] {0.5, -0.5, 0.5, 0.5},
        new double[] {-0.5, -0.5, -0.5, 0.5});
  }

  /** Single-qubit operator {@code u} on qubit {@code q} of an n-qubit register. */
  public static CMatrix on(int qubits, int q, CMatrix u) {
    CMatrix m = CMatrix.identity(1);
    for (int i = 0; i < qubits; i++) {
      m = m.kron(i == q ? u : I);
    }
    return m;
  }

  /** CNOT with the given control and target qubits of an n-qubit register (a permutation). */
  public static CMatrix cnot(int qubits, int control, int target) {
    int d = 1 << qubits;
    CMatrix m = new CMatrix(d);
    for (int i = 0; i < d; i++) {
      int c = (i >> (qubits - 1 - control)) & 1;
      int j = c == 1 ? i ^ (1 << (qubits - 1 - target)) : i;
      m.re[j * d + i] = 1;
    }
    return m;
  }

  /** Projector onto computational value {@code bit} of qubit q. */
  public static CMatrix projectZ(int qubits, int q, int bit) {
    double[] p = bit == 0 ? new double[] {1, 0, 0, 0} : new double[] {0, 0, 0, 1};
    return on(qubits, q, CMatrix.of(2, p, new double[4]));
  }

  /** |Phi+> = (|00> + |11>)/sqrt2 as a real vector. */
  public static double[] phiPlus() {
    return new double[] {S, 0, 0, S};
  }

  /**
   * (I ⊗ P)|Phi+> for the Pauli index, as a real vector up to global phase (Y|.> is made real by
   * dropping its factor i): the Bell basis in the Bell-diagonal convention.
   */
  public static double[] bell(int pauli) {
    return switch (pauli) {
      case 0 -> new double[] {S, 0, 0, S}; // Phi+
      case 1 -> new double[] {0, S, S, 0}; // Psi+
      case 2 -> new double[] {S, 0, 0, -S}; // Phi-
      case 3 -> new double[] {0, S, -S, 0}; // Psi- (up to phase)
      default -> throw new IllegalArgumentException("Pauli index " + pauli);
    };
  }
}
