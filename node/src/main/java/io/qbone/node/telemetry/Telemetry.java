package io.qbone.node.telemetry;

/**
 * Where models report what happens, for live observation (metrics, dashboards). Write-only from
 * the model's point of view: nothing a sink does may influence the emulation, so results stay
 * deterministic. Calls come from the LP dispatcher threads concurrently, so implementations must
 * be thread-safe. Indices are the topology's node, link and flow indices; sinks map them to
 * names. Models report each index from one LP, its owner (a node from itself, a link from the
 * end that generates its pairs, a flow from its source; a request's reports are its source
 * node's), so a sink may keep per-index state with one writer at a time; {@link #keyPoolLevel}
 * and {@link #alarm} carry no such guarantee. Every method defaults to doing nothing so a sink
 * implements only what it shows.
 */
public interface Telemetry {
  /** Reports nothing: the default for batch runs and tests. */
  Telemetry NONE = new Telemetry() {};

  /**
   * An end-to-end pair of {@code flow} reached both ends; {@code latencyNs} from the emission of
   * its oldest link pair.
   */
  default void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {}

  /** A link produced a heralded pair. */
  default void linkPairGenerated(int link, long atNs, double fidelity) {}

  /** A node's memory occupancy changed. */
  default void memoryOccupancy(int node, long atNs, int inUse, int capacity) {}

  /** A Bell-state measurement at {@code node}. */
  default void swap(int node, long atNs, boolean success) {}

  /** A purification round at {@code node}. */
  default void purification(int node, long atNs, boolean success) {}

  /**
   * A request whose source is {@code node} was admitted: every path of it holds its reservation
   * (or, with shared memory, was opened).
   */
  default void requestAdmitted(int node, long atNs) {}

  /**
   * A request whose source is {@code node} ended; {@code reason} says why when it did not
   * complete (empty when it did).
   */
  default void requestFinished(int node, long atNs, RequestResult result, String reason) {}

  /**
   * A pair of a request whose source is {@code node} reached both ends and counts for it;
   * {@code latencyNs} as for {@link #pairDelivered}.
   */
  default void requestPairDelivered(int node, long atNs, double fidelity, long latencyNs) {}

  /** A QKD link distilled {@code bits} of secret key at this QBER. */
  default void keyGenerated(int link, long atNs, long bits, double qber) {}

  /** The key pool shared by {@code nodeA} and {@code nodeB} now holds {@code bits}. */
  default void keyPoolLevel(int nodeA, int nodeB, long atNs, long bits) {}

  /**
   * Something an operator must see: {@code kind} is a short machine word (e.g. "link-cut",
   * "eavesdropper"), {@code subject} the node or link name or index it concerns.
   */
  default void alarm(long atNs, String kind, String subject, String message) {}

  /** Combines sinks: every call goes to each, in order. */
  static Telemetry fanOut(Telemetry... sinks) {
    return new FanOut(sinks.clone());
  }
}
