package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/**
 * A request from {@code from} to {@code to} every {@code intervalS}, from {@code startS} on;
 * {@code priority} orders its circuits for shared memory under the priority policy (random
 * requests have 0).
 */
public record FixedFlow(String from, String to, double intervalS, double startS, int priority) {
  /** The largest priority: priorities order circuits, they are not weights. */
  public static final int MAX_PRIORITY = 1000;

  public FixedFlow(String from, String to, double intervalS, double startS) {
    this(from, to, intervalS, startS, 0);
  }

  public FixedFlow {
    if (from == null || from.isBlank()) {
      throw new ConfigException("from", "'from' must be a node name, got " + from);
    }
    if (to == null || to.isBlank() || to.equals(from)) {
      throw new ConfigException("to", "'to' must be a node name other than 'from', got " + to);
    }
    if (!(intervalS > 0 && Double.isFinite(intervalS))) {
      throw new ConfigException("interval_s", "'interval_s' must be > 0 seconds, got " + intervalS);
    }
    if (!(startS >= 0 && Double.isFinite(startS))) {
      throw new ConfigException("start_s", "'start_s' must be >= 0 seconds, got " + startS);
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new ConfigException("priority", "'priority' must be an integer in [0, "
          + MAX_PRIORITY + "], got " + priority);
    }
  }
}
