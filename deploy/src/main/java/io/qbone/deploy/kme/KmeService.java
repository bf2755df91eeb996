package io.qbone.deploy.kme;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.kme.KeyLinkEntity.Command;
import io.qbone.deploy.kme.KeyLinkEntity.Reply;
import io.qbone.qkd.kme.DeliveredKey;
import io.qbone.qkd.kme.KeyLink;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeDirectory.Route;
import io.qbone.qkd.kme.KmeException;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.kme.KmeStatus;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.pool.KeyMaterial;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * The KMEs of a network in one actor system: one {@link KeyLinkEntity} per node pair that serves
 * SAEs, the directory that authorizes requests, and the sink through which key material enters.
 * Every operation completes with the value or fails with a {@link KmeException}.
 */
public final class KmeService implements AutoCloseable {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final KmeDirectory directory;
  /** Per served node pair: the entity (for reads) and its gate (for changes). */
  private record Link(ActorRef<Command> entity, ActorRef<KeyLinkGate.Message> gate) {}

  private final TreeMap<LinkId, Link> links = new TreeMap<>();

  private KmeService(ActorSystem<Void> system, KmeDirectory directory) {
    this.system = system;
    this.directory = directory;
  }

  /**
   * Starts the KMEs: creates the journal tables if missing, then one entity per served node pair,
   * each replaying its journal before it answers.
   */
  public static KmeService start(KmeDirectory directory, KmeLimits limits, long runSeed,
      KmeJournal journal) throws Exception {
    // The API reads the caller's certificate from the TLS session attribute of each request.
    // The owner closes the service (serve: in its shutdown hook, after unbinding the API).
    Config config = ConfigFactory.parseString("""
            pekko.http.server.parsing.ssl-session-attribute = on
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """)
        .withFallback(journal.config())
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "qbone-kme", config);
    try {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
    KmeService service = new KmeService(system, directory);
    for (LinkId link : directory.links()) {
      ActorRef<Command> entity = system.systemActorOf(
          KeyLinkEntity.create(link, limits, KeyLink.linkSeed(runSeed, link)),
          "kme-link-" + link.key(), Props.empty());
      service.links.put(link, new Link(entity, system.systemActorOf(KeyLinkGate.create(entity),
          "kme-gate-" + link.key(), Props.empty())));
    }
    return service;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public KmeDirectory directory() {
    return directory;
  }

  /** Where key material enters; blocks for node pairs that serve no SAE are ignored. */
  public KeyBlockSink sink() {
    return this::accept;
  }

  private void accept(KeyMaterial m) {
    Link link = links.get(new LinkId(m.nodeA(), m.nodeB()));
    if (link != null) {
      link.gate().tell(new KeyLinkEntity.Store(m));
    }
  }

  /**
   * The virtual time up to which the journal already holds the model's key blocks: the newest
   * block's time over every served node pair (0 for a fresh journal). A restarted serve re-runs
   * its model as fast as possible up to here, where the killed run had got to.
   */
  public long keyMaterialUntilNs() throws Exception {
    long until = 0;
    for (Link link : links.values()) {
      CompletionStage<Long> at = AskPattern.ask(link.entity(),
          KeyLinkEntity.GetLastBlockTime::new, ASK_TIMEOUT, system.scheduler());
      until = Math.max(until, at.toCompletableFuture().get(ASK_TIMEOUT.toSeconds(),
          TimeUnit.SECONDS));
    }
    return until;
  }

  public CompletionStage<KmeStatus> status(String masterSae, String slaveSae) {
    return call(masterSae, slaveSae, Link::entity,
        (route, replyTo) -> new KeyLinkEntity.GetStatus(route, replyTo));
  }

  public CompletionStage<List<DeliveredKey>> encKeys(String masterSae, String slaveSae,
      int number, int sizeBits) {
    return call(masterSae, slaveSae, Link::gate, (route, replyTo) ->
        new KeyLinkEntity.EncKeys(masterSae, slaveSae, number, sizeBits, replyTo));
  }

  public CompletionStage<List<DeliveredKey>> decKeys(String masterSae, String slaveSae,
      List<UUID> keyIds) {
    return call(masterSae, slaveSae, Link::gate, (route, replyTo) ->
        new KeyLinkEntity.DecKeys(masterSae, slaveSae, keyIds, replyTo));
  }

  private interface Request<M, T> {
    M make(Route route, ActorRef<Reply<T>> replyTo);
  }

  private <M, T> CompletionStage<T> call(String masterSae, String slaveSae,
      Function<Link, ActorRef<M>> target, Request<M, T> request) {
    Route route;
    try {
      route = directory.route(masterSae, slaveSae);
    } catch (KmeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ActorRef<M> to = target.apply(links.get(route.link()));
    CompletionStage<Reply<T>> reply = AskPattern.ask(to,
        replyTo -> request.make(route, replyTo), ASK_TIMEOUT, system.scheduler());
    // The ask's stage is a converted Scala future, whose thenCompose runs as thenComposeAsync on
    // the common pool, and with 2 cores that pool is a new thread per task. Name the executor:
    // the dispatcher, so answers are encoded off the entity's thread, without a thread each.
    return reply.thenComposeAsync(r -> r.error() == null
        ? CompletableFuture.completedFuture(r.value())
        : CompletableFuture.failedFuture(r.error()), system.executionContext());
  }

  /** Stops the KMEs and waits until the actor system (and its database pool) is down. */
  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
