package io.qbone.router.network;

import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.network.TopologyException;
import io.qbone.node.network.TopologyException.Part;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.StaticShortestPath;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the node processes of a run share, computed once before it starts: the topology,
 * each flow's static route, which flows use each link, and how each node's memory is divided
 * among the (link, flow) pairs it serves, each node's memory decay and swap noise, and each link's
 * fresh state (from its scheme, per link). Immutable.
 */
public final class NetworkPlan {
  /** Qubits per (link, flow) a node gets when its scenario leaves memory size automatic. */
  public static final int AUTO_QUBITS_PER_ROLE = 2;

  private final Topology topology;
  private final List<FlowConfig> flows;
  private final Route[] routes;
  private final int[][] flowsByLink;
  private final List<List<FlowRoleSpec>> rolesByNode;
  private final MemoryNoise[] memories;
  private final double[] gateDepolarizing;
  private final double[] swapSuccess;
  private final BellDiagonal[] freshStates;

  /**
   * @throws TopologyException when a flow has no path, or a node's memory is smaller than the
   *     number of (link, flow) pairs routed through it
   */
  public NetworkPlan(Topology topology, List<FlowConfig> flows, RouteMetric metric) {
    this(topology, flows, metric, false);
  }

  /**
   * @param leaveMemoryForRequests the run also serves requests: fixed flows take
   *     {@link #AUTO_QUBITS_PER_ROLE} qubits per (link, flow) (fewer if the node has fewer) and
   *     leave the rest of each node's memory to the requests' reservations; otherwise the flows
   *     share all of it
   */
  public NetworkPlan(Topology topology, List<FlowConfig> flows, RouteMetric metric,
      boolean leaveMemoryForRequests) {
    this.topology = topology;
    this.flows = List.copyOf(flows);
    this.routes = new Route[flows.size()];
    StaticShortestPath router = new StaticShortestPath(metric);
    NetworkView view = NetworkView.allUp(topology);
    for (int f = 0; f < flows.size(); f++) {
      FlowConfig fc = flows.get(f);
      int src = topology.indexOf(fc.from());
      int dst = topology.indexOf(fc.to());
      if (src < 0 || dst < 0) {
        throw new TopologyException(Part.FLOW, f, src < 0 ? "from" : "to",
            "unknown node '" + (src < 0 ? fc.from() : fc.to()) + "'");
      }
      Route r = router.route(view, src, dst);
      routes[f] = r == null ? null : r.withFlow(f);
      if (routes[f] == null) {
        throw new TopologyException(Part.FLOW, f, "to",
            "no path from '" + fc.from() + "' to '" + fc.to() + "'");
      }
    }
    this.flowsByLink = linkFlows();
    this.rolesByNode = allocateMemory(leaveMemoryForRequests);
    this.memories = new MemoryNoise[topology.nodeCount()];
    this.gateDepolarizing = new double[topology.nodeCount()];
    this.swapSuccess = new double[topology.nodeCount()];
    for (int v = 0; v < memories.length; v++) {
      memories[v] = topology.node(v).memoryNoise();
      gateDepolarizing[v] = topology.node(v).gateDepolarizing();
      swapSuccess[v] = topology.node(v).swapSuccessProbability();
    }
    this.freshStates = new BellDiagonal[topology.links().size()];
    for (int l = 0; l < freshStates.length; l++) {
      freshStates[l] = topology.link(l).freshState();
    }
  }

  private int[][] linkFlows() {
    List<List<Integer>> byLink = new ArrayList<>();
    for (int l = 0; l < topology.links().size(); l++) {
      byLink.add(new ArrayList<>());
    }
    for (Route r : routes) {
      for (int l : r.links()) {
        byLink.get(l).add(r.flow()); // flows are visited in index order: lists stay sorted
      }
    }
    return byLink.stream().map(x -> x.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  private List<List<FlowRoleSpec>> allocateMemory(boolean leaveMemoryForRequests) {
    int n = topology.nodeCount();
    List<List<int[]>> raw = new ArrayList<>(n);
    for (int v = 0; v < n; v++) {
      raw.add(new ArrayList<>(0));
    }
    for (Route r : routes) {
      for (int i = 0; i < r.nodes().length; i++) {
        raw.get(r.nodes()[i]).add(new int[] {r.flow(), i});
      }
    }
    List<List<FlowRoleSpec>> result = new ArrayList<>(n);
    for (int v = 0; v < n; v++) {
      List<int[]> mine = raw.get(v);
      int sides = 0;
      for (int[] fp : mine) {
        sides += sidesOf(fp[0], fp[1]);
      }
      NodeConfig cfg = topology.node(v);
      int auto = AUTO_QUBITS_PER_ROLE * sides;
      int qubits = cfg.qubits() == NodeConfig.AUTO_QUBITS ? auto
          : leaveMemoryForRequests ? Math.min(auto, cfg.qubits()) : cfg.qubits();
      if (qubits < sides) {
        throw new TopologyException(Part.NODE, v, "qubits", "node '" + cfg.name() + "' has "
            + qubits + " memory qubits but serves " + sides
            + " (link, flow) pairs and needs one qubit for each (omit 'qubits' for automatic)");
      }
      // Qubits split evenly over (flow, side) in flow order; the first ones get the remainder.
      List<FlowRoleSpec> roles = new ArrayList<>(mine.size());
      int base = sides == 0 ? 0 : qubits / sides;
      int extra = sides == 0 ? 0 : qubits % sides;
      for (int[] fp : mine) {
        Route r = routes[fp[0]];
        int left = 0;
        int right = 0;
        if (fp[1] > 0) {
          left = base + (extra-- > 0 ? 1 : 0);
        }
        if (fp[1] < r.hops()) {
          right = base + (extra-- > 0 ? 1 : 0);
        }
        roles.add(new FlowRoleSpec(fp[0], fp[1], left, right));
      }
      result.add(List.copyOf(roles));
    }
    return result;
  }

  /** Qubits node v gives the fixed flows through it, for the whole run. */
  public int flowMemory(int node) {
    int sum = 0;
    for (FlowRoleSpec r : rolesByNode.get(node)) {
      sum += r.leftSlots() + r.rightSlots();
    }
    return sum;
  }

  private int sidesOf(int flow, int position) {
    return (position > 0 ? 1 : 0) + (position < routes[flow].hops() ? 1 : 0);
  }

  public Topology topology() {
    return topology;
  }

  public List<FlowConfig> flows() {
    return flows;
  }

  public Route route(int flow) {
    return routes[flow];
  }

  public int flowCount() {
    return routes.length;
  }

  /** Flows routed over link l, ascending. */
  public int[] flowsOnLink(int link) {
    return flowsByLink[link];
  }

  /** The roles of node v, in flow order. */
  public List<FlowRoleSpec> roles(int node) {
    return rolesByNode.get(node);
  }

  /** How a qubit stored at node v decays. */
  public MemoryNoise memory(int node) {
    return memories[node];
  }

  /** Two-qubit depolarising probability of a swap at node v. */
  public double gateDepolarizing(int node) {
    return gateDepolarizing[node];
  }

  /** Probability that a swap's Bell-state measurement at node v succeeds. */
  public double swapSuccess(int node) {
    return swapSuccess[node];
  }

  public BellDiagonal freshState(int link) {
    return freshStates[link];
  }

  /** Virtual time at which flow f's source issues its request, ns. */
  public long flowStartNs(int flow) {
    return Math.round(flows.get(flow).startS() * 1e9);
  }
}
