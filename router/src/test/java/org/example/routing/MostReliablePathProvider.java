package org.example.routing;

import io.qbone.router.request.RoutingConfig;
import io.qbone.router.routing.RoutingProtocol;
import io.qbone.router.routing.RoutingProtocolProvider;

/**
 * Makes {@link MostReliablePath} selectable as {@code protocol: most-reliable}: listed in the
 * jar's {@code META-INF/services/io.qbone.router.routing.RoutingProtocolProvider}.
 */
public final class MostReliablePathProvider implements RoutingProtocolProvider {
  @Override
  public String name() {
    return "most-reliable";
  }

  @Override
  public RoutingProtocol create(RoutingConfig config) {
    return new MostReliablePath();
  }
}
