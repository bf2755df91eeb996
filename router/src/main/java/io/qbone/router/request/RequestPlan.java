package io.qbone.router.request;

import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.router.network.NetworkPlan;
import io.qbone.protocol.v1.Fault;
import io.qbone.router.routing.Dijkstra;
import io.qbone.router.routing.LinkWeights;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.RoutingProtocol;
import io.qbone.router.traffic.ArrivalSource;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.TrafficConfig;
import java.util.List;

/**
 * Everything the request-driven node processes of a run share, fixed before it starts: the
 * topology, the routing protocol and its settings, the traffic, each node's memory size and, with
 * a central controller, where it sits. Immutable.
 */
public final class RequestPlan {
  /** A fault a node process applies to itself at a virtual time (until engine-level injection). */
  public record TimedFault(long atNs, int node, Fault fault) {}

  private final Topology topology;
  private final RoutingConfig routing;
  private final TrafficConfig traffic;
  private final RoutingProtocol protocol;
  private final Protocols.Mode mode;
  private final PathPolicy policy;
  private final int[] endpoints;
  private final int[] memoryCapacity;
  private final int[][] flowEnds;
  private final long durationNs;
  private final int controllerNode;
  private final long[] controllerDelayNs;
  private final List<TimedFault> faults;
  private final LinkStateDatabase.Start linkStateStart;

  public RequestPlan(Topology topology, RoutingConfig routing, TrafficConfig traffic,
      double durationS, List<TimedFault> faults) {
    this(topology, routing, Protocols.create(routing), traffic, durationS, faults, null);
  }

  /**
   * The requests of a network that also runs fixed flows: the flows hold their qubits for the
   * whole run, and requests reserve from what is left of each node's memory.
   */
  public static RequestPlan besideFlows(NetworkPlan flows, RoutingConfig routing,
      TrafficConfig traffic, double durationS) {
    int[] held = new int[flows.topology().nodeCount()];
    for (int v = 0; v < held.length; v++) {
      held[v] = flows.flowMemory(v);
    }
    return new RequestPlan(flows.topology(), routing, Protocols.create(routing), traffic,
        durationS, List.of(), held);
  }

  /**
   * A plan whose sources route with {@code protocol}, a protocol of your own (docs/routing.md);
   * {@code routing} supplies the other settings (schedule, cutoff, memory, timeouts).
   */
  public RequestPlan(Topology topology, RoutingConfig routing, RoutingProtocol protocol,
      TrafficConfig traffic, double durationS, List<TimedFault> faults) {
    this(topology, routing, protocol, traffic, durationS, faults, null);
  }

  /** @param heldByFlows qubits per node that fixed flows hold for the whole run, or null */
  private RequestPlan(Topology topology, RoutingConfig routing, RoutingProtocol protocol,
      TrafficConfig traffic, double durationS, List<TimedFault> faults, int[] heldByFlows) {
    this.topology = topology;
    this.routing = routing;
    this.traffic = traffic;
    this.protocol = protocol;
    this.mode = Protocols.mode(routing.protocol());
    this.policy = new PathPolicy(routing.schedule(), routing.cutoffNs(),
        Protocols.discardsBelowMinimum(routing.protocol()));
    this.endpoints = ArrivalSource.endpoints(topology);
    this.memoryCapacity = new int[topology.nodeCount()];
    for (int v = 0; v < memoryCapacity.length; v++) {
      int q = topology.node(v).qubits();
      // Fixed flows take theirs first (with automatic memory they may take all of it).
      memoryCapacity[v] = Math.max(0, (q == NodeConfig.AUTO_QUBITS ? routing.qubitsPerNode() : q)
          - (heldByFlows == null ? 0 : heldByFlows[v]));
    }
    this.flowEnds = new int[traffic.flows().size()][];
    for (int f = 0; f < flowEnds.length; f++) {
      FixedFlow flow = traffic.flows().get(f);
      int from = topology.indexOf(flow.from());
      int to = topology.indexOf(flow.to());
      if (from < 0 || to < 0) {
        throw new IllegalArgumentException("traffic flow " + f + " names an unknown node");
      }
      flowEnds[f] = new int[] {from, to};
    }
    this.durationNs = Math.round(durationS * 1e9);
    int c = routing.controllerNode() == null ? 0 : topology.indexOf(routing.controllerNode());
    if (c < 0) {
      throw new IllegalArgumentException("unknown controller node " + routing.controllerNode());
    }
    this.controllerNode = c;
    this.controllerDelayNs = new long[topology.nodeCount()];
    if (mode == Protocols.Mode.CONTROLLER) {
      // Control messages take the lowest-latency path; never less than the lookahead.
      Dijkstra.Tree tree = Dijkstra.tree(NetworkView.allUp(topology), LinkWeights.LATENCY, c);
      long lookahead = topology.minLinkDelayNs();
      for (int v = 0; v < controllerDelayNs.length; v++) {
        double d = tree.distance()[v];
        controllerDelayNs[v] = d == Double.POSITIVE_INFINITY ? -1 : Math.max(lookahead, (long) d);
      }
    }
    this.faults = List.copyOf(faults);
    this.linkStateStart = mode != Protocols.Mode.LINK_STATE ? null
        : routing.linkStateConverged() ? LinkStateDatabase.Start.converged(topology)
        : LinkStateDatabase.Start.empty(topology);
  }

  /** What every link-state database starts from (null for other protocols). */
  LinkStateDatabase.Start linkStateStart() {
    return linkStateStart;
  }

  public Topology topology() {
    return topology;
  }

  public RoutingConfig routing() {
    return routing;
  }

  public TrafficConfig traffic() {
    return traffic;
  }

  public RoutingProtocol protocol() {
    return protocol;
  }

  public Protocols.Mode mode() {
    return mode;
  }

  public PathPolicy policy() {
    return policy;
  }

  public int[] endpoints() {
    return endpoints;
  }

  public int memoryCapacity(int node) {
    return memoryCapacity[node];
  }

  /** {from, to} node indices of fixed flow f. */
  public int[] flowEnds(int flow) {
    return flowEnds[flow];
  }

  public long durationNs() {
    return durationNs;
  }

  /** LPs of the run: one per node, plus the controller's. */
  public int lpCount() {
    return topology.nodeCount() + (mode == Protocols.Mode.CONTROLLER ? 1 : 0);
  }

  /** The controller's LP index. */
  public int controllerLp() {
    return topology.nodeCount();
  }

  public int controllerNode() {
    return controllerNode;
  }

  /** Delay of a control message between node v and the controller; -1 when cut off. */
  public long controllerDelayNs(int node) {
    return controllerDelayNs[node];
  }

  public List<TimedFault> faults() {
    return faults;
  }
}
