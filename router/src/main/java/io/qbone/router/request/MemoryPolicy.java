package io.qbone.router.request;

/**
 * How the requests at a node share its memory (scenario {@code routing.memory},
 * docs/routing.md "Memory policies"). Fixed flows always keep the qubits the plan gives them.
 */
public enum MemoryPolicy {
  /**
   * A path reserves its qubits at every node before it runs and holds them until it ends
   * (first come first served, with the reservation timeout).
   */
  RESERVED,
  /**
   * No reservation: every path runs at once and a node hands its free qubits to the circuits
   * through it one link pair at a time, to the circuit that has waited longest.
   */
  SHARED,
  /** As {@link #SHARED}, but circuits of higher-priority requests are served first. */
  PRIORITY;

  /** The scenario's spelling. */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
