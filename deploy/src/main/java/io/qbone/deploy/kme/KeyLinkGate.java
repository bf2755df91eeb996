package io.qbone.deploy.kme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Group commit in front of a {@link KeyLinkEntity}: requests that arrive while a batch is being
 * journaled wait here and go in the next batch, so one database write serves many requests
 * instead of one write per request, each behind the last.
 */
final class KeyLinkGate {
  /** What the gate receives: requests, and the end of a batch. */
  interface Message {}

  enum BatchDone implements Message { INSTANCE }

  /** The entity never answered (it restarted after a journal failure): stop waiting. */
  private enum Stuck implements Message { INSTANCE }

  /** Large enough to amortise a write, small enough that one write stays short. */
  static final int MAX_BATCH = 256;
  /** Key material per batch: a backlog of blocks must not become one huge transaction. */
  static final long MAX_BATCH_MATERIAL_BYTES = 4L << 20;
  private static final Duration STUCK_AFTER = Duration.ofSeconds(15);

  private final ActorRef<KeyLinkEntity.Command> entity;
  private final ActorContext<Message> context;
  private final TimerScheduler<Message> timers;
  private final List<KeyLinkEntity.Request> queued = new ArrayList<>();
  private boolean busy;

  private KeyLinkGate(ActorRef<KeyLinkEntity.Command> entity, ActorContext<Message> context,
      TimerScheduler<Message> timers) {
    this.entity = entity;
    this.context = context;
    this.timers = timers;
  }

  static Behavior<Message> create(ActorRef<KeyLinkEntity.Command> entity) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new KeyLinkGate(entity, context, timers).behavior()));
  }

  private Behavior<Message> behavior() {
    return Behaviors.receive(Message.class)
        .onMessage(KeyLinkEntity.Request.class, r -> {
          queued.add(r);
          if (!busy) {
            flush();
          }
          return Behaviors.same();
        })
        .onMessageEquals(BatchDone.INSTANCE, () -> {
          timers.cancel(Stuck.INSTANCE);
          busy = false;
          flush();
          return Behaviors.same();
        })
        .onMessageEquals(Stuck.INSTANCE, () -> {
          context.getLog().warn("key link batch unanswered for {}; sending the next", STUCK_AFTER);
          busy = false;
          flush();
          return Behaviors.same();
        })
        .build();
  }

  private void flush() {
    if (queued.isEmpty()) {
      return;
    }
    int n = 0;
    long material = 0;
    while (n < queued.size() && n < MAX_BATCH && (n == 0 || material < MAX_BATCH_MATERIAL_BYTES)) {
      if (queued.get(n) instanceof KeyLinkEntity.Store s) {
        material += s.material().bits().length;
      }
      n++;
    }
    List<KeyLinkEntity.Request> batch = List.copyOf(queued.subList(0, n));
    queued.subList(0, n).clear();
    entity.tell(new KeyLinkEntity.Batch(batch, context.getSelf()));
    busy = true;
    timers.startSingleTimer(Stuck.INSTANCE, STUCK_AFTER);
  }
}
