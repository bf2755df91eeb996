package io.qbone.node.physics;

/**
 * A quantum memory whose stored qubit depolarises with time constant T: after storage time t the
 * qubit survives with probability exp(-t/T).
 */
public final class DepolarizingMemory implements MemoryNoise {
  private final double coherenceTimeNs;

  /** @param coherenceTimeS T in seconds; infinity for a memory that never decays */
  public DepolarizingMemory(double coherenceTimeS) {
    if (!(coherenceTimeS > 0)) {
      throw new IllegalArgumentException("coherence time must be > 0 s, got " + coherenceTimeS);
    }
    this.coherenceTimeNs = coherenceTimeS * 1e9;
  }

  public boolean decays() {
    return Double.isFinite(coherenceTimeNs);
  }

  /** The Pauli noise one stored qubit picks up over {@code storedNs} nanoseconds. */
  public BellDiagonal noise(long storedNs) {
    if (storedNs < 0) {
      throw new IllegalArgumentException("storage time must be >= 0 ns, got " + storedNs);
    }
    if (!decays() || storedNs == 0) {
      return BellDiagonal.PERFECT;
    }
    return BellDiagonal.depolarizing(Math.exp(-storedNs / coherenceTimeNs));
  }

  /** Applies the decay of one stored qubit to the pair {@code w}, in place, allocation-free. */
  @Override
  public void decay(double[] w, long storedNs) {
    if (storedNs < 0) {
      throw new IllegalArgumentException("storage time must be >= 0 ns, got " + storedNs);
    }
    if (decays() && storedNs > 0) {
      PauliWeights.mixWithIdentity(w, 1 - Math.exp(-storedNs / coherenceTimeNs));
    }
  }

  /** Applies the decay of one stored qubit to a pair. */
  public BellDiagonal decay(BellDiagonal pair, long storedNs) {
    return decays() && storedNs > 0 ? pair.convolve(noise(storedNs)) : pair;
  }
}
