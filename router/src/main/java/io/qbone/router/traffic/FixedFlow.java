package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/** A request from {@code from} to {@code to} every {@code intervalS}, from {@code startS} on. */
public record FixedFlow(String from, String to, double intervalS, double startS) {
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
  }
}
