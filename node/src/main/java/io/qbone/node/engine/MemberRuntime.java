package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.LpMessage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/** What the LPs hosted on one cluster member share: settings, model factory and routes out. */
final class MemberRuntime {
  final EngineSettings settings;
  final ModelFactory factory;
  /** Which member hosts each LP; the same on every member of the run. */
  final LpPlacement placement;
  final MemberLedger ledger;
  private final String[] entityIds;
  private volatile ActorRef<ShardingEnvelope<Message>> region;
  /** Wall clock for performance counters and spin bounds only; never seen by models. */
  final LongSupplier wallNanos;
  /** Wall time LPs of this member spent processing windows, and how many windows they ran. */
  final LongAdder lpBusyNanos = new LongAdder();
  final LongAdder lpWakes = new LongAdder();

  private final UnaryOperator<LpMessage> localTransport;

  /** Window workers: how many parts a member's woken LPs are split into (its dispatcher threads). */
  final int windowWorkers;
  /**
   * How long a window runner spins for more work (the next window, or the other runners' last
   * chunks) before it gives its thread back: 0 when the cores are shared with other members.
   */
  final long spinNanos;

  MemberRuntime(EngineSettings settings, LpPlacement placement, ModelFactory factory,
      LongSupplier wallNanos, UnaryOperator<LpMessage> localTransport, int windowWorkers,
      long spinNanos) {
    int lpCount = placement.lpCount();
    this.settings = settings;
    this.placement = placement;
    this.windowWorkers = windowWorkers;
    this.spinNanos = spinNanos;
    this.localTransport = localTransport;
    this.wallNanos = wallNanos;
    this.factory = factory;
    this.ledger = new MemberLedger(lpCount, settings.lookaheadNs(), placement.members());
    this.entityIds = new String[lpCount];
    for (int i = 0; i < lpCount; i++) {
      entityIds[i] = Integer.toString(i);
    }
  }

  /**
   * Spins until {@code done} holds or {@link #spinNanos} of wall time have passed: a window
   * runner waiting a few microseconds for work costs less than parking and being woken.
   *
   * @return whether {@code done} held
   */
  boolean spinUntil(BooleanSupplier done) {
    long deadline = wallNanos.getAsLong() + spinNanos;
    while (!done.getAsBoolean()) {
      if (wallNanos.getAsLong() >= deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  int lpCount() {
    return entityIds.length;
  }

  String entityId(int lp) {
    return entityIds[lp];
  }

  void attachRegion(ActorRef<ShardingEnvelope<Message>> region) {
    this.region = region;
  }

  ActorRef<ShardingEnvelope<Message>> region() {
    return region;
  }

  /**
   * End of the epoch this member is running (set by its local coordinator before the epoch's
   * first window): a message to another member must land at or after it.
   */
  volatile long epochEndNs;
  /** End of the last epoch this member finished: every message before it came too late. */
  volatile long ranUntilNs;

  /**
   * Delivers a message to an LP: into its inbox when it lives on this member (it is not needed
   * before the target's next window, and an actor dispatch per message would cost as much as the
   * event itself), else into {@code tally}'s outgoing batch for the target's member, which the
   * local coordinator sends when the epoch is over.
   *
   * @return true if the target is hosted on this member
   */
  boolean deliver(int target, LpMessage message, MemberLedger.WindowTally tally) {
    LogicalProcess local = ledger.local(target);
    if (local != null) {
      local.deliver(localTransport.apply(message));
      return true;
    }
    tally.away(placement.memberOf(target), message);
    return false;
  }
}
