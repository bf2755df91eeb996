package io.qbone.router.request;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.RequestResult;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.Hello;
import io.qbone.protocol.v1.LinkStateAdvert;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.PathChoice;
import io.qbone.protocol.v1.PathFailure;
import io.qbone.protocol.v1.ReleaseReservation;
import io.qbone.protocol.v1.Reserve;
import io.qbone.protocol.v1.ReserveReply;
import io.qbone.protocol.v1.RouteAnswer;
import io.qbone.protocol.v1.RouteQuery;
import io.qbone.router.request.ActiveRequest.Part;
import io.qbone.router.request.ActiveRequest.State;
import io.qbone.router.routing.Dijkstra;
import io.qbone.router.routing.LinkWeights;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.PathAssignment;
import io.qbone.router.routing.PathRequest;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RoutingDecision;
import io.qbone.router.stack.Circuit;
import io.qbone.router.stack.CircuitLayer;
import io.qbone.router.traffic.ArrivalSource;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.node.util.LongMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network element's router for request-driven traffic, an application of its node stack: it
 * originates requests (traffic), routes them with the run's protocol, reserves memory along the
 * path hop by hop (finite memories, timeouts), runs each reserved path as a circuit of the
 * node's network layer (heralds, swaps and deliveries as messages), releases, and reacts to link
 * cuts and node crashes by re-routing or failing the request with the reason. With link-state
 * routing it also exchanges hellos and adverts. docs/routing.md describes the life cycle.
 */
public final class RequestRouter {
  record NextArrival(int destination) {}

  record FlowArrival(int flow) {}

  record ExpiryCheck() {}

  record LeaseEnd(ReservationKey key) {}

  record PartEnd(long request, int part, int attempt) {}

  record HelloTick() {}

  record ScheduledFault(Fault fault) {}

  /** Re-routes one path may take before its request fails (bounds flapping between failures). */
  static final int MAX_REROUTES_PER_PART = 8;

  private final RequestPlan plan;
  private final Topology topology;
  private final int node;
  private final Telemetry telemetry;
  /** Reservations of the reserved memory policy (unused by the shared ones). */
  private final MemoryPool pool;
  /** The node's request memory as the policy hands it out, for reports. */
  private final MemoryUse memory;
  /** Whether paths reserve their memory (the reserved policy). */
  private final boolean reserves;
  /** Reservations held here, with the Reserve that made them (path, source). */
  private final TreeMap<ReservationKey, Reserve> holdings = new TreeMap<>();
  /** Requests this node is the source of. */
  private final TreeMap<Long, ActiveRequest> requests = new TreeMap<>();
  /** Links this node knows to be down (static protocols; link-state keeps its own database). */
  private final BitSet knownDown = new BitSet();
  /** Incident links cut (as this node's link layer sees them). */
  private final BitSet locallyCut = new BitSet();
  private final RoutingStats stats = new RoutingStats();
  /** The node's network layer, where reserved paths run as circuits. */
  private final CircuitLayer circuits;
  /** Parts of this node's requests by the circuit they run as. */
  private final LongMap<ReservationKey> partOfCircuit = new LongMap<>();
  private final LinkStateDatabase lsdb;
  private long[] lastHelloNs;
  private final BitSet advertisedUp = new BitSet();
  private long lsaSequence;
  private boolean crashed;
  private long requestSeq;
  private ArrivalSource arrivals;
  private final NetworkView staticView;

  public RequestRouter(RequestPlan plan, int node, Telemetry telemetry, CircuitLayer circuits) {
    this.plan = plan;
    this.circuits = circuits;
    this.topology = plan.topology();
    this.node = node;
    this.telemetry = telemetry;
    this.pool = new MemoryPool(plan.memoryCapacity(node));
    this.reserves = plan.routing().memory() == MemoryPolicy.RESERVED;
    this.memory = reserves ? pool : circuits.sharedMemory();
    this.lsdb = plan.mode() == Protocols.Mode.LINK_STATE
        ? new LinkStateDatabase(topology, plan.linkStateStart()) : null;
    this.staticView = new NetworkView() {
      @Override
      public Topology topology() {
        return topology;
      }

      @Override
      public boolean isUp(int link) {
        return !knownDown.get(link) && (lsdb == null || lsdb.isUp(link));
      }
    };
  }

