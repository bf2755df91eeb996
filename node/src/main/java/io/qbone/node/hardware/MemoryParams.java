package io.qbone.node.hardware;

import io.qbone.node.physics.T1T2Memory;

/**
 * A node's quantum memory as seen by the links it serves.
 *
 * @param emissionEfficiency probability that an emission (or retrieval) puts a photon into the
 *     fiber in the useful mode: zero-phonon fraction x collection, or retrieval efficiency
 *     ({@code emission_efficiency})
 * @param t1S energy relaxation time in s ({@code t1_s}); infinity: none
 * @param t2S coherence time in s ({@code t2_s}), at most 2 T1; infinity only with T1 infinite
 * @param capacity memory qubits ({@code capacity}), at least 1
 * @param cutoffS longest time a pair may wait before it is discarded, in s ({@code cutoff_s});
 *     infinity: no cutoff
 */
public record MemoryParams(double emissionEfficiency, double t1S, double t2S, int capacity,
    double cutoffS) {
  /** An idealisation (lossless, never decays), not a platform: presets carry real numbers. */
  public static final MemoryParams IDEAL = new MemoryParams(
      1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY);

  public MemoryParams {
    Check.efficiency(emissionEfficiency, "emission_efficiency");
    new T1T2Memory(t1S, t2S); // validates t1_s, t2_s and T2 <= 2 T1
    Check.require(capacity >= 1, "capacity", ">= 1 qubit", capacity);
    Check.require(cutoffS > 0, "cutoff_s", "> 0 s (infinity: no cutoff)", cutoffS);
  }

  /** The decay model of one qubit stored in this memory. */
  public T1T2Memory decay() {
    return new T1T2Memory(t1S, t2S);
  }

  /** The cutoff in ns, or Long.MAX_VALUE for none. */
  public long cutoffNs() {
    double ns = cutoffS * 1e9;
    return ns >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(ns);
  }
}
