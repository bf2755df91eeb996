package io.qbone.router.request;

/** How much of a node's request memory is handed out, whatever the memory policy. */
public interface MemoryUse {
  int capacity();

  /** Qubits held by requests now (reserved, or handed to circuits). */
  int inUse();

  /** Most qubits held at once so far. */
  int peak();

  /** Qubit-ns held up to {@code nowNs}, for utilisation. */
  double inUseQubitNs(long nowNs);
}
