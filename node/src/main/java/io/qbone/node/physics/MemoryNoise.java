package io.qbone.node.physics;

/**
 * How one stored qubit decays, as a Pauli channel on the pair it belongs to. Implementations:
 * {@link DepolarizingMemory} (one time constant) and {@link T1T2Memory} (twirled T1/T2 decay).
 */
public interface MemoryNoise {
  /**
   * Applies the decay of one qubit stored for {@code storedNs} to the pair {@code w} (Pauli
   * weights I, X, Z, Y), in place and allocation-free.
   */
  void decay(double[] w, long storedNs);
}
