package io.qbone.router.stack;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.delivery.FlowStats;
import io.qbone.router.network.FlowRoleSpec;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.PairListener;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.RequestRouter;
import io.qbone.router.request.SwapSchedule;
import java.util.List;

/**
 * The protocol stack of one network element, the model of every node LP: the link layer and the
 * network layer ({@link CircuitLayer}) beneath the applications the scenario gives it — fixed
 * flows (circuits opened at their start that never end) and request-driven traffic with its
 * routing protocol ({@link RequestRouter}, whose paths are circuits too). What a node does comes
 * from its links and the traffic, not from a choice of class.
 */
public final class NodeStack implements LpModel {
  /** The source opens flow {@code flow}'s circuit. */
  record FlowStart(int flow) {}

  private final NetworkPlan plan;
  private final int node;
  private final Telemetry telemetry;
  private final PairListener pairs;
  private final CircuitLayer circuits;
  /** Null when the scenario has no request-driven traffic. */
  private final RequestRouter requests;
  /** Statistics of the fixed flows whose source is this node, in flow order. */
  private final FlowStats[] flowStats;
  private final int[] flowOfStats;
  /** Whether each of those flows has opened its circuit. */
  private final boolean[] flowStarted;
  private final int flowMemory;
  private boolean crashed;

  /**
   * @param requests the run's request-driven traffic and routing, or null
   * @param pairs hears every pair of a fixed flow delivered at its source here
   */
  public NodeStack(NetworkPlan plan, RequestPlan requests, int node, Telemetry telemetry,
      PairListener pairs) {
    this.plan = plan;
    this.node = node;
    this.telemetry = telemetry;
    this.pairs = pairs;
    List<FlowRoleSpec> roles = plan.roles(node);
    int memory = 0;
    int sources = 0;
    for (FlowRoleSpec r : roles) {
      memory += r.leftSlots() + r.rightSlots();
      sources += r.position() == 0 ? 1 : 0;
    }
    this.flowMemory = memory;
    this.flowStats = new FlowStats[sources];
    this.flowOfStats = new int[sources];
    this.flowStarted = new boolean[sources];
    int i = 0;
    for (FlowRoleSpec r : roles) {
      if (r.position() == 0) {
        flowOfStats[i] = r.flow();
        flowStats[i++] = new FlowStats(r.flow());
      }
    }
    CircuitLayer.MemoryObserver memoryObserver = requests == null
        ? (ctx, stored) -> telemetry.memoryOccupancy(node, ctx.now(), stored, flowMemory)
        : CircuitLayer.MemoryObserver.NONE; // the router reports reserved memory instead
    this.circuits = requests == null
        ? new CircuitLayer(plan, node, telemetry, this::delivered, memoryObserver)
        : new CircuitLayer(plan, node, telemetry, this::delivered, memoryObserver,
            requests.routing().memory(), requests.memoryCapacity(node));
    this.requests = requests == null ? null
        : new RequestRouter(requests, node, telemetry, circuits);
  }

  /** The node's network layer (tests look at what it keeps). */
  CircuitLayer circuits() {
    return circuits;
  }

  public NodeStack(NetworkPlan plan, int node, Telemetry telemetry) {
    this(plan, null, node, telemetry, PairListener.NONE);
  }

  @Override
  public void start(LpContext ctx) {
    circuits.start(ctx);
    for (FlowRoleSpec spec : plan.roles(node)) {
      if (spec.position() == 0) {
        ctx.schedule(plan.flowStartNs(spec.flow()), new FlowStart(spec.flow()));
      }
    }
    if (requests != null) {
      requests.start(ctx);
    }
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    if (circuits.onEvent(ctx, event)) {
      return;
    }
    if (event instanceof FlowStart s) {
      startFlow(ctx, s.flow());
    } else if (requests == null || !requests.onEvent(ctx, event)) {
      throw new IllegalStateException("unknown event " + event);
    }
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    if (m.getBodyCase() == LpMessage.BodyCase.FAULT) {
      onFault(ctx, m.getFault());
    } else if (m.hasEntanglementRequest() && m.getEntanglementRequest().getPosition() == 0) {
      // From outside the network (the live API): start a planned flow at its source now.
      startFlow(ctx, m.getEntanglementRequest().getFlow());
    } else if (!circuits.onMessage(ctx, m) && (requests == null || !requests.onMessage(ctx, m))) {
      throw new MalformedMessageException("unexpected " + m.getBodyCase() + " at node " + node);
    }
  }

