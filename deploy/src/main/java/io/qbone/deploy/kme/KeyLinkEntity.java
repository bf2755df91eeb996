package io.qbone.deploy.kme;

import io.qbone.qkd.kme.DeliveredKey;
import io.qbone.qkd.kme.KeyLink;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeEvent;
import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.kme.KmeException;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.kme.KmeStatus;
import io.qbone.qkd.pool.KeyMaterial;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The key state shared by the two KMEs of a node pair, as an event-sourced actor: a request's
 * event is journaled before its answer is sent, so a key a client has seen survives any crash,
 * and replay after a restart rebuilds the store, the pending keys and the next key IDs.
 */
public final class KeyLinkEntity extends EventSourcedBehavior<KeyLinkEntity.Command, KmeEvent,
    KeyLink> {

  /** A command to the entity. */
  public sealed interface Command {}

  /** Key material for the store (no answer; duplicates and overflow are dropped). */
  public record Store(KeyMaterial material) implements Command {}

  public record GetStatus(KmeDirectory.Route route, ActorRef<Reply<KmeStatus>> replyTo)
      implements Command {}

  public record EncKeys(String masterSae, String slaveSae, int number, int sizeBits,
      ActorRef<Reply<List<DeliveredKey>>> replyTo) implements Command {}

  public record DecKeys(String masterSae, String slaveSae, List<UUID> keyIds,
      ActorRef<Reply<List<DeliveredKey>>> replyTo) implements Command {}

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
        .onCommand(Store.class, (link, c) -> link.offer(c.material())
            .map(e -> Effect().persist((KmeEvent) e))
            .orElseGet(() -> Effect().none()))
        .onCommand(GetStatus.class, (link, c) ->
            Effect().reply(c.replyTo(), Reply.ok(link.status(c.route()))))
        .onCommand(EncKeys.class, (link, c) -> {
          KeysIssued issued;
          try {
            issued = link.decideEncKeys(c.masterSae(), c.slaveSae(), c.number(), c.sizeBits());
          } catch (KmeException e) {
            return Effect().reply(c.replyTo(), Reply.refused(e));
          }
          return Effect().persist((KmeEvent) issued)
              .thenReply(c.replyTo(), after -> Reply.ok(after.issuedKeys(issued)));
        })
        .onCommand(DecKeys.class, (link, c) -> {
          KeyLink.Retrieval found;
          try {
            found = link.decideDecKeys(c.masterSae(), c.slaveSae(), c.keyIds());
          } catch (KmeException e) {
            return Effect().reply(c.replyTo(), Reply.refused(e));
          }
          return Effect().persist((KmeEvent) found.event())
              .thenReply(c.replyTo(), after -> Reply.ok(found.keys()));
        })
        .build();
  }

  @Override
  public EventHandler<KeyLink, KmeEvent> eventHandler() {
    // KeyLink is mutable: applying in place avoids copying the store per event. Command
    // handlers only read it, and no snapshots are taken, so no one sees a half-applied state.
    return newEventHandlerBuilder().forAnyState().onAnyEvent((link, e) -> {
      link.apply(e);
      return link;
    });
  }
}
