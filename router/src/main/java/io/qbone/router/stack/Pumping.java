package io.qbone.router.stack;

import io.qbone.node.network.Link;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.protocol.v1.PurifyResult;
import io.qbone.router.routing.PathPhysics;
import java.util.SplittableRandom;

/**
 * One round of entanglement pumping on a link, as its generating end runs it: the kept pair and
 * a fresh one, both decayed in the two ends' memories up to now, go through the purification
 * protocol ({@link PathPhysics#PROTOCOL}); the joint outcome is drawn from its success
 * probability; a kept pair keeps decaying while the parities cross the link, so its new state
 * holds from one link delay later, when both ends learn the outcome.
 */
final class Pumping {
  private Pumping() {}

  static PurifyResult.Builder round(long circuit, Link link, HeldQubit kept, HeldQubit fresh,
      MemoryNoise memoryA, MemoryNoise memoryB, long nowNs, SplittableRandom random) {
    double[] k = decayed(kept, memoryA, memoryB, nowNs);
    double[] f = decayed(fresh, memoryA, memoryB, nowNs);
    double p = PathPhysics.PROTOCOL.apply(k, f, k);
    boolean success = random.nextDouble() < p;
    long knownAt = nowNs + link.delayNs();
    PurifyResult.Builder r = PurifyResult.newBuilder().setCircuit(circuit)
        .setLink(link.index()).setKeptPair(kept.pairId).setSacrificedPair(fresh.pairId)
        .setSuccess(success).setRoundsDone(kept.rounds + 1).setStateAtNs(knownAt)
        .setOldestEmissionNs(Math.min(kept.oldestEmissionNs, fresh.oldestEmissionNs));
    if (success) {
      memoryA.decay(k, link.delayNs());
      memoryB.decay(k, link.delayNs());
      r.setState(BellDiagonal.of(k).toProto());
    }
    return r;
  }

  private static double[] decayed(HeldQubit q, MemoryNoise a, MemoryNoise b, long nowNs) {
    double[] w = new double[4];
    q.state.copyTo(w);
    a.decay(w, nowNs - q.stateAtNs);
    b.decay(w, nowNs - q.stateAtNs);
    return w;
  }
}