  public void start(LpContext ctx) {
    arrivals = new ArrivalSource(plan.traffic(), topology, node, plan.endpoints(),
        ctx.random("traffic"));
    scheduleNextArrival(ctx);
    for (int f = 0; f < plan.traffic().flows().size(); f++) {
      FixedFlow flow = plan.traffic().flows().get(f);
      long at = Math.round(flow.startS() * 1e9);
      if (plan.flowEnds(f)[0] == node && at < stopNs()) {
        ctx.schedule(at, new FlowArrival(f));
      }
    }
    for (RequestPlan.TimedFault tf : plan.faults()) {
      if (tf.node() == node) {
        ctx.schedule(tf.atNs(), new ScheduledFault(tf.fault()));
      }
    }
    if (lsdb != null) {
      lastHelloNs = new long[topology.incidentLinks(node).length];
      if (plan.routing().linkStateConverged()) {
        // The start's database already holds this node's first advert: every link up.
        lsaSequence = LinkStateDatabase.FIRST_SEQUENCE;
        for (int l : topology.incidentLinks(node)) {
          advertisedUp.set(l);
        }
      }
      ctx.schedule(0, new HelloTick());
    }
  }

  private long stopNs() {
    return Math.round(plan.traffic().stopS() * 1e9);
  }

  private void scheduleNextArrival(LpContext ctx) {
    ArrivalSource.Arrival a = arrivals.next();
    if (a != null) {
      ctx.schedule(Math.max(a.atNs(), ctx.now()), new NextArrival(a.destination()));
    }
  }

  /** Handles an event of the router; false when it is not one of its own. */
  public boolean onEvent(LpContext ctx, Object event) {
    if (event instanceof NextArrival a) {
      scheduleNextArrival(ctx);
      if (!crashed) {
        arrive(ctx, a.destination(), 0);
      }
    } else if (event instanceof FlowArrival f) {
      FixedFlow flow = plan.traffic().flows().get(f.flow());
      long next = ctx.now() + Math.round(flow.intervalS() * 1e9);
      if (next < stopNs()) {
        ctx.schedule(next, f);
      }
      if (!crashed) {
        arrive(ctx, plan.flowEnds(f.flow())[1], flow.priority());
      }
    } else if (event instanceof PartEnd e) {
      onPartEnd(ctx, e);
    } else if (event instanceof ExpiryCheck) {
      for (MemoryPool.Waiting w : pool.expire(ctx.now())) {
        refuse(ctx, (Reserve) w.payload(), "memory: no free qubit at node "
            + topology.node(node).name() + " within the reservation timeout");
      }
    } else if (event instanceof LeaseEnd l) {
      if (holdings.containsKey(l.key())) {
        stats.leaseExpiries++;
        releaseHere(ctx, l.key());
      }
    } else if (event instanceof HelloTick) {
      helloTick(ctx);
    } else if (event instanceof ScheduledFault f) {
      onFault(ctx, f.fault());
    } else {
      return false;
    }
    return true;
  }

  /** Handles a routing message; false when its body is not the router's. */
  public boolean onMessage(LpContext ctx, LpMessage m) {
    switch (m.getBodyCase()) {
      case RESERVE -> onReserve(ctx, m.getReserve());
      case RESERVE_REPLY -> onReply(ctx, m.getReserveReply());
      case RELEASE_RESERVATION -> {
        ReleaseReservation r = m.getReleaseReservation();
        if (!crashed) {
          releaseHere(ctx, new ReservationKey(r.getRequest(), r.getPart(), r.getAttempt()));
        }
      }
      case PATH_FAILURE -> onPathFailure(ctx, m.getPathFailure());
      case HELLO -> onHello(ctx, m.getHello());
      case LINK_STATE_ADVERT -> onAdvert(ctx, m.getOrigin(), m.getLinkStateAdvert());
      case ROUTE_ANSWER -> onRouteAnswer(ctx, m.getRouteAnswer());
      default -> {
        return false;
      }
    }
    return true;
  }

