package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/**
 * A saturating entanglement flow: from {@code startS} on, the source asks for end-to-end pairs
 * with the destination continuously, as fast as the path delivers them.
 *
 * @param name unique name used in results
 * @param from source node name
 * @param to destination node name
 * @param startS virtual time in seconds at which the source issues the request
 */
public record FlowConfig(String name, String from, String to, double startS) {
  public FlowConfig {
    if (name == null || name.isBlank()) {
      throw new ConfigException("name", "'name' must be a non-empty string, got " + name);
    }
    if (from == null || from.isBlank()) {
      throw new ConfigException("from", "'from' must be a node name, got " + from);
    }
    if (to == null || to.isBlank()) {
      throw new ConfigException("to", "'to' must be a node name, got " + to);
    }
    if (from.equals(to)) {
      throw new ConfigException("to", "'to' must differ from 'from', got " + to);
    }
    if (!(startS >= 0 && Double.isFinite(startS))) {
      throw new ConfigException("start_s", "'start_s' must be >= 0 seconds, got " + startS);
    }
  }
}
