package io.qbone.router.routing;

import io.qbone.router.request.Protocols;
import io.qbone.router.request.RoutingConfig;

/**
 * Makes a {@link RoutingProtocol} selectable by name in scenarios ({@code routing: {protocol:
 * NAME}}) and in {@code qbone compare-routing}. Providers are found with {@link
 * java.util.ServiceLoader}: a jar on the class path lists its provider classes, one per line, in
 * {@code META-INF/services/io.qbone.router.routing.RoutingProtocolProvider} (docs/routing.md,
 * "Worked example"). A provider needs a public no-argument constructor; {@link Protocols} is the
 * registry that looks the names up.
 */
public interface RoutingProtocolProvider {
  /**
   * The scenario name: letters, digits, '.', '_' and '-', starting with a letter or digit, unique
   * among every provider on the class path.
   */
  String name();

  /** The protocol for a run with settings {@code config} (whose protocol is {@link #name()}). */
  RoutingProtocol create(RoutingConfig config);

  /**
   * Where its paths are computed: at the source from the static topology (default), at the
   * source from its link-state database, or at the central controller.
   */
  default Protocols.Mode mode() {
    return Protocols.Mode.SOURCE;
  }

  /** Whether delivered pairs below the request's minimum fidelity are discarded at the ends. */
  default boolean discardsBelowMinimum() {
    return false;
  }
}