  /** Opens a fixed flow's circuit at its source, once; later starts change nothing. */
  private void startFlow(LpContext ctx, int flow) {
    int i = statsIndex(flow);
    if (i < 0) {
      throw new MalformedMessageException("node " + node + " is not the source of flow " + flow);
    }
    if (!flowStarted[i] && !crashed) {
      flowStarted[i] = true;
      circuits.open(ctx, circuits.newCircuitId(), flow, plan.route(flow), 0, 0, SwapSchedule.ASAP,
          0, 0);
    }
  }

  /** A delivered pair at a circuit's source: a fixed flow's, or a request path's. */
  private void delivered(LpContext ctx, Circuit c, double[] w, long latencyNs) {
    if (c.flow() < 0) {
      requests.delivered(ctx, c, w[BellDiagonal.I], latencyNs);
      return;
    }
    long t = ctx.now();
    stats(c.flow()).record(t, w[BellDiagonal.I], latencyNs);
    telemetry.pairDelivered(c.flow(), t, w[BellDiagonal.I], latencyNs);
    if (pairs != PairListener.NONE) {
      pairs.delivered(ctx, c.flow(), BellDiagonal.of(w));
    }
  }

  private FlowStats stats(int flow) {
    return flowStats[statsIndex(flow)];
  }

  /** Index of a flow whose source is this node, or -1. */
  private int statsIndex(int flow) {
    for (int i = 0; i < flowOfStats.length; i++) {
      if (flowOfStats[i] == flow) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A fault reaches this node; the same rule in every run. A cut link stops generating at its
   * generating end (which raises the alarm); pairs already stored stay usable; fixed flows over
   * the link stall until it is restored, request paths over it fail and are re-routed by their
   * source. A crashed node loses its memories and ignores everything from then on; a neighbour
   * told of the crash loses its links to it. Eavesdroppers act on QKD signals, which this stack
   * does not carry.
   */
  private void onFault(LpContext ctx, Fault f) {
    Topology topology = plan.topology();
    switch (f.getKindCase()) {
      case LINK_CUT -> {
        int l = f.getLinkCut().getLink();
        requireEnd(l, "cut");
        if (topology.link(l).a() == node && !crashed) {
          String name = topology.linkName(l);
          telemetry.alarm(ctx.now(), "link-cut", name,
              "link " + name + " was cut; it generates no more pairs");
        }
        circuits.cutLink(l);
      }
      case LINK_RESTORE -> {
        int l = f.getLinkRestore().getLink();
        requireEnd(l, "restore");
        circuits.restoreLink(ctx, l);
      }
      case NODE_CRASH -> {
        int x = f.getNodeCrash().getNode();
        if (x == node) {
          if (!crashed) {
            String name = topology.node(node).name();
            telemetry.alarm(ctx.now(), "node-crash", name, "node " + name + " crashed");
            crashed = true;
            circuits.crash(ctx);
          }
        } else {
          boolean neighbour = false;
          for (int l : topology.incidentLinks(node)) {
            if (topology.link(l).other(node) == x) {
              neighbour = true;
              circuits.cutLink(l);
            }
          }
          if (!neighbour) {
            throw new MalformedMessageException("crash of node " + x + " sent to node " + node
                + ", which is not its neighbour");
          }
        }
      }
      case EAVESDROP -> { }
      default -> throw new MalformedMessageException("fault without a kind");
    }
    if (requests != null) {
      requests.onFault(ctx, f);
    }
  }

  private boolean isEnd(int l) {
    Topology topology = plan.topology();
    return l >= 0 && l < topology.links().size()
        && (topology.link(l).a() == node || topology.link(l).b() == node);
  }

  private void requireEnd(int l, String what) {
    if (!isEnd(l)) {
      throw new MalformedMessageException(what + " of link " + l + " sent to node " + node
          + ", which does not end it");
    }
  }

  @Override
  public void report(LpReport.Builder report) {
    report.setMemoryCapacity(flowMemory).setMemoryPeakInUse(circuits.peakStored())
        .setMemoryInUse(circuits.stored()).setSwaps(circuits.swaps())
        .setSwapFailures(circuits.swapFailures());
    for (int i = 0; i < flowStats.length; i++) {
      report.addFlows(flowStats[i].report());
    }
    report.addAllLinks(circuits.linkReports());
    if (requests != null) {
      requests.report(report);
    }
  }
}
