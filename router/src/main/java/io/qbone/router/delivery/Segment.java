package io.qbone.router.delivery;

import io.qbone.node.physics.BellDiagonal;

/**
 * A chain of link pairs already joined by swaps, as an end node learns of it from swap results:
 * its boundary pairs, the noise accumulated so far, the Pauli frame to correct, and when each
 * end of the flow will have heard of every swap in it.
 */
final class Segment {
  long leftPairId;
  long rightPairId;
  boolean reachesSource;
  boolean reachesDestination;
  long sourceStateAtNs;
  long destinationStateAtNs;
  long oldestEmissionNs = Long.MAX_VALUE;
  long knownAtSourceNs;
  long knownAtDestinationNs;
  int pauliFrame;
  BellDiagonal noise = BellDiagonal.PERFECT;
  /** A swap in it failed or one of its pairs was discarded: it can never become a pair. */
  boolean dead;
  /** Dead segments: whether the end's qubit of it was already reported lost. */
  boolean lossReportedAtSource;
  boolean lossReportedAtDestination;

  boolean complete() {
    return reachesSource && reachesDestination;
  }

  /** When both ends know the pair exists: the moment of delivery. */
  long deliveryNs() {
    return Math.max(knownAtSourceNs, knownAtDestinationNs);
  }

  /** Adds one swap's noise, Pauli correction and the times its result reaches both ends. */
  void addSwap(BellDiagonal contribution, int pauliCorrection, long atSourceNs, long atDestinationNs) {
    noise = noise.convolve(contribution);
    pauliFrame ^= pauliCorrection;
    knownAtSourceNs = Math.max(knownAtSourceNs, atSourceNs);
    knownAtDestinationNs = Math.max(knownAtDestinationNs, atDestinationNs);
  }

  /** Absorbs {@code right}, which continues this segment towards the destination. */
  void append(Segment right) {
    rightPairId = right.rightPairId;
    reachesDestination = right.reachesDestination;
    destinationStateAtNs = right.destinationStateAtNs;
    oldestEmissionNs = Math.min(oldestEmissionNs, right.oldestEmissionNs);
    knownAtSourceNs = Math.max(knownAtSourceNs, right.knownAtSourceNs);
    knownAtDestinationNs = Math.max(knownAtDestinationNs, right.knownAtDestinationNs);
    pauliFrame ^= right.pauliFrame;
    noise = noise.convolve(right.noise);
    dead |= right.dead;
  }
}
