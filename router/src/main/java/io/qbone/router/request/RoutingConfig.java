package io.qbone.router.request;

import io.qbone.node.network.ConfigException;

/**
 * How requests are routed and served (scenario section {@code routing:} with a {@code protocol}).
 *
 * @param protocol a name from {@link Protocols#names()}: shipped or from a jar on the class path
 * @param schedule swap schedule of every path
 * @param cutoffS longest a link pair may wait for its swaps, seconds; 0: no cutoff
 * @param reservationTimeoutS how long a reservation may wait for memory at a node
 * @param qubitsPerNode memory of nodes whose scenario leaves {@code qubits} automatic
 * @param k paths Yen lists (k-shortest, fidelity-aware, controller)
 * @param maxPaths paths one request may be split over (k-shortest)
 * @param maxPurificationRounds most pumping rounds per link (fidelity-aware)
 * @param helloIntervalS link-state hello period
 * @param deadIntervalS link-state: a link silent this long is considered down
 * @param controllerNode node the central controller sits at (controller protocol); null: node 0
 * @param linkStateConverged link-state: every router starts with the database of the intact
 *     network, as if the initial flood had finished before t = 0 (scenario
 *     {@code link_state_start: converged}); false: routers start empty and flood at t = 0
 * @param memory how the requests at a node share its memory (scenario {@code memory})
 */
public record RoutingConfig(String protocol, SwapSchedule schedule, double cutoffS,
    double reservationTimeoutS, int qubitsPerNode, int k, int maxPaths, int maxPurificationRounds,
    double helloIntervalS, double deadIntervalS, String controllerNode,
    boolean linkStateConverged, MemoryPolicy memory) {

  public static RoutingConfig defaults(String protocol) {
    return new RoutingConfig(protocol, SwapSchedule.ASAP, 0, 0.01, 4, 4, 2, 3, 0.1, 0.35, null,
        false, MemoryPolicy.RESERVED);
  }

  public RoutingConfig {
    if (Protocols.provider(protocol) == null) {
      throw new ConfigException("protocol", "'protocol' must be one of " + Protocols.names()
          + " (shipped, or provided by a jar on the class path), got '" + protocol + "'");
    }
    positive("reservation_timeout_s", reservationTimeoutS);
    if (memory == null) {
      throw new ConfigException("memory", "'memory' must be one of reserved, shared, priority");
    }
    if (!(cutoffS >= 0 && Double.isFinite(cutoffS))) {
      throw new ConfigException("cutoff_s", "'cutoff_s' must be >= 0 seconds (0: none), got "
          + cutoffS);
    }
    if (qubitsPerNode < 1) {
      throw new ConfigException("qubits_per_node", "'qubits_per_node' must be >= 1, got "
          + qubitsPerNode);
    }
    if (k < 1) {
      throw new ConfigException("k", "'k' must be >= 1, got " + k);
    }
    if (maxPaths < 1) {
      throw new ConfigException("max_paths", "'max_paths' must be >= 1, got " + maxPaths);
    }
    if (maxPurificationRounds < 0 || maxPurificationRounds > 10) {
      throw new ConfigException("max_purification_rounds",
          "'max_purification_rounds' must be in [0, 10], got " + maxPurificationRounds);
    }
    positive("hello_interval_s", helloIntervalS);
    if (!(deadIntervalS > helloIntervalS && Double.isFinite(deadIntervalS))) {
      throw new ConfigException("dead_interval_s", "'dead_interval_s' must exceed "
          + "hello_interval_s (" + helloIntervalS + "), got " + deadIntervalS);
    }
  }

  private static void positive(String field, double v) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new ConfigException(field, "'" + field + "' must be > 0 seconds, got " + v);
    }
  }

  public RoutingConfig withProtocol(String p) {
    return new RoutingConfig(p, schedule, cutoffS, reservationTimeoutS, qubitsPerNode, k, maxPaths,
        maxPurificationRounds, helloIntervalS, deadIntervalS, controllerNode, linkStateConverged, memory);
  }

  /** The same settings with another memory policy. */
  public RoutingConfig withMemory(MemoryPolicy m) {
    return new RoutingConfig(protocol, schedule, cutoffS, reservationTimeoutS, qubitsPerNode, k,
        maxPaths, maxPurificationRounds, helloIntervalS, deadIntervalS, controllerNode,
        linkStateConverged, m);
  }

  /** The same settings with link-state routers starting from the converged database. */
  public RoutingConfig withLinkStateConverged() {
    return new RoutingConfig(protocol, schedule, cutoffS, reservationTimeoutS, qubitsPerNode, k,
        maxPaths, maxPurificationRounds, helloIntervalS, deadIntervalS, controllerNode, true, memory);
  }

  public long cutoffNs() {
    return Math.round(cutoffS * 1e9);
  }

  public long reservationTimeoutNs() {
    return Math.round(reservationTimeoutS * 1e9);
  }

  public long helloIntervalNs() {
    return Math.round(helloIntervalS * 1e9);
  }

  public long deadIntervalNs() {
    return Math.round(deadIntervalS * 1e9);
  }
}
