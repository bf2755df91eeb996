package io.qbone.node.network;

import static io.qbone.node.network.ConfigException.require;

/**
 * One network element as the scenario describes it.
 *
 * @param name unique name
 * @param kind {@code end} or {@code repeater} (informational: every node can swap)
 * @param qubits memory qubits, or {@link #AUTO_QUBITS} for two per (link, flow) it serves
 * @param coherenceTimeS depolarising memory time constant T in seconds; infinity for no decay
 * @param latitude degrees, or NaN when the node has no location
 * @param longitude degrees, or NaN when the node has no location
 */
public record NodeConfig(
    String name, String kind, int qubits, double coherenceTimeS, double latitude, double longitude) {

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
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }
}
