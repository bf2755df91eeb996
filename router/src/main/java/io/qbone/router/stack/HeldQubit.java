package io.qbone.router.stack;

import io.qbone.node.physics.BellDiagonal;

/**
 * A node's half of a link pair, from its herald until it is swapped, delivered, sacrificed or
 * discarded: the pair's state from a reference time on (its emission, or its last pumping round),
 * and what the node knows of it. At a repeater, {@code reach} and {@code outerPair} say how far
 * along the route the segment on the pair's far side reaches (the link's other end for a fresh
 * pair; swap results of the repeaters this one waits for extend it).
 */
final class HeldQubit {
  final long pairId;
  /** The pair's state as of {@link #stateAtNs}; both qubits decay from then on. */
  BellDiagonal state;
  long stateAtNs;
  /** The oldest emission the pair was made from (for latency). */
  long oldestEmissionNs;
  /** Pumping rounds done on the pair. */
  int rounds;
  /** Under a pumping round whose outcome is not known yet. */
  boolean pumping;
  int reach;
  long outerPair;

  HeldQubit(long pairId, long emittedAtNs, BellDiagonal state, int reach) {
    this.pairId = pairId;
    this.state = state;
    this.stateAtNs = emittedAtNs;
    this.oldestEmissionNs = emittedAtNs;
    this.reach = reach;
    this.outerPair = pairId;
  }
}
