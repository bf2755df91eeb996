package io.qbone.router.delivery;

import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.routing.Route;
import io.qbone.node.util.LongMap;

/**
 * Runs at each end of a flow: joins the swap results of the repeaters, which arrive in any
 * order, into end-to-end pairs. A pair is complete once one chain of swaps reaches from the
 * source's qubit to the destination's; since every result also says when it reaches the other
 * end (fiber delays are known), both ends compute the same delivery time and state without
 * another message.
 */
public final class ChainAssembler {
  private final Route route;
  /** Segments by the id of each of their two boundary pairs: the only pairs a swap can join. */
  private final LongMap<Segment> byBoundaryPair = new LongMap<>();

  public ChainAssembler(Route route) {
    this.route = route;
  }

  /** A finished end-to-end pair. */
  public record Delivery(
      long deliveryNs, long oldestEmissionNs, long sourcePairId, long sourceEmittedAtNs,
      long destinationPairId, long destinationEmittedAtNs, BellDiagonal noise, int pauliFrame) {}

  /** Adds one swap result; returns the completed pair it closes, or null. */
  public Delivery add(SwapResult r) {
    int pos = r.getPosition();
    if (pos <= 0 || pos >= route.hops()) {
      throw new MalformedMessageException("swap result position " + pos + " is not inside the route of flow " + route.flow());
    }
    Segment joined = segmentEndingAt(r.getLeft().getPairId(), r.getLeft().getEmittedAtNs());
    Segment right = segmentStartingAt(r.getRight().getPairId(), r.getRight().getEmittedAtNs());
    byBoundaryPair.remove(joined.rightPairId);
    byBoundaryPair.remove(right.leftPairId);
    BellDiagonal contribution;
    try {
      contribution = BellDiagonal.fromProto(r.getContribution());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    joined.addSwap(contribution, r.getPauliCorrection() & 3,
        r.getSwappedAtNs() + route.delayToSourceNs(pos),
        r.getSwappedAtNs() + route.delayToDestinationNs(pos));
    joined.append(right);
    if (r.getLeftReachesSource()) {
      joined.reachesSource = true;
      joined.sourceEmittedAtNs = r.getLeft().getEmittedAtNs();
    }
    if (r.getRightReachesDestination()) {
      joined.reachesDestination = true;
      joined.destinationEmittedAtNs = r.getRight().getEmittedAtNs();
    }
    if (joined.complete()) {
      byBoundaryPair.remove(joined.leftPairId);
      byBoundaryPair.remove(joined.rightPairId);
      return new Delivery(joined.deliveryNs(), joined.oldestEmissionNs, joined.leftPairId,
          joined.sourceEmittedAtNs, joined.rightPairId, joined.destinationEmittedAtNs,
          joined.noise, joined.pauliFrame);
    }
    byBoundaryPair.put(joined.leftPairId, joined);
    byBoundaryPair.put(joined.rightPairId, joined);
    return null;
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

  private static Segment single(long pairId, long emittedAtNs) {
    Segment s = new Segment();
    s.leftPairId = pairId;
    s.rightPairId = pairId;
    s.oldestEmissionNs = emittedAtNs;
    return s;
  }
}