  // ---- Source side: admission, routing, reservation, execution ---------------------------------

  private void arrive(LpContext ctx, int destination, int priority) {
    var cls = plan.traffic().request();
    long id = (long) node << 32 | requestSeq++;
    PathRequest request = new PathRequest(id, node, destination, cls.pairs(), cls.minFidelity(),
        ctx.now() + cls.deadlineNs());
    ActiveRequest active = new ActiveRequest(request, ctx.now(), priority);
    requests.put(id, active);
    stats.requests++;
    stats.pairsRequested += request.pairs();
    if (plan.mode() == Protocols.Mode.CONTROLLER) {
      long delay = plan.controllerDelayNs(node);
      if (delay < 0) {
        finish(ctx, active, RequestResult.REJECTED_ROUTING,
            "no-path: node is cut off from the controller");
        return;
      }
      RouteQuery.Builder q = RouteQuery.newBuilder().setRequest(id).setSource(node)
          .setDestination(destination).setPairs(request.pairs())
          .setMinFidelity(request.minFidelity()).setDeadlineNs(request.deadlineNs());
      knownDown.stream().forEach(q::addDownLinks);
      ctx.send(plan.controllerLp(), delay, LpMessage.newBuilder().setRouteQuery(q));
      return;
    }
    stats.pathComputations++;
    admit(ctx, active, plan.protocol().route(request, view()));
  }

  /**
   * What this node routes by: the static topology, or its link-state database; either way minus
   * the links it has been told are down (until a restore reaches it).
   */
  private NetworkView view() {
    return staticView;
  }

  private void onRouteAnswer(LpContext ctx, RouteAnswer a) {
    ActiveRequest active = requests.get(a.getRequest());
    if (active == null || crashed) {
      return;
    }
    if (!a.getAccepted()) {
      admit(ctx, active, new RoutingDecision.Rejected(a.getReason()));
      return;
    }
    List<PathAssignment> paths = new ArrayList<>();
    for (PathChoice c : a.getPathsList()) {
      paths.add(new PathAssignment(route(c.getNodesList(), c.getLinksList()), c.getPairs(),
          c.getPurificationRounds(), Double.NaN));
    }
    admit(ctx, active, new RoutingDecision.Accepted(paths));
  }

