package io.qbone.node.hardware;

import io.qbone.node.network.ConfigException;

/** Range checks that name the scenario field (snake_case) when a parameter is unphysical. */
final class Check {
  private Check() {}

  static void require(boolean ok, String field, String expected, Object got) {
    if (!ok) {
      throw new ConfigException(field, "'" + field + "' must be " + expected + ", got " + got);
    }
  }

  static void probability(double v, String field) {
    require(v >= 0 && v <= 1, field, "a probability in [0, 1]", v);
  }

  /** Efficiencies of zero would make a link that never succeeds: almost always a mistake. */
  static void efficiency(double v, String field) {
    require(v > 0 && v <= 1, field, "an efficiency in (0, 1]", v);
  }

  static void nonNegativeTime(double v, String field, String unit) {
    require(v >= 0 && !Double.isNaN(v), field, ">= 0 " + unit, v);
  }

  static void positiveFinite(double v, String field, String unit) {
    require(v > 0 && Double.isFinite(v), field, "> 0 " + unit + " and finite", v);
  }

  static <T> T present(T v, String field) {
    require(v != null, field, "present", null);
    return v;
  }
}
