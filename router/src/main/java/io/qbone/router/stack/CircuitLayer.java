package io.qbone.router.stack;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.link.LinkGenerator;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.node.physics.Swapping;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.node.util.LongMap;
import io.qbone.protocol.v1.EntanglementRequest;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.PairDiscarded;
import io.qbone.protocol.v1.PairRef;
import io.qbone.protocol.v1.PurifyResult;
import io.qbone.protocol.v1.Release;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.delivery.ChainAssembler;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.MemoryUse;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.routing.Route;
import io.qbone.protocol.v1.SwapOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The network layer of one node: the circuits through it and the link layer beneath them.
 *
 * <p>A circuit is installed hop by hop by an {@link EntanglementRequest}; each node gives it its
 * qubits on the circuit's links as link-layer credits. The generating end of each link
 * ({@link LinkGenerator}) heralds pairs to both ends; a repeater swaps as soon as it holds a
 * qubit on each side and sends the {@link SwapResult} to both ends; the ends join the results
 * ({@link ChainAssembler}) and deliver the pair at the instant both know of it. A repeater
 * discards a qubit that waited longer than the circuit's cutoff and tells the ends
 * ({@link PairDiscarded}), which then free their qubits of the lost chain. Fixed flows and the
 * paths of requests are both circuits; only who opens and closes them differs.
 */
public final class CircuitLayer {
  /** Hears every pair delivered at a circuit's source (state at delivery as Pauli weights). */
  public interface DeliveryListener {
    void delivered(LpContext ctx, Circuit circuit, double[] weights, long latencyNs);
  }

  /** Hears every change of the number of qubits this node stores. */
  public interface MemoryObserver {
    MemoryObserver NONE = (ctx, stored) -> { };

    void stored(LpContext ctx, int stored);
  }

  /** Both ends now know of an end-to-end pair of the circuit. */
  record Delivered(long circuit, ChainAssembler.Delivery delivery) {}

  /** A repeater's qubit of {@code pairId} has waited the circuit's cutoff. */
  record CutoffCheck(long circuit, long pairId) {}

  /** The generating end learns the outcome of its pumping round (the far end gets a message). */
  record OwnPurifyResult(PurifyResult result) {}

  private final NetworkPlan plan;
  private final Topology topology;
  private final int node;
  private final Telemetry telemetry;
  private final DeliveryListener listener;
  private final MemoryObserver memoryObserver;
  /** Request memory handed out per link pair (shared, priority policies); null: reserved. */
  private final SharedMemory shared;
  private int reportedSharedInUse;
  private final LongMap<Circuit> circuits = new LongMap<>();
  /** Circuits closed here: late messages of theirs are expected and ignored ... */
  private final LongMap<Boolean> closed = new LongMap<>();
  /** ... until no message of theirs can arrive any more; then they are forgotten. */
  private final PriorityQueue<Forget> forgetting = new PriorityQueue<>();

  /** A closed circuit none of whose messages can arrive here after {@code atNs}. */
  private record Forget(long atNs, long circuit) implements Comparable<Forget> {
    @Override
    public int compareTo(Forget o) {
      int c = Long.compare(atNs, o.atNs);
      return c != 0 ? c : Long.compare(circuit, o.circuit);
    }
  }
  /** Generators in link order; {@code generatorLinks[i]} is the link of {@code generators[i]}. */
  private LinkGenerator[] generators = new LinkGenerator[0];
  private int[] generatorLinks = new int[0];
  private int stored;
  private int peakStored;
  private long swaps;
  private long swapFailures;
  private long cutoffDiscards;
  private boolean crashed;
  private long circuitSeq;
  private SplittableRandom bsm;
  private SplittableRandom pumping;
  /** Scratch Pauli weights for the swap and delivery arithmetic (no allocation per pair). */
  private final double[] scratchLeft = new double[4];
  private final double[] scratchRight = new double[4];

  /**
   * @param policy how request circuits get this node's memory (fixed flows keep the plan's)
   * @param requestQubits the node's memory left to requests
   */
  public CircuitLayer(NetworkPlan plan, int node, Telemetry telemetry, DeliveryListener listener,
      MemoryObserver memoryObserver, MemoryPolicy policy, int requestQubits) {
    this.plan = plan;
    this.topology = plan.topology();
    this.node = node;
    this.telemetry = telemetry;
    this.listener = listener;
    this.memoryObserver = memoryObserver;
    this.shared = policy == MemoryPolicy.RESERVED ? null : new SharedMemory(requestQubits);
  }

