package io.qbone.router.routing;

/** What a static shortest path minimises. */
public enum RouteMetric {
  /** Sum of fiber delays. */
  LATENCY,
  /** Number of links. */
  HOPS;

  /** Parses the scenario spelling ({@code latency}, {@code hops}); null if unknown. */
  public static RouteMetric parse(String s) {
    return switch (s) {
      case "latency" -> LATENCY;
      case "hops" -> HOPS;
      default -> null;
    };
  }
}
