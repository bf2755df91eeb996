package io.qbone.router.traffic;

import io.qbone.node.network.ConfigException;

/** From {@code startS} to {@code endS} the random arrival rate is multiplied by {@code factor}. */
public record Burst(double startS, double endS, double factor) {
  public Burst {
    if (!(startS >= 0 && Double.isFinite(startS))) {
      throw new ConfigException("start_s", "'start_s' must be >= 0 seconds, got " + startS);
    }
    if (!(endS > startS && Double.isFinite(endS))) {
      throw new ConfigException("end_s", "'end_s' must be after start_s (" + startS + "), got "
          + endS);
    }
    if (!(factor >= 0 && Double.isFinite(factor))) {
      throw new ConfigException("factor", "'factor' must be >= 0, got " + factor);
    }
  }
}
