package io.qbone.deploy.scenario;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.ScheduledFault;
import io.qbone.qkd.node.QkdConfig;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import io.qbone.router.traffic.TrafficConfig;
import java.util.List;

/**
 * A validated scenario: the network, its traffic and the run parameters.
 *
 * @param file where it was read from (for messages and results)
 * @param name scenario name
 * @param seed run seed (the CLI's --seed overrides it)
 * @param durationS virtual run length in seconds
 * @param routing metric of the static shortest-path router
 * @param locations source lines of every entry, for errors found after loading
 * @param qkd the {@code qkd:} section, or null when the scenario has none
 * @param faults the {@code faults:} schedule (target LP, virtual time, fault), in file order
 * @param requestRouting protocol and settings of request-driven routing; null without traffic
 * @param traffic the request workload ({@code traffic:}); null for a run of saturating flows
 */
public record Scenario(
    String file,
    String name,
    long seed,
    double durationS,
    RouteMetric routing,
    List<NodeConfig> nodes,
    List<LinkConfig> links,
    List<FlowConfig> flows,
    SourceLocations locations,
    QkdConfig qkd,
    List<ScheduledFault> faults,
    RoutingConfig requestRouting,
    TrafficConfig traffic) {

  /** A scenario without request traffic. */
  public Scenario(String file, String name, long seed, double durationS, RouteMetric routing,
      List<NodeConfig> nodes, List<LinkConfig> links, List<FlowConfig> flows,
      SourceLocations locations, QkdConfig qkd, List<ScheduledFault> faults) {
    this(file, name, seed, durationS, routing, nodes, links, flows, locations, qkd, faults, null,
        null);
  }

  /** A scenario without QKD and faults. */
  public Scenario(String file, String name, long seed, double durationS, RouteMetric routing,
      List<NodeConfig> nodes, List<LinkConfig> links, List<FlowConfig> flows,
      SourceLocations locations) {
    this(file, name, seed, durationS, routing, nodes, links, flows, locations, null, List.of());
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(file, name, newSeed, durationS, routing, nodes, links, flows, locations,
        qkd, faults, requestRouting, traffic);
  }

  /** Whether requests arrive by the traffic model (rather than saturating flows). */
  public boolean requestDriven() {
    return traffic != null;
  }

  /** The same scenario routed by another protocol (request-driven scenarios only). */
  public Scenario withProtocol(String protocol) {
    return new Scenario(file, name, seed, durationS, routing, nodes, links, flows, locations,
        qkd, faults, requestRouting.withProtocol(protocol), traffic);
  }
}
