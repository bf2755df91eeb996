package io.qbone.router.delivery;

import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.util.LongMap;
import java.util.ArrayDeque;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.routing.Route;

/**
 * Runs at each end of a circuit: joins the swap results of the repeaters, which arrive in any
 * order, into end-to-end pairs. A pair is complete once one chain of swaps reaches from the
 * source's qubit to the destination's; since every result also says when it reaches the other
 * end (fiber delays are known), both ends compute the same delivery time and state without
 * another message.
 *
 * <p>A chain that contains a failed swap or a pair a repeater discarded can never complete; once
 * it reaches an end, that end's qubit is reported {@link Lost} so the end frees it. Both ends see
 * the same results and discards, so they agree on what is lost whatever the arrival order.
 */
public final class ChainAssembler {
  private final Route route;
  /** Segments by the id of each of their two boundary pairs: the only pairs a swap can join. */
  private final LongMap<Segment> byBoundaryPair = new LongMap<>();
  /** Discarded pairs no segment has reached yet ... */
  private final LongMap<Boolean> discarded = new LongMap<>();
  /** ... in the order their notices arrived, with the arrival times, to forget stale ones. */
  private final ArrayDeque<long[]> discardOrder = new ArrayDeque<>();
  /**
   * How long a discard notice may wait for the result that reaches its pair: the repeater holding
   * the pair's other half swaps it, or discards it too, by the instant the first half was
   * discarded, and its result takes at most the route's delay to arrive. Twice that for margin.
   */
  private final long discardHorizonNs;

  public ChainAssembler(Route route) {
    this.route = route;
    this.discardHorizonNs = 2 * route.endToEndDelayNs();
  }

  /** What a result or a discard completed: a pair, or the loss of an end's qubit. */
  public sealed interface Joined permits Delivery, Lost {}

  /**
   * A finished end-to-end pair: its accumulated noise, and from when each end's qubit decays
   * (its link pair's emission, or its last pumping round).
   */
  public record Delivery(
      long deliveryNs, long oldestEmissionNs, long sourcePairId, long sourceStateAtNs,
      long destinationPairId, long destinationStateAtNs, BellDiagonal noise, int pauliFrame)
      implements Joined {}

  /** The ends' qubits of a chain that can never complete; -1 where it does not reach an end. */
  public record Lost(long sourcePairId, long destinationPairId) implements Joined {}

  /** Adds one swap result; returns the pair it completes, an end's loss it reveals, or null. */
  public Joined add(SwapResult r) {
    int pos = r.getPosition();
    if (pos <= 0 || pos >= route.hops()) {
      throw new MalformedMessageException("swap result position " + pos
          + " is not inside the route of circuit " + r.getCircuit());
    }
    BellDiagonal contribution;
    try {
      contribution = BellDiagonal.fromProto(r.getContribution());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    // Both lookups may refuse the result; nothing changes before they have passed.
    Segment joined = segmentEndingAt(r.getLeft().getPairId(), r.getLeft().getEmittedAtNs());
    Segment right = segmentStartingAt(r.getRight().getPairId(), r.getRight().getEmittedAtNs());
    byBoundaryPair.remove(joined.rightPairId);
    byBoundaryPair.remove(right.leftPairId);
    joined.addSwap(contribution, r.getPauliCorrection() & 3,
        r.getSwappedAtNs() + route.delayToSourceNs(pos),
        r.getSwappedAtNs() + route.delayToDestinationNs(pos));
    joined.append(right);
    joined.dead |= r.getFailed();
    if (r.getLeftReachesSource()) {
      joined.reachesSource = true;
      joined.sourceStateAtNs = r.getLeft().getStateAtNs();
    }
    if (r.getRightReachesDestination()) {
      joined.reachesDestination = true;
      joined.destinationStateAtNs = r.getRight().getStateAtNs();
    }
    if (joined.dead || joined.complete()) {
      // Its outer pairs still point at its parts; a lost chain may be filed anew below.
      byBoundaryPair.remove(joined.leftPairId);
      byBoundaryPair.remove(joined.rightPairId);
    }
    if (joined.dead) {
      return lost(joined);
    }
    if (joined.complete()) {
      return new Delivery(joined.deliveryNs(), joined.oldestEmissionNs, joined.leftPairId,
          joined.sourceStateAtNs, joined.rightPairId, joined.destinationStateAtNs,
          joined.noise, joined.pauliFrame);
    }
    keep(joined);
    return null;
  }

  /**
   * A repeater discarded its qubit of {@code pairId}: the chain holding the pair is lost. Returns
   * the ends' qubits that this reveals lost, or null (then a later result reveals it). The end
   * itself checks whether it holds the pair's other qubit directly.
   */
  public Lost discard(long pairId, long nowNs) {
    forgetStaleDiscards(nowNs);
    Segment s = byBoundaryPair.get(pairId);
    if (s == null) {
      if (!discarded.containsKey(pairId)) {
        discarded.put(pairId, Boolean.TRUE);
        discardOrder.addLast(new long[] {nowNs, pairId});
      }
      return null;
    }
    byBoundaryPair.remove(s.leftPairId);
    byBoundaryPair.remove(s.rightPairId);
    s.dead = true;
    return lost(s);
  }

  /**
   * Both repeaters holding a pair's halves may discard them at the same instant; then no result
   * ever reaches the pair and its notices would stay filed for good. Forgets notices older than
   * the horizon (a result for them can no longer come).
   */
  private void forgetStaleDiscards(long nowNs) {
    while (!discardOrder.isEmpty() && discardOrder.peekFirst()[0] < nowNs - discardHorizonNs) {
      discarded.remove(discardOrder.pollFirst()[1]);
    }
  }

  /** Reports what of a dead segment reached an end for the first time; keeps the rest. */
  private Lost lost(Segment s) {
    long atSource = -1;
    long atDestination = -1;
    if (s.reachesSource && !s.lossReportedAtSource) {
      s.lossReportedAtSource = true;
      atSource = s.leftPairId;
    }
    if (s.reachesDestination && !s.lossReportedAtDestination) {
      s.lossReportedAtDestination = true;
      atDestination = s.rightPairId;
    }
    if (!s.complete()) {
      keep(s); // later swaps may extend it to an end, which must then hear of the loss
    }
    return atSource < 0 && atDestination < 0 ? null : new Lost(atSource, atDestination);
  }

  /** Pairs this end still files (segments under their boundary pairs, discards not met yet). */
  public int trackedPairs() {
    return byBoundaryPair.size() + discarded.size();
  }

  private void keep(Segment s) {
    byBoundaryPair.put(s.leftPairId, s);
    byBoundaryPair.put(s.rightPairId, s);
  }

  private Segment segmentEndingAt(long pairId, long emittedAtNs) {
    Segment s = byBoundaryPair.get(pairId);
    if (s != null && s.rightPairId != pairId) {
      throw new MalformedMessageException("pair " + pairId + " was already joined on its right");
    }
    return s != null ? s : single(pairId, emittedAtNs);
  }

  private Segment segmentStartingAt(long pairId, long emittedAtNs) {
    Segment s = byBoundaryPair.get(pairId);
    if (s != null && s.leftPairId != pairId) {
      throw new MalformedMessageException("pair " + pairId + " was already joined on its left");
    }
    return s != null ? s : single(pairId, emittedAtNs);
  }

  private Segment single(long pairId, long emittedAtNs) {
    Segment s = new Segment();
    s.leftPairId = pairId;
    s.rightPairId = pairId;
    s.oldestEmissionNs = emittedAtNs;
    s.dead = discarded.size() > 0 && discarded.remove(pairId) != null;
    return s;
  }
}
