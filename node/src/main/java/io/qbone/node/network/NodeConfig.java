package io.qbone.node.network;

import static io.qbone.node.network.ConfigException.require;

import io.qbone.node.hardware.MemoryParams;
import io.qbone.node.physics.DepolarizingMemory;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.node.physics.T1T2Memory;

/**
 * One network element as the scenario describes it.
 *
 * <p>Its memory decays by one of two models: depolarising with time constant {@code
 * coherenceTimeS} (the v1 model), or T1/T2 decay ({@link T1T2Memory}) when {@code t1S} or {@code
 * t2S} is finite. Setting both models is rejected.
 *
 * @param name unique name
 * @param kind {@code end} or {@code repeater} (informational: every node can swap)
 * @param qubits memory qubits, or {@link #AUTO_QUBITS} for two per (link, flow) it serves
 * @param coherenceTimeS depolarising memory time constant T in seconds; infinity for no decay
 * @param latitude degrees, or NaN when the node has no location
 * @param longitude degrees, or NaN when the node has no location
 * @param t1S energy relaxation time in seconds; infinity: none
 * @param t2S coherence time in seconds, at most 2 T1; infinity only with T1 infinite
 * @param gateDepolarizing two-qubit depolarising probability of the swap's gates and readout
 * @param emissionEfficiency probability that an emission puts a photon into the fiber in the
 *     useful mode (used by heralded links ending here)
 * @param swapSuccessProbability probability that a swap's Bell-state measurement succeeds (1 for
 *     gate-based measurements, 1/2 for linear optics); a failed swap loses both pairs
 */
public record NodeConfig(
    String name, String kind, int qubits, double coherenceTimeS, double latitude, double longitude,
    double t1S, double t2S, double gateDepolarizing, double emissionEfficiency,
    double swapSuccessProbability) {

  public static final int AUTO_QUBITS = 0;

  public NodeConfig {
    require(name != null && !name.isBlank(), "name", "a non-empty string", name);
    require("end".equals(kind) || "repeater".equals(kind), "kind", "'end' or 'repeater'", kind);
    require(qubits >= 0, "qubits", "a non-negative integer (0 or absent: automatic)", qubits);
    require(coherenceTimeS > 0, "coherence_time_s", "> 0 seconds (omit it for no decay)", coherenceTimeS);
    require(Double.isNaN(latitude) || (latitude >= -90 && latitude <= 90),
        "latitude", "between -90 and 90 degrees", latitude);
    require(Double.isNaN(longitude) || (longitude >= -180 && longitude <= 180),
        "longitude", "between -180 and 180 degrees", longitude);
    new T1T2Memory(t1S, t2S); // validates t1_s, t2_s and T2 <= 2 T1
    require(!(Double.isFinite(coherenceTimeS) && (Double.isFinite(t1S) || Double.isFinite(t2S))),
        "coherence_time_s", "omitted when t1_s or t2_s is set (one memory model per node: "
            + "depolarising or T1/T2)", coherenceTimeS);
    require(gateDepolarizing >= 0 && gateDepolarizing <= 1, "gate_depolarizing",
        "a probability in [0, 1]", gateDepolarizing);
    require(emissionEfficiency > 0 && emissionEfficiency <= 1, "emission_efficiency",
        "an efficiency in (0, 1]", emissionEfficiency);
    require(swapSuccessProbability > 0 && swapSuccessProbability <= 1, "swap_bsm",
        "a success probability in (0, 1]", swapSuccessProbability);
  }

  /** A node with the v1 depolarising memory, ideal swaps and lossless emission. */
  public NodeConfig(String name, String kind, int qubits, double coherenceTimeS, double latitude,
      double longitude) {
    this(name, kind, qubits, coherenceTimeS, latitude, longitude,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, 1);
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }

  /** True when the memory decays by T1/T2 rather than by the depolarising model. */
  public boolean usesT1T2() {
    return Double.isFinite(t1S) || Double.isFinite(t2S);
  }

  /** The decay model of one qubit stored here. */
  public MemoryNoise memoryNoise() {
    return usesT1T2() ? new T1T2Memory(t1S, t2S) : new DepolarizingMemory(coherenceTimeS);
  }

  /**
   * This node's memory as the links ending here see it (only the emission efficiency enters the
   * heralding schemes; the decay is applied by the engine from {@link #memoryNoise}).
   */
  public MemoryParams memoryParams() {
    return new MemoryParams(emissionEfficiency, t1S, t2S, Math.max(1, qubits),
        Double.POSITIVE_INFINITY);
  }
}