  private void admit(LpContext ctx, ActiveRequest active, RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Rejected r) {
      finish(ctx, active, RequestResult.REJECTED_ROUTING, r.reason());
      return;
    }
    List<PathAssignment> paths = ((RoutingDecision.Accepted) decision).paths();
    active.parts = new Part[paths.size()];
    for (int i = 0; i < paths.size(); i++) {
      PathAssignment p = paths.get(i);
      active.parts[i] = new Part(i, p.pairs(), p.route(), p.purificationRounds());
    }
    for (Part part : active.parts) {
      if (!active.finished) {
        reserve(ctx, active, part);
      }
    }
  }

  private void reserve(LpContext ctx, ActiveRequest active, Part part) {
    part.attempt++;
    part.state = State.RESERVING;
    part.circuit = circuits.newCircuitId();
    Reserve.Builder r = Reserve.newBuilder().setRequest(active.request.id())
        .setPart(part.index).setAttempt(part.attempt).setPosition(0).setCircuit(part.circuit)
        .setQubitsPerSide(part.rounds > 0 ? 2 : 1)
        .setExpiresAtNs(ctx.now() + plan.routing().reservationTimeoutNs())
        .setLeaseUntilNs(active.request.deadlineNs() + part.route.endToEndDelayNs());
    for (int v : part.route.nodes()) {
      r.addNodes(v);
    }
    for (int l : part.route.links()) {
      r.addLinks(l);
    }
    onReserve(ctx, r.build());
  }

  private void onReply(LpContext ctx, ReserveReply reply) {
    ActiveRequest active = requests.get(reply.getRequest());
    Part part = currentPart(active, reply.getPart(), reply.getAttempt());
    if (part == null || part.state != State.RESERVING) {
      return;
    }
    if (!reply.getGranted()) {
      // Memory is the scarce resource: the whole request gives way (others may finish first).
      cancel(ctx, active);
      finish(ctx, active, RequestResult.REJECTED_MEMORY, reply.getReason());
      return;
    }
    part.state = State.RUNNING;
    part.granted = true;
    if (!active.accepted && active.allGranted()) {
      // Accepted once: when every path of the request has held its reservation.
      active.accepted = true;
      stats.accepted++;
      telemetry.requestAdmitted(node, ctx.now());
    }
    run(ctx, active, part);
  }

  /** Runs a reserved path as a circuit of the node's network layer. */
  private void run(LpContext ctx, ActiveRequest active, Part part) {
    long id = active.request.id();
    partOfCircuit.put(part.circuit, part.key(id));
    PathPolicy policy = plan.policy();
    circuits.open(ctx, part.circuit, -1, part.route, part.rounds > 0 ? 2 : 1, policy.cutoffNs(),
        policy.schedule(), part.rounds, active.priority);
    ctx.schedule(Math.max(ctx.now(), active.request.deadlineNs()),
        new PartEnd(id, part.index, part.attempt));
  }

  /**
   * A pair of a request's circuit reached both ends; this node is its source. {@code latencyNs}
   * from the emission of its oldest link pair.
   */
  public void delivered(LpContext ctx, Circuit circuit, double fidelity, long latencyNs) {
    ReservationKey key = partOfCircuit.get(circuit.id());
    ActiveRequest active = key == null ? null : requests.get(key.request());
    Part part = active == null ? null : currentPart(active, key.part(), key.attempt());
    if (part == null || part.state != State.RUNNING || part.delivered >= part.pairs) {
      return;
    }
    if (plan.policy().discardBelowMinimum() && fidelity < active.request.minFidelity()) {
      stats.fidelityDiscards++;
      return;
    }
    part.delivered++;
    stats.pairsDelivered++;
    stats.fidelity(fidelity);
    telemetry.requestPairDelivered(node, ctx.now(), fidelity, latencyNs);
    if (fidelity < active.request.minFidelity()) {
      stats.pairsBelowMinFidelity++;
    }
    if (part.delivered == part.pairs) {
      onPartEnd(ctx, new PartEnd(key.request(), key.part(), key.attempt()));
    }
  }

  private void onPartEnd(LpContext ctx, PartEnd e) {
    ActiveRequest active = requests.get(e.request());
    Part part = currentPart(active, e.part(), e.attempt());
    if (part == null || part.state != State.RUNNING) {
      return;
    }
    releasePath(ctx, active.request.id(), part);
    part.state = State.DONE;
    if (part.delivered < part.pairs) {
      part.failure = "deadline: " + part.delivered + " of " + part.pairs
          + " pairs delivered on the path by the deadline";
    }
    maybeFinish(ctx, active);
  }

  private void maybeFinish(LpContext ctx, ActiveRequest active) {
    if (active.finished || !active.allDone()) {
      return;
    }
    if (active.delivered() >= active.request.pairs()) {
      finish(ctx, active, RequestResult.COMPLETED, "");
      return;
    }
    String reason = "deadline";
    for (Part p : active.parts) {
      if (p.failure != null) {
        reason = p.failure;
        break;
      }
    }
    finish(ctx, active, RequestResult.FAILED, reason);
  }

  private void finish(LpContext ctx, ActiveRequest active, RequestResult outcome,
      String reason) {
    active.finished = true;
    requests.remove(active.request.id());
    stats.requestTimeSumNs += ctx.now() - active.arrivalNs;
    switch (outcome) {
      case COMPLETED -> {
        stats.completed++;
        stats.latency(ctx.now() - active.arrivalNs);
      }
      case FAILED -> stats.failed++;
      case REJECTED_ROUTING -> stats.rejectedRouting++;
      case REJECTED_MEMORY -> stats.rejectedMemory++;
    }
    if (outcome != RequestResult.COMPLETED) {
      stats.reason(reason);
    }
    telemetry.requestFinished(node, ctx.now(), outcome, reason);
  }

  /** Abandons every part of a request and frees what they reserved. */
  private void cancel(LpContext ctx, ActiveRequest active) {
    for (Part p : active.parts) {
      if (p.state != State.DONE) {
        releasePath(ctx, active.request.id(), p);
        p.state = State.DONE;
        p.attempt++; // late replies and events of the abandoned attempt are ignored
      }
    }
  }

  private Part currentPart(ActiveRequest active, int part, int attempt) {
    if (active == null || part < 0 || part >= active.parts.length) {
      return null;
    }
    Part p = active.parts[part];
    return p.attempt == attempt ? p : null;
  }

  /** Frees the current attempt's reservations at every node of the part's path. */
  private void releasePath(LpContext ctx, long request, Part part) {
    ReservationKey key = part.key(request);
    Route route = part.route;
    for (int i = 0; i < route.nodes().length; i++) {
      int v = route.nodes()[i];
      if (v == node) {
        releaseHere(ctx, key);
      } else {
        ctx.send(v, route.delayFromSourceNs()[i], LpMessage.newBuilder().setReleaseReservation(
            ReleaseReservation.newBuilder().setRequest(request).setPart(part.index)
                .setAttempt(part.attempt)));
      }
    }
  }

  private void onPathFailure(LpContext ctx, PathFailure f) {
    // Negative means "none"; beyond the topology is a malformed message, not a link to mark.
    if (f.getLink() >= topology.links().size() || f.getNode() >= topology.nodeCount()) {
      throw new MalformedMessageException("path failure names link " + f.getLink() + " or node "
          + f.getNode() + ", which does not exist");
    }
    if (f.getLink() >= 0) {
      knownDown.set(f.getLink());
    }
    if (f.getNode() >= 0) {
      for (int l : topology.incidentLinks(f.getNode())) {
        knownDown.set(l);
      }
    }
    ActiveRequest active = requests.get(f.getRequest());
    Part part = currentPart(active, f.getPart(), f.getAttempt());
    if (part == null || part.state == State.DONE || crashed) {
      return;
    }
    releasePath(ctx, active.request.id(), part);
    int remaining = part.pairs - part.delivered;
    if (ctx.now() >= active.request.deadlineNs()) {
      failPart(ctx, active, part, f.getReason() + "; past the deadline");
      return;
    }
    if (++part.reroutes > MAX_REROUTES_PER_PART) {
      failPart(ctx, active, part, "reroute-limit: " + f.getReason() + "; gave up after "
          + MAX_REROUTES_PER_PART + " re-routes");
      return;
    }
    stats.reroutes++;
    stats.pathComputations++;
    PathRequest rest = new PathRequest(active.request.id(), node, active.request.destination(),
        remaining, active.request.minFidelity(), active.request.deadlineNs());
    RoutingDecision d = plan.mode() == Protocols.Mode.CONTROLLER
        ? CentralController.reroute(rest, view(), plan.routing())
        : plan.protocol().route(rest, view());
    if (d instanceof RoutingDecision.Rejected r) {
      failPart(ctx, active, part, f.getReason() + "; re-route: " + r.reason());
      return;
    }
    // All remaining pairs of the part take the best new path.
    PathAssignment p = ((RoutingDecision.Accepted) d).paths().get(0);
    part.route = p.route();
    part.rounds = p.purificationRounds();
    reserve(ctx, active, part);
  }

  private void failPart(LpContext ctx, ActiveRequest active, Part part, String reason) {
    part.state = State.DONE;
    part.attempt++;
    part.failure = reason;
    maybeFinish(ctx, active);
  }

  // ---- Every node: holding reservations ---------------------------------------------------------

  private void onReserve(LpContext ctx, Reserve r) {
    int p = r.getPosition();
    int hops = r.getLinksCount();
    if (p < 0 || p > hops || r.getNodesCount() != hops + 1 || r.getNodes(p) != node) {
      throw new MalformedMessageException("reservation for position " + p + " reached node "
          + node + ", which is not there on its path");
    }
    if (crashed) {
      // The upstream neighbour finds this node dead and reports it.
      pathFailure(ctx, r, -1, node, "node-down: node " + topology.node(node).name() + " is down");
      return;
    }
    if (p < hops && locallyCut.get(r.getLinks(p))) {
      int l = r.getLinks(p);
      pathFailure(ctx, r, l, -1, "link-cut: link " + linkName(l) + " is cut");
      return;
    }
    int qubits = r.getQubitsPerSide() * (p == 0 || p == hops ? 1 : 2);
    if (!pool.fits(qubits)) {
      refuse(ctx, r, "memory: node " + topology.node(node).name() + " has "
          + pool.capacity() + " qubits, the path needs " + qubits);
      return;
    }
    ReservationKey key = new ReservationKey(r.getRequest(), r.getPart(), r.getAttempt());
    // Under shared memory the path runs at once and the node hands it qubits pair by pair.
    if (!reserves || pool.reserveOrWait(ctx.now(), key, qubits, r.getExpiresAtNs(), r)) {
      granted(ctx, r);
    } else {
      ctx.schedule(Math.max(ctx.now(), r.getExpiresAtNs()), new ExpiryCheck());
    }
  }

  private void granted(LpContext ctx, Reserve r) {
    ReservationKey key = new ReservationKey(r.getRequest(), r.getPart(), r.getAttempt());
    holdings.put(key, r);
    if (reserves) {
      telemetry.memoryOccupancy(node, ctx.now(), pool.inUse(), pool.capacity());
    }
    ctx.schedule(Math.max(ctx.now(), r.getLeaseUntilNs()), new LeaseEnd(key));
    int p = r.getPosition();
    if (p == r.getLinksCount()) {
      reply(ctx, r, ReserveReply.newBuilder().setGranted(true));
      return;
    }
    Link next = topology.link(r.getLinks(p));
    ctx.send(next.other(node), next.delayNs(),
        LpMessage.newBuilder().setReserve(r.toBuilder().setPosition(p + 1)));
  }

  private void refuse(LpContext ctx, Reserve r, String reason) {
    reply(ctx, r, ReserveReply.newBuilder().setGranted(false).setReason(reason));
  }

  private void reply(LpContext ctx, Reserve r, ReserveReply.Builder reply) {
    reply.setRequest(r.getRequest()).setPart(r.getPart()).setAttempt(r.getAttempt())
        .setPosition(r.getPosition());
    if (r.getPosition() == 0) {
      onReply(ctx, reply.build());
    } else {
      ctx.send(r.getNodes(0), delayToSource(r), LpMessage.newBuilder().setReserveReply(reply));
    }
  }

  private void pathFailure(LpContext ctx, Reserve r, int link, int failedNode, String reason) {
    PathFailure.Builder f = PathFailure.newBuilder().setRequest(r.getRequest())
        .setPart(r.getPart()).setAttempt(r.getAttempt()).setLink(link).setNode(failedNode)
        .setReason(reason);
    if (r.getPosition() == 0 && !crashed) {
      onPathFailure(ctx, f.build());
    } else {
      ctx.send(r.getNodes(0), Math.max(delayToSource(r), topology.minLinkDelayNs()),
          LpMessage.newBuilder().setPathFailure(f));
    }
  }

  private long pathDelay(Reserve r) {
    long d = 0;
    for (int l : r.getLinksList()) {
      d += topology.link(l).delayNs();
    }
    return d;
  }

  private long delayToSource(Reserve r) {
    long d = 0;
    for (int i = 0; i < r.getPosition(); i++) {
      d += topology.link(r.getLinks(i)).delayNs();
    }
    return d;
  }

  private void releaseHere(LpContext ctx, ReservationKey key) {
    Reserve held = holdings.remove(key);
    if (held != null) {
      // Every node of the path closes by the lease's end; their messages take at most the
      // path's delay to arrive.
      circuits.close(ctx, held.getCircuit(), held.getLeaseUntilNs() + pathDelay(held));
      if (held.getPosition() == 0) {
        partOfCircuit.remove(held.getCircuit());
      }
    }
    if (reserves) {
      for (MemoryPool.Waiting w : pool.release(ctx.now(), key)) {
        granted(ctx, (Reserve) w.payload());
      }
      telemetry.memoryOccupancy(node, ctx.now(), pool.inUse(), pool.capacity());
    }
  }

  // ---- Faults ----------------------------------------------------------------------------------

  /** A fault reaches this node (its network layer has already reacted). */
  public void onFault(LpContext ctx, Fault f) {
    switch (f.getKindCase()) {
      case LINK_CUT -> linkCut(ctx, checkLink(f.getLinkCut().getLink()));
      case LINK_RESTORE -> linkRestore(ctx, checkLink(f.getLinkRestore().getLink()));
      case NODE_CRASH -> {
        int x = f.getNodeCrash().getNode();
        if (x == node) {
          crash(ctx);
        } else {
          // A neighbour of the crashed node loses the link to it.
          for (int l : topology.incidentLinks(node)) {
            if (topology.link(l).other(node) == x) {
              linkCut(ctx, l);
            }
          }
        }
      }
      default -> { } // eavesdropping is the QKD layer's concern
    }
  }

  private int checkLink(int l) {
    if (l < 0 || l >= topology.links().size()) {
      throw new MalformedMessageException("fault names link " + l + ", which does not exist");
    }
    return l;
  }

  private boolean isEndOf(int link) {
    Link l = topology.link(link);
    return l.a() == node || l.b() == node;
  }

  private void linkCut(LpContext ctx, int link) {
    knownDown.set(link);
    if (!isEndOf(link) || crashed) {
      return;
    }
    locallyCut.set(link);
    if (lsdb != null) {
      originateAdvert(ctx);
    }
    for (Map.Entry<ReservationKey, Reserve> e : new ArrayList<>(holdings.entrySet())) {
      if (e.getValue().getLinksList().contains(link)) {
        pathFailure(ctx, e.getValue(), link, -1, "link-cut: link " + linkName(link) + " is cut");
      }
    }
  }

  private void linkRestore(LpContext ctx, int link) {
    knownDown.clear(link);
    locallyCut.clear(link);
    if (lsdb != null && isEndOf(link) && !crashed) {
      originateAdvert(ctx);
    }
  }

  /** The node loses its memory and stops; sources of paths through it hear of it. */
  private void crash(LpContext ctx) {
    if (crashed) {
      return;
    }
    for (Reserve r : new ArrayList<>(holdings.values())) {
      if (r.getNodes(0) != node) {
        pathFailure(ctx, r, -1, node, "node-down: node " + topology.node(node).name() + " is down");
      }
    }
    crashed = true;
    holdings.clear();
    pool.clear(ctx.now());
    telemetry.memoryOccupancy(node, ctx.now(), 0, pool.capacity());
    for (ActiveRequest active : new ArrayList<>(requests.values())) {
      for (Part p : active.parts) {
        if (p.state != State.DONE) {
          releasePath(ctx, active.request.id(), p);
          p.state = State.DONE;
          p.attempt++;
        }
      }
      finish(ctx, active, RequestResult.FAILED, "source-crashed: node "
          + topology.node(node).name());
    }
  }

  private String linkName(int link) {
    Link l = topology.link(link);
    return topology.node(l.a()).name() + "-" + topology.node(l.b()).name();
  }

  static Route route(List<Integer> nodes, List<Integer> links, Topology topology) {
    return Route.along(0, topology, nodes.stream().mapToInt(Integer::intValue).toArray(),
        links.stream().mapToInt(Integer::intValue).toArray());
  }

  private Route route(List<Integer> nodes, List<Integer> links) {
    return route(nodes, links, topology);
  }

  // ---- Link-state routing ----------------------------------------------------------------------

  private void helloTick(LpContext ctx) {
    if (crashed) {
      return;
    }
    int[] incident = topology.incidentLinks(node);
    if (ctx.now() == 0 && !plan.routing().linkStateConverged()) {
      // Every link is presumed up at the start; hellos confirm it.
      originateAdvert(ctx);
    }
    boolean changed = false;
    for (int i = 0; i < incident.length; i++) {
      int l = incident[i];
      boolean alive = !locallyCut.get(l)
          && (ctx.now() < plan.routing().deadIntervalNs()
              || ctx.now() - lastHelloNs[i] <= plan.routing().deadIntervalNs());
      changed |= alive != advertisedUp.get(l);
      if (!locallyCut.get(l)) {
        Link link = topology.link(l);
        ctx.send(link.other(node), link.delayNs(),
            LpMessage.newBuilder().setHello(Hello.newBuilder().setLink(l).setFrom(node)));
        stats.hellosSent++;
      }
    }
    if (changed) {
      originateAdvert(ctx);
    }
    ctx.schedule(ctx.now() + plan.routing().helloIntervalNs(), new HelloTick());
  }

  private void onHello(LpContext ctx, Hello h) {
    if (lsdb == null || crashed) {
      return;
    }
    int[] incident = topology.incidentLinks(node);
    for (int i = 0; i < incident.length; i++) {
      if (incident[i] == h.getLink()) {
        lastHelloNs[i] = ctx.now();
        if (!locallyCut.get(h.getLink()) && !advertisedUp.get(h.getLink())) {
          originateAdvert(ctx);
        }
        return;
      }
    }
    throw new MalformedMessageException("hello on link " + h.getLink() + ", not at node " + node);
  }

  /** Advertises the incident links this node sees alive, and floods the advert. */
  private void originateAdvert(LpContext ctx) {
    LinkStateAdvert.Builder lsa = LinkStateAdvert.newBuilder().setOrigin(node)
        .setSequence(++lsaSequence);
    int[] incident = topology.incidentLinks(node).clone();
    java.util.Arrays.sort(incident);
    advertisedUp.clear();
    for (int l : incident) {
      int i = indexOfIncident(l);
      boolean alive = !locallyCut.get(l) && (ctx.now() < plan.routing().deadIntervalNs()
          || ctx.now() - lastHelloNs[i] <= plan.routing().deadIntervalNs());
      if (alive) {
        lsa.addUpLinks(l);
        advertisedUp.set(l);
      }
    }
    LinkStateAdvert advert = lsa.build();
    lsdb.install(advert);
    flood(ctx, advert, -1);
  }

  private int indexOfIncident(int link) {
    int[] incident = topology.incidentLinks(node);
    for (int i = 0; i < incident.length; i++) {
      if (incident[i] == link) {
        return i;
      }
    }
    return -1;
  }

  private void onAdvert(LpContext ctx, int from, LinkStateAdvert lsa) {
    if (lsdb == null || crashed) {
      return;
    }
    boolean newer;
    try {
      newer = lsdb.install(lsa);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    if (newer) {
      flood(ctx, lsa, from);
    }
  }

  private void flood(LpContext ctx, LinkStateAdvert lsa, int except) {
    for (int l : topology.incidentLinks(node)) {
      Link link = topology.link(l);
      int neighbour = link.other(node);
      if (neighbour != except && !locallyCut.get(l)) {
        ctx.send(neighbour, link.delayNs(), LpMessage.newBuilder().setLinkStateAdvert(lsa));
        stats.advertsSent++;
      }
    }
  }

  /** Next-hop link towards every node by this node's current knowledge (-1: none or self). */
  int[] routeTable() {
    Dijkstra.Tree tree = Dijkstra.tree(view(), LinkWeights.LATENCY, node);
    int[] next = new int[topology.nodeCount()];
    for (int v = 0; v < next.length; v++) {
      next[v] = tree.firstLinkTo(topology, v);
    }
    return next;
  }

  /** Node count up to which link-state routers report their whole table. */
  static final int ROUTE_TABLE_REPORT_LIMIT = 2000;

  public void report(LpReport.Builder report) {
    var r = stats.report()
            // Counted where they happen: at the repeaters.
        .setCutoffDiscards(circuits.cutoffDiscards())
        .setMemoryCapacity(memory.capacity())
        .setMemoryReservedAtEnd(memory.inUse())
        .setMemoryPeakReserved(memory.peak())
        .setMemoryReservedQubitNs(memory.inUseQubitNs(plan.durationNs()))
        .setRequestsInProgress(requests.size());
    if (lsdb != null && topology.nodeCount() <= ROUTE_TABLE_REPORT_LIMIT) {
      for (int l : routeTable()) {
        r.addRouteTable(l);
      }
    }
    report.setMemoryCapacity(memory.capacity()).setMemoryPeakInUse(memory.peak())
        .setMemoryInUse(memory.inUse()).setRouting(r);
  }
}