  /** A layer of fixed flows only (or of reserved request memory). */
  public CircuitLayer(NetworkPlan plan, int node, Telemetry telemetry, DeliveryListener listener,
      MemoryObserver memoryObserver) {
    this(plan, node, telemetry, listener, memoryObserver, MemoryPolicy.RESERVED, 0);
  }

  /** Creates the link layer of the links this node generates on. */
  public void start(LpContext ctx) {
    bsm = ctx.random("bsm");
    pumping = ctx.random("purify");
    int[] incident = topology.incidentLinks(node).clone();
    Arrays.sort(incident);
    List<LinkGenerator> gens = new ArrayList<>();
    for (int l : incident) {
      Link link = topology.link(l);
      if (link.a() == node) {
        gens.add(new LinkGenerator(link, plan.freshState(l), ctx.random("link-" + l)));
      }
    }
    generators = gens.toArray(LinkGenerator[]::new);
    generatorLinks = gens.stream().mapToInt(g -> g.link().index()).toArray();
  }

  /** Handles an event of this layer; false when the event is not one of its own. */
  public boolean onEvent(LpContext ctx, Object event) {
    if (event instanceof LinkGenerator.Emission e) {
      if (!crashed) {
        generator(e.link()).onEmission(ctx, e);
      }
    } else if (event instanceof LinkGenerator.CycleEnd c) {
      if (!crashed) {
        generator(c.link()).onCycleEnd(ctx);
      }
    } else if (event instanceof LinkGenerator.OwnHerald h) {
      if (!crashed) {
        telemetry.linkPairGenerated(h.herald().getLink(), h.herald().getEmittedAtNs(),
            h.herald().getState().getPhiPlus());
        onHerald(ctx, h.herald());
      }
    } else if (event instanceof Delivered d) {
      Circuit c = circuits.get(d.circuit());
      if (c != null && !crashed) {
        deliver(ctx, c, d.delivery());
      }
    } else if (event instanceof CutoffCheck k) {
      onCutoff(ctx, k);
    } else if (event instanceof OwnPurifyResult p) {
      onPurifyResult(ctx, p.result());
    } else {
      return false;
    }
    return true;
  }

