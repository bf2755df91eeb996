package io.qbone.node.physics;

import io.qbone.node.network.ConfigException;

/**
 * Decay of one stored qubit from its energy-relaxation time T1 and coherence time T2, mapped into
 * the Bell-diagonal class by a Pauli twirl.
 *
 * <p>The physical channel after storage time t is amplitude damping with gamma = 1 - e^(-t/T1)
 * followed by pure dephasing, such that the Bloch vector's transverse part shrinks by
 * a = e^(-t/T2) and its longitudinal part by b = e^(-t/T1) (plus a shift gamma towards |0>). This
 * needs T2 <= 2 T1. Its Pauli twirl keeps the diagonal of the Pauli transfer matrix
 * (a, a, b) and drops the shift, giving the Pauli channel
 * <pre>
 *   pI = (1 + 2a + b)/4,  pX = pY = (1 - b)/4,  pZ = (1 - 2a + b)/4.
 * </pre>
 * For a single decayed qubit of Phi+ the twirl loses nothing in fidelity: the exact fidelity is
 * also (1 + e^(-t/T1) + 2 e^(-t/T2))/4. What it drops is the non-unital part: the exact state has
 * Bell-basis coherences +-gamma/4 (trace distance gamma/2 to the twirled state), and when both
 * qubits of a pair decay the exact fidelity exceeds the twirled one by gamma_A gamma_B / 4 (both
 * excitations relax to |00>, which overlaps Phi+). The twirl is therefore slightly pessimistic.
 * See docs/physics.md.
 */
public final class T1T2Memory implements MemoryNoise {
  private final double t1S;
  private final double t2S;
  private final double invT1Ns;
  private final double invT2Ns;

  /**
   * @param t1S energy relaxation time T1 in seconds (> 0; infinity: no relaxation)
   * @param t2S coherence time T2 in seconds (> 0, <= 2 T1; infinity only with T1 infinite)
   */
  public T1T2Memory(double t1S, double t2S) {
    if (!(t1S > 0)) {
      throw new ConfigException("t1_s", "'t1_s' must be > 0 seconds (infinity: no relaxation), got "
          + t1S);
    }
    if (!(t2S > 0)) {
      throw new ConfigException("t2_s", "'t2_s' must be > 0 seconds (infinity: no dephasing), got "
          + t2S);
    }
    if (t2S > 2 * t1S) {
      throw new ConfigException("t2_s", "'t2_s' must be <= 2 * t1_s = " + 2 * t1S
          + " s (a physical qubit cannot dephase slower than relaxation allows), got " + t2S);
    }
    this.t1S = t1S;
    this.t2S = t2S;
    this.invT1Ns = 1e-9 / t1S;
    this.invT2Ns = 1e-9 / t2S;
  }

  public double t1S() {
    return t1S;
  }

  public double t2S() {
    return t2S;
  }

  /** Writes the twirled Pauli noise after {@code storedNs} into {@code out} (I, X, Z, Y). */
  public void noiseWeights(long storedNs, double[] out) {
    requireTime(storedNs);
    double a = Math.exp(-storedNs * invT2Ns);
    double b = Math.exp(-storedNs * invT1Ns);
    out[0] = (1 + 2 * a + b) / 4;
    out[1] = (1 - b) / 4;
    out[2] = Math.max(0, (1 - 2 * a + b) / 4);
    out[3] = (1 - b) / 4;
  }

  /** Applies the decay of one stored qubit to the pair {@code w}, in place, allocation-free. */
  @Override
  public void decay(double[] w, long storedNs) {
    requireTime(storedNs);
    if (storedNs == 0) {
      return;
    }
    double a = Math.exp(-storedNs * invT2Ns);
    double b = Math.exp(-storedNs * invT1Ns);
    double xy = (1 - b) / 4;
    PauliWeights.convolve(w, (1 + 2 * a + b) / 4, xy, Math.max(0, (1 - 2 * a + b) / 4), xy, w);
  }

  /** The pair after one of its qubits was stored for {@code storedNs}. */
  public BellDiagonal decay(BellDiagonal pair, long storedNs) {
    double[] w = pair.toArray();
    decay(w, storedNs);
    return BellDiagonal.ofTrusted(w);
  }

  /** The twirled Pauli noise as a state (the decay of one qubit of a perfect pair). */
  public BellDiagonal noise(long storedNs) {
    double[] w = new double[4];
    noiseWeights(storedNs, w);
    return BellDiagonal.ofTrusted(w);
  }

  private static void requireTime(long storedNs) {
    if (storedNs < 0) {
      throw new IllegalArgumentException("storage time must be >= 0 ns, got " + storedNs);
    }
  }
}
