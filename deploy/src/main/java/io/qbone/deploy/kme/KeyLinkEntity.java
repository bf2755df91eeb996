package io.qbone.deploy.kme;

import io.qbone.qkd.kme.DeliveredKey;
import io.qbone.qkd.kme.KeyLink;
import io.qbone.qkd.kme.KeyLinkSnapshot;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeEvent;
import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.kme.KmeException;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.kme.KmeStatus;
import io.qbone.qkd.pool.KeyMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The key state shared by the two KMEs of a node pair, as an event-sourced actor: a request's
 * event is journaled before its answer is sent, so a key a client has seen survives any crash,
 * and replay after a restart rebuilds the store, the pending keys and the next key IDs.
 */
public final class KeyLinkEntity extends EventSourcedBehavior<KeyLinkEntity.Command, KmeEvent,
    KeyLink> {

  /** A command to the entity. */
  public sealed interface Command {}

  /** A request that changes keys; they reach the entity in batches via {@link KeyLinkGate}. */
  public sealed interface Request extends KeyLinkGate.Message {}

  /** Key material for the store (no answer; duplicates and overflow are dropped). */
  public record Store(KeyMaterial material) implements Request {}

  public record EncKeys(String masterSae, String slaveSae, int number, int sizeBits,
      ActorRef<Reply<List<DeliveredKey>>> replyTo) implements Request {}

  public record DecKeys(String masterSae, String slaveSae, List<UUID> keyIds,
      ActorRef<Reply<List<DeliveredKey>>> replyTo) implements Request {}

  /** Requests decided in order and journaled in one write; the gate hears when it is done. */
  public record Batch(List<Request> requests, ActorRef<KeyLinkGate.Message> gate)
      implements Command {}

  public record GetStatus(KmeDirectory.Route route, ActorRef<Reply<KmeStatus>> replyTo)
      implements Command {}

  /** Virtual time of the newest block in the store's journal (0: none). */
  public record GetLastBlockTime(ActorRef<Long> replyTo) implements Command {}

  /** An answer: a value or the refusal. */
  public record Reply<T>(T value, KmeException error) {
    static <T> Reply<T> ok(T value) {
      return new Reply<>(value, null);
    }

    static <T> Reply<T> refused(KmeException e) {
      return new Reply<>(null, e);
    }
  }

  private final KmeLimits limits;
  private final long linkSeed;

  private KeyLinkEntity(KmeDirectory.LinkId link, KmeLimits limits, long linkSeed) {
    super(persistenceId(link),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.limits = limits;
    this.linkSeed = linkSeed;
  }

  public static Behavior<Command> create(KmeDirectory.LinkId link, KmeLimits limits,
      long linkSeed) {
    return new KeyLinkEntity(link, limits, linkSeed);
  }

  static PersistenceId persistenceId(KmeDirectory.LinkId link) {
    return PersistenceId.of("kme-link", link.key());
  }

  @Override
  public KeyLink emptyState() {
    return new KeyLink(limits, linkSeed);
  }

  @Override
  public CommandHandler<Command, KmeEvent, KeyLink> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(GetStatus.class, (link, c) ->
            Effect().reply(c.replyTo(), Reply.ok(link.status(c.route()))))
        .onCommand(GetLastBlockTime.class, (link, c) ->
            Effect().reply(c.replyTo(), link.lastBlockAtNs()))
        .onCommand(Batch.class, this::onBatch)
        .build();
  }

  /**
   * Group commit: decides every request of the batch in order, journals all resulting events as
   * one record ({@link KmeEvent.Group}), and answers the masters and slaves only once it is
   * durable. Refusals change nothing and are answered at once.
   */
  private Effect<KmeEvent, KeyLink> onBatch(KeyLink link, Batch batch) {
    KeyLink.Planner plan = link.plan();
    List<KmeEvent> events = new ArrayList<>();
    List<Consumer<KeyLink>> answers = new ArrayList<>();
    for (Request r : batch.requests()) {
      try {
        if (r instanceof Store s) {
          plan.offer(s.material()).ifPresent(events::add);
        } else if (r instanceof EncKeys e) {
          KeysIssued issued = plan.decideEncKeys(e.masterSae(), e.slaveSae(), e.number(),
              e.sizeBits());
          events.add(issued);
          answers.add(after -> e.replyTo().tell(Reply.ok(after.issuedKeys(issued))));
        } else if (r instanceof DecKeys d) {
          KeyLink.Retrieval found = plan.decideDecKeys(d.masterSae(), d.slaveSae(), d.keyIds());
          events.add(found.event());
          answers.add(after -> d.replyTo().tell(Reply.ok(found.keys())));
        }
      } catch (KmeException refused) {
        if (r instanceof EncKeys e) {
          e.replyTo().tell(Reply.refused(refused));
        } else if (r instanceof DecKeys d) {
          d.replyTo().tell(Reply.refused(refused));
        }
      }
    }
    answers.add(after -> batch.gate().tell(KeyLinkGate.BatchDone.INSTANCE));
    if (events.isEmpty()) {
      answers.forEach(a -> a.accept(link));
      return Effect().none();
    }
    KmeEvent record = events.size() == 1 ? events.get(0) : new KmeEvent.Group(events);
    return Effect().persist(record).thenRun(after -> answers.forEach(a -> a.accept(after)));
  }

  /** Events between snapshots: bounds both the journal and the replay after a restart. */
  static final int SNAPSHOT_EVERY = 1000;

  /**
   * A snapshot every {@link #SNAPSHOT_EVERY} journal records, keeping the newest two, and the
   * records before the older of those deleted: the journal holds at most about
   * 2 × SNAPSHOT_EVERY records plus two copies of the key state, whatever the run's length
   * (docs/kme.md, "Journal size").
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
  }

  /**
   * The state is mutable and applied in place, so the snapshot is an immutable copy taken in the
   * actor; a restart builds a fresh state from it.
   */
  @Override
  public SnapshotAdapter<KeyLink> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(KeyLink state) {
        return state.snapshot();
      }

      @Override
      public KeyLink fromJournal(Object from) {
        return KeyLink.restore(limits, linkSeed, (KeyLinkSnapshot) from);
      }
    };
  }

  @Override
  public EventHandler<KeyLink, KmeEvent> eventHandler() {
    // KeyLink is mutable: applying in place avoids copying the store per event. Command
    // handlers only read it, and snapshots are copies (snapshotAdapter), so no one sees a
    // half-applied state.
    return newEventHandlerBuilder().forAnyState().onAnyEvent((link, e) -> {
      link.apply(e);
      return link;
    });
  }
}