  /** Handles a message of this layer; false when its body is not one of this layer's. */
  public boolean onMessage(LpContext ctx, LpMessage m) {
    switch (m.getBodyCase()) {
      case ENTANGLEMENT_REQUEST -> onRequest(ctx, m.getEntanglementRequest());
      case HERALD -> onHerald(ctx, m.getHerald());
      case RELEASE -> onRelease(ctx, m.getRelease());
      case SWAP_RESULT -> onSwapResult(ctx, m.getSwapResult());
      case PAIR_DISCARDED -> onPairDiscarded(ctx, m.getPairDiscarded());
      case PURIFY_RESULT -> onPurifyResult(ctx, m.getPurifyResult());
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Opens a circuit at its source: installs it here and sends the request on along the route.
   *
   * @param flow the fixed flow it serves, or -1
   * @param qubitsPerSide qubits each node gives it per route link (ignored for fixed flows,
   *     whose split the plan fixed)
   * @param rounds entanglement pumping rounds every link pair goes through before it is used
   * @param priority the request's priority for shared memory (priority policy)
   */
  public void open(LpContext ctx, long circuit, int flow, Route route, int qubitsPerSide,
      long cutoffNs, SwapSchedule schedule, int rounds, int priority) {
    EntanglementRequest.Builder r = EntanglementRequest.newBuilder().setCircuit(circuit)
        .setRequestedAtNs(ctx.now()).setPosition(0).setFlow(flow)
        .setQubitsPerSide(qubitsPerSide).setCutoffNs(cutoffNs)
        .setSwapOrder(SwapOrder.forNumber(schedule.ordinal())).setPurificationRounds(rounds)
        .setPriority(priority);
    for (int v : route.nodes()) {
      r.addNodes(v);
    }
    for (int l : route.links()) {
      r.addLinks(l);
    }
    install(ctx, r.build(), route);
  }

  private void onRequest(LpContext ctx, EntanglementRequest r) {
    int p = r.getPosition();
    int hops = r.getLinksCount();
    if (p <= 0 || p > hops || r.getNodesCount() != hops + 1 || r.getNodes(p) != node) {
      throw new MalformedMessageException("entanglement request for position " + p
          + " reached node " + node + ", which is not there on its route");
    }
    if (crashed || circuits.containsKey(r.getCircuit()) || closed.containsKey(r.getCircuit())) {
      return;
    }
    int[] nodes = r.getNodesList().stream().mapToInt(Integer::intValue).toArray();
    int[] links = r.getLinksList().stream().mapToInt(Integer::intValue).toArray();
    for (int i = 0; i < links.length; i++) {
      Link l = checkedLink(links[i]);
      boolean joins = l.a() == nodes[i] && l.b() == nodes[i + 1]
          || l.b() == nodes[i] && l.a() == nodes[i + 1];
      if (!joins) {
        throw new MalformedMessageException("entanglement request's link " + links[i]
            + " does not join nodes " + nodes[i] + " and " + nodes[i + 1]);
      }
    }
    install(ctx, r, Route.along(Math.max(r.getFlow(), 0), topology, nodes, links));
  }

  /** Installs the circuit here, passes the request on, then gives the circuit its qubits. */
  private void install(LpContext ctx, EntanglementRequest r, Route route) {
    int p = r.getPosition();
    int leftSlots;
    int rightSlots;
    if (r.getFlow() >= 0) {
      var spec = plan.roles(node).stream().filter(s -> s.flow() == r.getFlow()).findFirst()
          .orElseThrow(() -> new MalformedMessageException("node " + node
              + " is not on the route of flow " + r.getFlow()));
      leftSlots = spec.leftSlots();
      rightSlots = spec.rightSlots();
    } else {
      leftSlots = p > 0 ? r.getQubitsPerSide() : 0;
      rightSlots = p < route.hops() ? r.getQubitsPerSide() : 0;
    }
    if (r.getSwapOrder() == SwapOrder.UNRECOGNIZED) {
      throw new MalformedMessageException("entanglement request with swap order "
          + r.getSwapOrderValue());
    }
    if (r.getPurificationRounds() < 0) {
      throw new MalformedMessageException("entanglement request with "
          + r.getPurificationRounds() + " purification rounds");
    }
    Circuit c = new Circuit(r.getCircuit(), r.getFlow(), route, p, leftSlots, rightSlots,
        r.getCutoffNs(), SwapSchedule.values()[r.getSwapOrderValue()],
        r.getPurificationRounds(), r.getPriority());
    circuits.put(c.id, c);
    if (!c.isDestination()) {
      // The request goes first: the next node must know the circuit before our credits arrive.
      Link next = topology.link(c.rightLink());
      ctx.send(next.other(node), next.delayNs(), LpMessage.newBuilder().setEntanglementRequest(
          r.toBuilder().setPosition(p + 1)));
    }
    if (!c.isSource()) {
      openOnLink(c.leftLink(), c.id);
    }
    if (!c.isDestination()) {
      openOnLink(c.rightLink(), c.id);
    }
    if (sharesMemory(c)) {
      shared.ask(ctx.now(), c, leftSlots, rightSlots, granter(ctx));
      reportShared(ctx);
    } else {
      grant(ctx, c, leftSlots, rightSlots);
    }
  }

  /** Whether the circuit draws on the node's shared request memory (else it keeps its slots). */
  private boolean sharesMemory(Circuit c) {
    return shared != null && c.flow < 0;
  }

  private SharedMemory.Grant granter(LpContext ctx) {
    return (c, left, right) -> grant(ctx, c, left, right);
  }

  /**
   * Qubits of the circuit are free again: a reserved circuit gets them back at once; under
   * shared memory they return to the node and the circuit asks again in the same step, taking
   * its place in the node's order ({@link SharedMemory#recycle}).
   */
  private void recycle(LpContext ctx, Circuit c, int left, int right) {
    if (sharesMemory(c)) {
      shared.recycle(ctx.now(), c, left, right, granter(ctx));
      reportShared(ctx);
    } else {
      grant(ctx, c, left, right);
    }
  }

  private void openOnLink(int link, long circuit) {
    LinkGenerator g = generator(link);
    if (g != null) {
      g.open(circuit);
    }
  }

  /**
   * Closes a circuit at this node: its stored qubits are dropped and its links stop generating
   * for it here. Late heralds, results and credits of it are ignored until {@code lateUntilNs},
   * by when every other node has closed it and its last messages have arrived; after that it is
   * forgotten, so a long run keeps only the recently closed circuits.
   */
  public void close(LpContext ctx, long circuit, long lateUntilNs) {
    while (!forgetting.isEmpty() && forgetting.peek().atNs() < ctx.now()) {
      closed.remove(forgetting.poll().circuit());
    }
    if (!closed.containsKey(circuit)) {
      closed.put(circuit, Boolean.TRUE);
      forgetting.add(new Forget(Math.max(lateUntilNs, ctx.now()), circuit));
    }
    Circuit c = circuits.remove(circuit);
    if (c == null) {
      // Closed before its request arrived (a release can overtake it): the request, when it
      // comes, must not install it.
      return;
    }
    for (int l : new int[] {c.leftLink(), c.rightLink()}) {
      LinkGenerator g = l < 0 ? null : generator(l);
      if (g != null) {
        g.close(circuit);
      }
    }
    int drop = c.stored();
    if (drop > 0) {
      stored -= drop;
      memoryObserver.stored(ctx, stored);
    }
    if (sharesMemory(c) && !crashed) {
      shared.close(ctx.now(), c, granter(ctx));
      reportShared(ctx);
    }
  }

  /** Shared request memory in use, as reservations report theirs (only when it changed). */
  private void reportShared(LpContext ctx) {
    if (shared.inUse() != reportedSharedInUse) {
      reportedSharedInUse = shared.inUse();
      telemetry.memoryOccupancy(node, ctx.now(), reportedSharedInUse, shared.capacity());
    }
  }

  /** A circuit id no other node or circuit of the run uses: this node, then its own count. */
  public long newCircuitId() {
    return (long) node << 32 | circuitSeq++;
  }

  /** Closed circuits this node still remembers (their late messages may still arrive). */
  public int rememberedClosed() {
    return closed.size();
  }

  /** Whether the circuit is open at this node. */
  public boolean isOpen(long circuit) {
    return circuits.containsKey(circuit);
  }

  /** Gives the circuit {@code left} / {@code right} of this node's qubits on its links. */
  private void grant(LpContext ctx, Circuit c, int left, int right) {
    if (left > 0) {
      grant(ctx, c.leftLink(), c.id, left);
    }
    if (right > 0) {
      grant(ctx, c.rightLink(), c.id, right);
    }
  }

  /** Makes {@code n} of this node's qubits on {@code link} available to the circuit. */
  private void grant(LpContext ctx, int linkIndex, long circuit, int n) {
    if (n <= 0) {
      return;
    }
    Link link = topology.link(linkIndex);
    if (link.a() == node) {
      generator(linkIndex).addOwnCredits(ctx, circuit, n);
    } else {
      ctx.send(link.a(), link.delayNs(), LpMessage.newBuilder().setRelease(
          Release.newBuilder().setLink(linkIndex).setCircuit(circuit).setSlots(n)));
    }
  }

  private void onRelease(LpContext ctx, Release r) {
    LinkGenerator g = generator(r.getLink());
    if (g == null || r.getSlots() <= 0) {
      throw new MalformedMessageException("release for link " + r.getLink()
          + " does not match a link node " + node + " generates on");
    }
    if (crashed) {
      return;
    }
    if (!g.serves(r.getCircuit()) && !closed.containsKey(r.getCircuit())) {
      throw new MalformedMessageException("release on link " + r.getLink() + " for circuit "
          + r.getCircuit() + ", which does not use it at node " + node);
    }
    g.addPeerCredits(ctx, r.getCircuit(), r.getSlots());
  }

  /** The circuit, or null when it was closed here (its late messages are ignored). */
  private Circuit circuit(long id, String what) {
    Circuit c = circuits.get(id);
    if (c == null && !closed.containsKey(id)) {
      throw new MalformedMessageException(what + " for circuit " + id + ", unknown at node "
          + node);
    }
    return c;
  }

  private void onHerald(LpContext ctx, Herald h) {
    if (crashed) {
      return;
    }
    Circuit c = circuit(h.getCircuit(), "herald");
    if (c == null) {
      return;
    }
    boolean leftSide = h.getLink() == c.leftLink();
    if (!leftSide && h.getLink() != c.rightLink()) {
      throw new MalformedMessageException("herald on link " + h.getLink() + " is not on circuit "
          + c.id + "'s route at node " + node);
    }
    BellDiagonal state;
    try {
      state = BellDiagonal.fromProto(h.getState());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    HeldQubit q = new HeldQubit(h.getPairId(), h.getEmittedAtNs(), state,
        leftSide ? c.position - 1 : c.position + 1);
    stored++;
    peakStored = Math.max(peakStored, stored);
    memoryObserver.stored(ctx, stored);
    if (c.rounds > 0) {
      (leftSide ? c.pumpingLeft : c.pumpingRight).add(q);
      tryPumping(ctx, c, h.getLink());
    } else {
      accept(ctx, c, leftSide, q);
    }
  }

  /** A link pair is ready for the network layer: delivered, kept for its chain, or swapped. */
  private void accept(LpContext ctx, Circuit c, boolean leftSide, HeldQubit q) {
    if (c.isEnd()) {
      if (c.route.hops() == 1) {
        // Both ends know of the pair at the same instant: it is delivered now.
        deliver(ctx, c, new ChainAssembler.Delivery(ctx.now(), q.oldestEmissionNs, q.pairId,
            q.stateAtNs, q.pairId, q.stateAtNs, q.state, 0));
      } else {
        c.held.put(q.pairId, q);
      }
      return;
    }
    (leftSide ? c.left : c.right).add(q);
    trySwaps(ctx, c);
    if (c.cutoffNs > 0 && (c.left.contains(q) || c.right.contains(q))) {
      ctx.schedule(ctx.now() + c.cutoffNs, new CutoffCheck(c.id, q.pairId));
    }
  }

  /**
   * A pumping round starts at both ends of a link at the same instant and by the same rule: the
   * oldest idle pair is kept, the next idle one sacrificed. Both ends measure the sacrificed pair
   * at once, so its qubits are free now; the generating end samples the joint outcome, which both
   * ends learn one link delay later (the far end from its {@link PurifyResult}). Both ends see
   * the same heralds and outcomes at the same instants, so they pair alike; the far end checks
   * the outcome names its own pairing.
   */
  private void tryPumping(LpContext ctx, Circuit c, int link) {
    List<HeldQubit> pairs = link == c.leftLink() ? c.pumpingLeft : c.pumpingRight;
    HeldQubit kept = null;
    for (HeldQubit q : pairs) {
      if (q.pumping) {
        continue;
      }
      if (kept == null) {
        kept = q;
        continue;
      }
      kept.pumping = true;
      kept.pumpedWith = q.pairId;
      pairs.remove(q);
      Link l = topology.link(link);
      if (l.a() == node) {
        PurifyResult r = Pumping.round(c.id, l, kept, q, plan.memory(l.a()), plan.memory(l.b()),
            ctx.now(), pumping).build();
        telemetry.purification(node, ctx.now(), r.getSuccess());
        ctx.send(l.b(), l.delayNs(), LpMessage.newBuilder().setPurifyResult(r));
        ctx.schedule(ctx.now() + l.delayNs(), new OwnPurifyResult(r));
      }
      free(ctx, c, link);
      return;
    }
  }

  /** Both ends apply a pumping round's outcome at the instant they learn it. */
  private void onPurifyResult(LpContext ctx, PurifyResult r) {
    if (crashed) {
      return;
    }
    Circuit c = circuit(r.getCircuit(), "purification result");
    if (c == null) {
      return;
    }
    boolean leftSide = r.getLink() == c.leftLink();
    if (!leftSide && r.getLink() != c.rightLink() || c.rounds == 0) {
      throw new MalformedMessageException("purification result on link " + r.getLink()
          + " does not match circuit " + c.id + " at node " + node);
    }
    List<HeldQubit> pairs = leftSide ? c.pumpingLeft : c.pumpingRight;
    HeldQubit kept = find(pairs, r.getKeptPair());
    if (kept == null || !kept.pumping || kept.pumpedWith != r.getSacrificedPair()) {
      throw new MalformedMessageException("purification result for pairs " + r.getKeptPair()
          + " and " + r.getSacrificedPair() + ", not pumped together at node " + node);
    }
    if (!r.getSuccess()) {
      pairs.remove(kept);
      free(ctx, c, r.getLink());
    } else {
      try {
        kept.state = BellDiagonal.fromProto(r.getState());
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException(e.getMessage());
      }
      kept.stateAtNs = r.getStateAtNs();
      kept.oldestEmissionNs = r.getOldestEmissionNs();
      kept.rounds = r.getRoundsDone();
      kept.pumping = false;
      if (kept.rounds >= c.rounds) {
        pairs.remove(kept);
        accept(ctx, c, leftSide, kept);
      }
    }
    if (circuits.get(c.id) == c) {
      tryPumping(ctx, c, r.getLink());
    }
  }

  private static HeldQubit find(List<HeldQubit> pairs, long pairId) {
    for (HeldQubit q : pairs) {
      if (q.pairId == pairId) {
        return q;
      }
    }
    return null;
  }

  /** One of this node's qubits on the circuit's {@code link} is free again. */
  private void free(LpContext ctx, Circuit c, int link) {
    stored--;
    memoryObserver.stored(ctx, stored);
    boolean left = link == c.leftLink();
    recycle(ctx, c, left ? 1 : 0, left ? 0 : 1);
  }

  /**
   * Swaps the oldest left and right qubits whose segments reach as far as the circuit's schedule
   * asks, for as long as there are such; true when it swapped.
   */
  private boolean trySwaps(LpContext ctx, Circuit c) {
    if (c.schedule == SwapSchedule.ASAP) {
      // Every qubit is ready at once: the oldest on each side, as soon as both exist.
      if (c.left.isEmpty() || c.right.isEmpty()) {
        return false;
      }
      swap(ctx, c, c.left.poll(), c.right.poll());
      return true;
    }
    boolean swapped = false;
    while (true) {
      HeldQubit l = oldestReady(c.left, true, c.leftNeed);
      HeldQubit r = l == null ? null : oldestReady(c.right, false, c.rightNeed);
      if (r == null) {
        return swapped;
      }
      c.left.remove(l);
      c.right.remove(r);
      swap(ctx, c, l, r);
      swapped = true;
    }
  }

  private static HeldQubit oldestReady(ArrayDeque<HeldQubit> queue, boolean left, int need) {
    for (HeldQubit q : queue) {
      if (left ? q.reach <= need : q.reach >= need) {
        return q;
      }
    }
    return null;
  }

  /** A repeater this one waits for swapped: the segment of one of its qubits grew. */
  private void onChildSwap(LpContext ctx, Circuit c, SwapResult r) {
    int from = r.getPosition();
    if (c.schedule.waitingRepeater(from, c.route.hops()) != c.position) {
      throw new MalformedMessageException("swap result of position " + from + " sent to node "
          + node + ", which does not wait for it on circuit " + c.id);
    }
    boolean leftChild = from < c.position;
    long mine = leftChild ? r.getSegmentRightPair() : r.getSegmentLeftPair();
    ArrayDeque<HeldQubit> queue = leftChild ? c.left : c.right;
    for (Iterator<HeldQubit> it = queue.iterator(); it.hasNext(); ) {
      HeldQubit q = it.next();
      if (q.pairId == mine) {
        if (r.getFailed()) {
          // The segment is lost: so is this half of its boundary pair.
          it.remove();
          free(ctx, c, leftChild ? c.leftLink() : c.rightLink());
          return;
        }
        q.reach = leftChild ? r.getSegmentFrom() : r.getSegmentTo();
        q.outerPair = leftChild ? r.getSegmentLeftPair() : r.getSegmentRightPair();
        trySwaps(ctx, c);
        return;
      }
    }
    // The qubit was discarded at its cutoff: the ends know the segment is lost.
  }

  /** Bell-state measurement on this node's qubits of the left and right pairs. */
  private void swap(LpContext ctx, Circuit c, HeldQubit left, HeldQubit right) {
    Route route = c.route;
    int pos = c.position;
    MemoryNoise memory = plan.memory(node);
    boolean rightReachesDestination = pos + 1 == route.hops();
    // Each fresh pair's state is counted once: by the swap on its right end, or for the last
    // pair, by the swap on its left end. This node's two qubits decayed since their emission;
    // the swap's gate noise acts on them (Swapping: (1 - p_g)(w1 * w2) + p_g/4).
    double[] w = scratchLeft;
    left.state.copyTo(w);
    memory.decay(w, ctx.now() - left.stateAtNs);
    memory.decay(w, ctx.now() - right.stateAtNs);
    double[] v = scratchRight;
    (rightReachesDestination ? right.state : BellDiagonal.PERFECT).copyTo(v);
    Swapping.swap(w, v, plan.gateDepolarizing(node), w);
    // Linear optics tells only two of the four Bell states apart: the others lose both pairs.
    double success = plan.swapSuccess(node);
    boolean failed = success < 1 && bsm.nextDouble() >= success;
    // Built once: the same message goes to both ends (and to a waiting repeater).
    SwapResult result = SwapResult.newBuilder().setFailed(failed)
        .setCircuit(c.id).setPosition(pos).setSwappedAtNs(ctx.now())
        .setLeft(pairRef(left))
        .setRight(pairRef(right))
        .setSegmentFrom(left.reach).setSegmentTo(right.reach)
        .setSegmentLeftPair(left.outerPair).setSegmentRightPair(right.outerPair)
        .setLeftReachesSource(pos == 1)
        .setRightReachesDestination(rightReachesDestination)
        // For Bell-diagonal inputs the four outcomes are equally likely.
        .setPauliCorrection(bsm.nextInt(4))
        .setContribution(BellDiagonal.of(w).toProto()).build();
    ctx.send(route.source(), route.delayToSourceNs(pos),
        LpMessage.newBuilder().setSwapResult(result));
    ctx.send(route.destination(), route.delayToDestinationNs(pos),
        LpMessage.newBuilder().setSwapResult(result));
    if (c.waitingRepeater >= 0) {
      ctx.send(route.nodes()[c.waitingRepeater], route.delayBetweenNs(pos, c.waitingRepeater),
          LpMessage.newBuilder().setSwapResult(result));
    }
    stored -= 2;
    swaps++;
    swapFailures += failed ? 1 : 0;
    telemetry.swap(node, ctx.now(), !failed);
    memoryObserver.stored(ctx, stored);
    recycle(ctx, c, 1, 1);
  }

  private static PairRef.Builder pairRef(HeldQubit q) {
    return PairRef.newBuilder().setPairId(q.pairId).setEmittedAtNs(q.oldestEmissionNs)
        .setStateAtNs(q.stateAtNs);
  }

  /** A repeater's qubit waited the cutoff: if still unswapped it is discarded. */
  private void onCutoff(LpContext ctx, CutoffCheck k) {
    Circuit c = circuits.get(k.circuit());
    if (c == null || crashed) {
      return;
    }
    boolean leftSide = removeWaiting(c.left, k.pairId());
    if (!leftSide && !removeWaiting(c.right, k.pairId())) {
      return; // swapped in time
    }
    cutoffDiscards++;
    stored--;
    memoryObserver.stored(ctx, stored);
    PairDiscarded d = PairDiscarded.newBuilder().setCircuit(c.id).setPairId(k.pairId())
        .setPosition(c.position).build();
    ctx.send(c.route.source(), c.route.delayToSourceNs(c.position),
        LpMessage.newBuilder().setPairDiscarded(d));
    ctx.send(c.route.destination(), c.route.delayToDestinationNs(c.position),
        LpMessage.newBuilder().setPairDiscarded(d));
    recycle(ctx, c, leftSide ? 1 : 0, leftSide ? 0 : 1);
  }

  private static boolean removeWaiting(ArrayDeque<HeldQubit> queue, long pairId) {
    return queue.removeIf(q -> q.pairId == pairId);
  }

  private void onSwapResult(LpContext ctx, SwapResult r) {
    if (crashed) {
      return;
    }
    Circuit c = circuit(r.getCircuit(), "swap result");
    if (c == null) {
      return;
    }
    if (!c.isEnd()) {
      onChildSwap(ctx, c, r);
      return;
    }
    if (c.assembler == null) {
      throw new MalformedMessageException("node " + node + " does not end circuit "
          + r.getCircuit());
    }
    ChainAssembler.Joined joined = c.assembler.add(r);
    if (joined instanceof ChainAssembler.Lost lost) {
      freeLost(ctx, c, lost);
    } else if (joined instanceof ChainAssembler.Delivery d) {
      long mine = c.isSource() ? d.sourcePairId() : d.destinationPairId();
      if (!c.held.containsKey(mine)) {
        throw new MalformedMessageException("circuit " + r.getCircuit()
            + " completed a pair on qubit " + mine + " that node " + node + " does not hold");
      }
      if (d.deliveryNs() <= ctx.now()) {
        deliver(ctx, c, d);
      } else {
        ctx.schedule(d.deliveryNs(), new Delivered(c.id, d));
      }
    }
  }

  private void onPairDiscarded(LpContext ctx, PairDiscarded d) {
    if (crashed) {
      return;
    }
    Circuit c = circuit(d.getCircuit(), "discard");
    if (c == null) {
      return;
    }
    if (c.assembler == null) {
      throw new MalformedMessageException("node " + node + " does not end circuit "
          + d.getCircuit());
    }
    if (c.held.containsKey(d.getPairId())) {
      // The pair's other qubit was at the discarding repeater, next to this end.
      release(ctx, c, d.getPairId());
      return;
    }
    ChainAssembler.Lost lost = c.assembler.discard(d.getPairId(), ctx.now());
    if (lost != null) {
      freeLost(ctx, c, lost);
    }
  }

  private void freeLost(LpContext ctx, Circuit c, ChainAssembler.Lost lost) {
    long mine = c.isSource() ? lost.sourcePairId() : lost.destinationPairId();
    if (mine >= 0 && c.held.containsKey(mine)) {
      release(ctx, c, mine);
    }
  }

  /** Frees an end's qubit and gives it back to the circuit's link. */
  private void release(LpContext ctx, Circuit c, long pairId) {
    c.held.remove(pairId);
    stored--;
    memoryObserver.stored(ctx, stored);
    recycle(ctx, c, c.isSource() ? 0 : 1, c.isSource() ? 1 : 0);
  }

  /** Hands the pair to the application at this end and frees its memory qubit. */
  private void deliver(LpContext ctx, Circuit c, ChainAssembler.Delivery d) {
    release(ctx, c, c.isSource() ? d.sourcePairId() : d.destinationPairId());
    if (c.isSource()) {
      long t = ctx.now();
      double[] w = scratchLeft;
      d.noise().copyTo(w);
      plan.memory(c.route.source()).decay(w, t - d.sourceStateAtNs());
      plan.memory(c.route.destination()).decay(w, t - d.destinationStateAtNs());
      listener.delivered(ctx, c, w, t - d.oldestEmissionNs());
    }
  }

  /** The fiber of an incident link is cut: its generation stops here (if this end runs it). */
  public void cutLink(int link) {
    LinkGenerator g = generator(link);
    if (g != null) {
      g.cut();
    }
  }

  public void restoreLink(LpContext ctx, int link) {
    LinkGenerator g = generator(link);
    if (g != null) {
      g.restore(ctx);
    }
  }

  /** The node stops: its memories are lost and it neither sends nor answers from now on. */
  public void crash(LpContext ctx) {
    crashed = true;
    stored = 0;
    memoryObserver.stored(ctx, 0);
    if (shared != null) {
      shared.clear(ctx.now());
    }
  }

  /** The generator of a link this node generates on, or null. */
  private LinkGenerator generator(int link) {
    int i = Arrays.binarySearch(generatorLinks, link);
    return i < 0 ? null : generators[i];
  }

  private Link checkedLink(int l) {
    if (l < 0 || l >= topology.links().size()) {
      throw new MalformedMessageException("link " + l + " does not exist");
    }
    return topology.link(l);
  }

  public int stored() {
    return stored;
  }

  /** The node's request memory under the shared and priority policies, else null. */
  public MemoryUse sharedMemory() {
    return shared;
  }

  public int peakStored() {
    return peakStored;
  }

  public long swaps() {
    return swaps;
  }

  public long swapFailures() {
    return swapFailures;
  }

  public long cutoffDiscards() {
    return cutoffDiscards;
  }

  /** The link layer's report of every link this node generates on that made an attempt. */
  public List<LinkReport> linkReports() {
    List<LinkReport> out = new ArrayList<>(generators.length);
    for (LinkGenerator g : generators) {
      LinkReport r = g.report();
      if (r.getAttempts() > 0) {
        out.add(r);
      }
    }
    return out;
  }
}
