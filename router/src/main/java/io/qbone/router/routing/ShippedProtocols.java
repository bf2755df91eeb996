package io.qbone.router.routing;

import io.qbone.router.request.Protocols;
import io.qbone.router.request.RoutingConfig;
import java.util.List;

/**
 * The routing protocols qbone ships, each as a {@link RoutingProtocolProvider} registered in the
 * router jar's {@code META-INF/services} like any user's protocol (docs/routing.md).
 */
public final class ShippedProtocols {
  /** Their names, in the order the registry and {@code qbone compare-routing} list them. */
  public static final List<String> NAMES = List.of("shortest-hops", "shortest-latency",
      "fidelity-aware", "k-shortest", "link-state", "controller");

  private ShippedProtocols() {}

  /** Static shortest path by hop count. */
  public static final class ShortestHops implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "shortest-hops";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new StaticShortestPath(RouteMetric.HOPS);
    }
  }

  /** Static shortest path by fibre latency. */
  public static final class ShortestLatency implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "shortest-latency";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new StaticShortestPath(RouteMetric.LATENCY);
    }
  }

  /** Best delivered fidelity among Yen's k paths, with pumping; discards pairs below minimum. */
  public static final class FidelityAware implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "fidelity-aware";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new FidelityAwareRouting(config.k(), config.maxPurificationRounds());
    }

    @Override
    public boolean discardsBelowMinimum() {
      return true;
    }
  }

  /** A request's pairs split over up to {@code max_paths} of Yen's k paths. */
  public static final class KShortest implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "k-shortest";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new KShortestMultipath(config.k(), config.maxPaths());
    }
  }

  /** Shortest latency over each source's link-state database (hellos and adverts). */
  public static final class LinkState implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "link-state";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new StaticShortestPath(RouteMetric.LATENCY);
    }

    @Override
    public Protocols.Mode mode() {
      return Protocols.Mode.LINK_STATE;
    }
  }

  /** A central controller routing with the whole network's reservations in view. */
  public static final class Controller implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "controller";
    }

    /** The path computation; the controller's load-aware choice is in CentralController. */
    @Override
    public RoutingProtocol create(RoutingConfig config) {
      return new KShortestMultipath(config.k(), 1);
    }

    @Override
    public Protocols.Mode mode() {
      return Protocols.Mode.CONTROLLER;
    }
  }
}
