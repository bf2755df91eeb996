package io.qbone.router.network;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.link.LinkGenerator;
import io.qbone.node.network.Link;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.node.physics.Swapping;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.EntanglementRequest;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.PairRef;
import io.qbone.protocol.v1.Release;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.delivery.ChainAssembler;
import io.qbone.router.delivery.StoredQubit;
import io.qbone.router.routing.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A network element's protocol stack inside its LP: the link layer of the links it generates
 * on, swap-as-soon-as-possible for the flows it relays, and delivery at the flows it ends.
 */
public final class NodeProcess implements LpModel {
  /** The source issues flow {@code flow}'s request. */
  record FlowStart(int flow) {}

  /** Both ends now know of an end-to-end pair of {@code flow}. */
  record Delivered(int flow, ChainAssembler.Delivery delivery) {}

  private final NetworkPlan plan;
  private final int node;
  private final Telemetry telemetry;
  private final PairListener pairs;
  /** Roles in flow order; {@code roleFlows[i]} is the flow of {@code roles[i]}. */
  private final FlowRole[] roles;
  private final int[] roleFlows;
  /** Generators in link order; {@code generatorLinks[i]} is the link of {@code generators[i]}. */
  private LinkGenerator[] generators;
  private int[] generatorLinks;
  private final int memoryCapacity;
  private int memoryInUse;
  private int memoryPeak;
  /** A crashed node neither sends nor answers for the rest of the run. */
  private boolean crashed;
  private SplittableRandom bsm;
  /** Scratch Pauli weights for the swap and delivery arithmetic (no allocation per pair). */
  private final double[] scratchLeft = new double[4];
  private final double[] scratchRight = new double[4];

  public NodeProcess(NetworkPlan plan, int node, Telemetry telemetry) {
    this(plan, node, telemetry, PairListener.NONE);
  }

  /** {@code pairs} hears every pair delivered at a flow source of this node. */
  public NodeProcess(NetworkPlan plan, int node, Telemetry telemetry, PairListener pairs) {
    this.plan = plan;
    this.node = node;
    this.telemetry = telemetry;
    this.pairs = pairs;
    List<FlowRoleSpec> specs = plan.roles(node);
    this.roles = new FlowRole[specs.size()];
    this.roleFlows = new int[specs.size()];
    int capacity = 0;
    for (int i = 0; i < roles.length; i++) {
      FlowRoleSpec spec = specs.get(i);
      roles[i] = new FlowRole(spec, plan.route(spec.flow()));
      roleFlows[i] = spec.flow();
      capacity += spec.leftSlots() + spec.rightSlots();
    }
    this.memoryCapacity = capacity;
  }

