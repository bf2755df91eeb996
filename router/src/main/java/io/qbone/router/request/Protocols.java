package io.qbone.router.request;

import io.qbone.router.routing.FidelityAwareRouting;
import io.qbone.router.routing.KShortestMultipath;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.routing.RoutingProtocol;
import io.qbone.router.routing.StaticShortestPath;
import java.util.List;

/** The protocols a scenario can name, and where each computes its paths. */
public final class Protocols {
  /** Scenario names, in the order {@code qbone compare-routing} lists them by default. */
  public static final List<String> NAMES = List.of("shortest-hops", "shortest-latency",
      "fidelity-aware", "k-shortest", "link-state", "controller");

  /** Where paths are computed and from what knowledge. */
  public enum Mode {
    /** At the source, from the static topology and the failures it has been told of. */
    SOURCE,
    /** At the source, from its link-state database (hellos and adverts). */
    LINK_STATE,
    /** At the central controller, with the whole network's reservations in view. */
    CONTROLLER
  }

  private Protocols() {}

  public static Mode mode(String name) {
    return switch (name) {
      case "link-state" -> Mode.LINK_STATE;
      case "controller" -> Mode.CONTROLLER;
      default -> Mode.SOURCE;
    };
  }

  /** The path computation of a protocol (the controller's is load-aware, see CentralController). */
  public static RoutingProtocol create(RoutingConfig c) {
    return switch (c.protocol()) {
      case "shortest-hops" -> new StaticShortestPath(RouteMetric.HOPS);
      case "shortest-latency", "link-state" -> new StaticShortestPath(RouteMetric.LATENCY);
      case "fidelity-aware" -> new FidelityAwareRouting(c.k(), c.maxPurificationRounds());
      case "k-shortest" -> new KShortestMultipath(c.k(), c.maxPaths());
      case "controller" -> new KShortestMultipath(c.k(), 1);
      default -> throw new IllegalArgumentException("unknown protocol " + c.protocol());
    };
  }

  /** Fidelity-aware routing also discards delivered pairs below the request's minimum. */
  public static boolean discardsBelowMinimum(String name) {
    return "fidelity-aware".equals(name);
  }
}