  @Override
  public void start(LpContext ctx) {
    bsm = ctx.random("bsm");
    int[] incident = plan.topology().incidentLinks(node).clone();
    Arrays.sort(incident);
    List<LinkGenerator> gens = new ArrayList<>();
    for (int l : incident) {
      Link link = plan.topology().link(l);
      int[] flows = plan.flowsOnLink(l);
      if (link.a() == node && flows.length > 0) {
        gens.add(new LinkGenerator(link, flows, plan.freshState(l), ctx.random("link-" + l)));
      }
    }
    generators = gens.toArray(LinkGenerator[]::new);
    generatorLinks = gens.stream().mapToInt(g -> g.link().index()).toArray();
    for (FlowRoleSpec spec : plan.roles(node)) {
      if (spec.position() == 0) {
        ctx.schedule(plan.flowStartNs(spec.flow()), new FlowStart(spec.flow()));
      }
    }
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    if (crashed) {
      return;
    }
    if (event instanceof LinkGenerator.Emission e) {
      generator(e.link()).onEmission(ctx, e);
    } else if (event instanceof LinkGenerator.CycleEnd c) {
      generator(c.link()).onCycleEnd(ctx);
    } else if (event instanceof LinkGenerator.OwnHerald h) {
      telemetry.linkPairGenerated(h.herald().getLink(), h.herald().getEmittedAtNs(),
          h.herald().getState().getPhiPlus());
      onHerald(ctx, h.herald());
    } else if (event instanceof Delivered d) {
      deliver(ctx, role(d.flow()), d.delivery());
    } else if (event instanceof FlowStart s) {
      activate(ctx, role(s.flow()));
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    if (crashed) {
      return;
    }
    switch (m.getBodyCase()) {
      case ENTANGLEMENT_REQUEST -> activate(ctx, role(m.getEntanglementRequest().getFlow()));
      case HERALD -> onHerald(ctx, m.getHerald());
      case RELEASE -> onRelease(ctx, m.getRelease());
      case SWAP_RESULT -> onSwapResult(ctx, m.getSwapResult());
      case FAULT -> onFault(ctx, m.getFault());
      default -> throw new MalformedMessageException("unexpected " + m.getBodyCase());
    }
  }

  /**
   * A fault reaches this node. A cut link stops generating at its generating end, which raises
   * the alarm; pairs already stored stay usable, flows over the link stall (re-routing is the
   * router's to add). A crashed node loses its memories and ignores everything from then on.
   * Eavesdroppers act on QKD links, which this model does not run.
   */
  private void onFault(LpContext ctx, Fault f) {
    switch (f.getKindCase()) {
      case LINK_CUT -> cutLink(ctx, f.getLinkCut().getLink());
      case NODE_CRASH -> {
        if (f.getNodeCrash().getNode() != node) {
          throw new MalformedMessageException("crash of node " + f.getNodeCrash().getNode()
              + " sent to node " + node);
        }
        crashed = true;
        memoryInUse = 0;
        telemetry.memoryOccupancy(node, ctx.now(), 0, memoryCapacity);
        String name = plan.topology().node(node).name();
        telemetry.alarm(ctx.now(), "node-crash", name, "node " + name + " crashed");
      }
      default -> throw new MalformedMessageException("fault " + f.getKindCase()
          + " is not modelled by this node");
    }
  }

  private void cutLink(LpContext ctx, int l) {
    var topology = plan.topology();
    if (l < 0 || l >= topology.links().size()
        || (topology.link(l).a() != node && topology.link(l).b() != node)) {
      throw new MalformedMessageException("cut of link " + l + " sent to node " + node
          + ", which does not end it");
    }
    LinkGenerator g = generator(l);
    if (g != null) {
      g.cut();
    }
    if (topology.link(l).a() == node) {
      String name = topology.linkName(l);
      telemetry.alarm(ctx.now(), "link-cut", name,
          "link " + name + " was cut; it generates no more pairs");
    }
  }

  private FlowRole role(int flow) {
    int i = Arrays.binarySearch(roleFlows, flow);
    if (i < 0) {
      throw new MalformedMessageException("node " + node + " is not on the route of flow " + flow);
    }
    return roles[i];
  }

  /** The generator of a link this node generates on, or null. */
  private LinkGenerator generator(int link) {
    int i = Arrays.binarySearch(generatorLinks, link);
    return i < 0 ? null : generators[i];
  }

  /** The flow's request reached this node: offer its qubits and pass the request on. */
  private void activate(LpContext ctx, FlowRole role) {
    if (role.active) {
      return;
    }
    role.active = true;
    if (!role.isSource()) {
      grant(ctx, role.leftLink(), role.spec.flow(), role.spec.leftSlots());
    }
    if (!role.isDestination()) {
      grant(ctx, role.rightLink(), role.spec.flow(), role.spec.rightSlots());
      Link next = plan.topology().link(role.rightLink());
      ctx.send(next.other(node), next.delayNs(), LpMessage.newBuilder().setEntanglementRequest(
          EntanglementRequest.newBuilder().setFlow(role.spec.flow()).setRequestedAtNs(ctx.now())));
    }
  }

  /** Makes {@code n} of this node's qubits on {@code link} available to the flow again. */
  private void grant(LpContext ctx, int linkIndex, int flow, int n) {
    Link link = plan.topology().link(linkIndex);
    if (link.a() == node) {
      LinkGenerator g = generator(linkIndex);
      g.addOwnCredits(ctx, g.slotOf(flow), n);
    } else {
      ctx.send(link.a(), link.delayNs(), LpMessage.newBuilder().setRelease(
          Release.newBuilder().setLink(linkIndex).setFlow(flow).setSlots(n)));
    }
  }

  private void onRelease(LpContext ctx, Release r) {
    LinkGenerator g = generator(r.getLink());
    int slot = g == null ? -1 : g.slotOf(r.getFlow());
    if (slot < 0 || r.getSlots() <= 0) {
      throw new MalformedMessageException("release for link " + r.getLink() + ", flow "
          + r.getFlow() + " does not match a link this node generates on");
    }
    g.addPeerCredits(ctx, slot, r.getSlots());
  }

  private void onHerald(LpContext ctx, Herald h) {
    FlowRole role = role(h.getFlow());
    boolean leftSide = h.getLink() == role.leftLink();
    if (!leftSide && h.getLink() != role.rightLink()) {
      throw new MalformedMessageException("herald on link " + h.getLink() + " is not on flow "
          + h.getFlow() + "'s route at node " + node);
    }
    BellDiagonal state;
    try {
      state = BellDiagonal.fromProto(h.getState());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    StoredQubit q = new StoredQubit(h.getPairId(), h.getEmittedAtNs(), state);
    memoryInUse++;
    memoryPeak = Math.max(memoryPeak, memoryInUse);
    telemetry.memoryOccupancy(node, ctx.now(), memoryInUse, memoryCapacity);
    if (role.isEnd()) {
      if (role.route.hops() == 1) {
        // Both ends hear the herald at the same instant: the pair is delivered now.
        deliver(ctx, role, new ChainAssembler.Delivery(ctx.now(), q.emittedAtNs(), q.pairId(),
            q.emittedAtNs(), q.pairId(), q.emittedAtNs(), q.freshState(), 0));
      } else {
        role.held.put(q.pairId(), q);
      }
      return;
    }
    StoredQubit partner = leftSide ? role.right.poll() : role.left.poll();
    if (partner == null) {
      (leftSide ? role.left : role.right).add(q);
    } else {
      swap(ctx, role, leftSide ? q : partner, leftSide ? partner : q);
    }
  }

  /** Bell-state measurement on this node's qubits of the left and right pairs. */
  private void swap(LpContext ctx, FlowRole role, StoredQubit left, StoredQubit right) {
    Route route = role.route;
    int pos = role.position();
    MemoryNoise memory = plan.memory(node);
    boolean rightReachesDestination = pos + 1 == route.hops();
    // Each fresh pair's state is counted once: by the swap on its right end, or for the last
    // pair, by the swap on its left end. This node's two qubits decayed since their emission;
    // the swap's gate noise acts on them (Swapping: (1 - p_g)(w1 * w2) + p_g/4).
    double[] w = scratchLeft;
    left.freshState().copyTo(w);
    memory.decay(w, ctx.now() - left.emittedAtNs());
    memory.decay(w, ctx.now() - right.emittedAtNs());
    double[] v = scratchRight;
    (rightReachesDestination ? right.freshState() : BellDiagonal.PERFECT).copyTo(v);
    Swapping.swap(w, v, plan.gateDepolarizing(node), w);
    BellDiagonal contribution = BellDiagonal.of(w);
    SwapResult.Builder result = SwapResult.newBuilder()
        .setFlow(role.spec.flow()).setPosition(pos).setSwappedAtNs(ctx.now())
        .setLeft(PairRef.newBuilder().setPairId(left.pairId()).setEmittedAtNs(left.emittedAtNs()))
        .setRight(PairRef.newBuilder().setPairId(right.pairId()).setEmittedAtNs(right.emittedAtNs()))
        .setLeftReachesSource(pos == 1)
        .setRightReachesDestination(rightReachesDestination)
        // For Bell-diagonal inputs the four outcomes are equally likely.
        .setPauliCorrection(bsm.nextInt(4))
        .setContribution(contribution.toProto());
    ctx.send(route.source(), route.delayToSourceNs(pos), LpMessage.newBuilder().setSwapResult(result));
    ctx.send(route.destination(), route.delayToDestinationNs(pos),
        LpMessage.newBuilder().setSwapResult(result));
    memoryInUse -= 2;
    telemetry.swap(node, ctx.now(), true);
    telemetry.memoryOccupancy(node, ctx.now(), memoryInUse, memoryCapacity);
    grant(ctx, role.leftLink(), role.spec.flow(), 1);
    grant(ctx, role.rightLink(), role.spec.flow(), 1);
  }

  private void onSwapResult(LpContext ctx, SwapResult r) {
    FlowRole role = role(r.getFlow());
    if (role.assembler == null) {
      throw new MalformedMessageException("node " + node + " does not end flow " + r.getFlow());
    }
    ChainAssembler.Delivery d = role.assembler.add(r);
    if (d == null) {
      return;
    }
    long mine = role.isSource() ? d.sourcePairId() : d.destinationPairId();
    if (!role.held.containsKey(mine)) {
      throw new MalformedMessageException("flow " + r.getFlow() + " completed a pair on qubit "
          + mine + " that node " + node + " does not hold");
    }
    if (d.deliveryNs() <= ctx.now()) {
      deliver(ctx, role, d);
    } else {
      ctx.schedule(d.deliveryNs(), new Delivered(r.getFlow(), d));
    }
  }

  /** Hands the pair to the application at this end and frees its memory qubit. */
  private void deliver(LpContext ctx, FlowRole role, ChainAssembler.Delivery d) {
    role.held.remove(role.isSource() ? d.sourcePairId() : d.destinationPairId());
    memoryInUse--;
    telemetry.memoryOccupancy(node, ctx.now(), memoryInUse, memoryCapacity);
    grant(ctx, role.isSource() ? role.rightLink() : role.leftLink(), role.spec.flow(), 1);
    if (role.isSource()) {
      long t = ctx.now();
      double[] w = scratchLeft;
      d.noise().copyTo(w);
      plan.memory(role.route.source()).decay(w, t - d.sourceEmittedAtNs());
      plan.memory(role.route.destination()).decay(w, t - d.destinationEmittedAtNs());
      role.stats.record(t, w[BellDiagonal.I], t - d.oldestEmissionNs());
      telemetry.pairDelivered(role.spec.flow(), t, w[BellDiagonal.I], t - d.oldestEmissionNs());
      if (pairs != PairListener.NONE) {
        pairs.delivered(ctx, role.spec.flow(), BellDiagonal.of(w));
      }
    }
  }

  @Override
  public void report(LpReport.Builder report) {
    report.setMemoryCapacity(memoryCapacity).setMemoryPeakInUse(memoryPeak)
        .setMemoryInUse(memoryInUse);
    for (FlowRole r : roles) {
      if (r.isSource()) {
        report.addFlows(r.stats.report());
      }
    }
    for (LinkGenerator g : generators) {
      report.addLinks(g.report());
    }
  }
}
