package io.qbone.node.engine;

import com.google.protobuf.Message;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs the engine on N cluster members in this JVM, each its own ActorSystem joined over Artery
 * TCP on 127.0.0.1: the embedded default (N = 1) and the multi-member runs of tests and
 * benchmarks. LPs are placed on the members by an {@link LpPlacement}, which Cluster Sharding
 * follows ({@link PlacementSharding}).
 */
public final class EmbeddedCluster {
  static final EntityTypeKey<Message> LP_TYPE = EntityTypeKey.create(Message.class, "lp");
  private static final String SYSTEM_NAME = "qbone";
  /** Cluster formation is polled every 50 ms for at most a minute. */
  private static final int FORMATION_POLLS = 1200;
  private static final long POLL_INTERVAL_MS = 50;

  private final int members;
  /**
   * How long a lone member's window runners spin for the next window or the last chunks: longer
   * than the gap between two busy windows (tens of µs), short enough that a sparse run wastes
   * little.
   */
  private static final long RUNNER_SPIN_NANOS = 200_000;
  private final int threads;
  private final Config overrides;

  /**
   * @param members cluster members to start
   * @param threads dispatcher threads of each member
   * @param overrides extra Pekko configuration (tests turn on serialize-messages)
   */
  public EmbeddedCluster(int members, int threads, Config overrides) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be >= 1, got " + members);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.members = members;
    this.threads = threads;
    this.overrides = overrides;
  }

  /**
   * Forms the cluster, runs {@code lpCount} LPs to {@code settings.endNs()}, collects their
   * reports and shuts the cluster down.
   *
   * @param wallNanos wall clock, read only for real-time pacing, performance counters and to bound
   *     the window runners' spins (so it must advance: a lone member's runners spin on it)
   */
  public RunResult run(EngineSettings settings, int lpCount, ModelFactory factory,
      LongSupplier wallNanos) throws InterruptedException, ExecutionException {
    return run(settings, lpCount, factory, wallNanos, new RunProgress());
  }

  /** As {@link #run(EngineSettings, int, ModelFactory, LongSupplier)}, publishing progress. */
  public RunResult run(EngineSettings settings, int lpCount, ModelFactory factory,
      LongSupplier wallNanos, RunProgress progress) throws InterruptedException, ExecutionException {
    return run(settings, lpCount, factory, wallNanos, progress, null);
  }

  /**
   * As {@link #run(EngineSettings, int, ModelFactory, LongSupplier, RunProgress)}, delivering
   * what {@code injector} receives during the run (null: nothing can be injected).
   */
  public RunResult run(EngineSettings settings, int lpCount, ModelFactory factory,
      LongSupplier wallNanos, RunProgress progress, Injector injector)
      throws InterruptedException, ExecutionException {
    return run(settings, LpPlacement.blocks(lpCount, members), factory, wallNanos, progress,
        injector);
  }

  /**
   * Runs {@code placement.lpCount()} LPs, each on the member {@code placement} names; as
   * {@link #run(EngineSettings, int, ModelFactory, LongSupplier, RunProgress, Injector)}
   * otherwise.
   */
  public RunResult run(EngineSettings settings, LpPlacement placement, ModelFactory factory,
      LongSupplier wallNanos, RunProgress progress, Injector injector)
      throws InterruptedException, ExecutionException {
    if (placement.members() != members) {
      throw new IllegalArgumentException("placement is for " + placement.members()
          + " members, the cluster has " + members);
    }
    int lpCount = placement.lpCount();
    long begin = wallNanos.getAsLong();
    List<ActorSystem<Void>> systems = new ArrayList<>();
    RunResult result;
    long started;
    long finished;
    try {
      for (int i = 0; i < members; i++) {
        systems.add(ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config()));
      }
      formCluster(systems);
      CompletableFuture<RunResult> done = new CompletableFuture<>();
      List<MemberRuntime> runtimes = new ArrayList<>();
      for (ActorSystem<Void> system : systems) {
        runtimes.add(startSharding(system, settings, placement, factory, wallNanos));
      }
      awaitRegions(systems.get(0));
      started = wallNanos.getAsLong();
      for (int i = 0; i < systems.size(); i++) {
        startCoordinators(systems.get(i), runtimes.get(i), settings, lpCount, done, progress,
            injector);
      }
      result = done.get();
      finished = wallNanos.getAsLong();
    } finally {
      for (ActorSystem<Void> s : systems) {
        s.terminate();
      }
      for (ActorSystem<Void> s : systems) {
        try {
          s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          // Shutdown is best effort; the results are already in hand.
        }
      }
    }
    return result.withPhases(new RunResult.Phases(
        started - begin, finished - started, wallNanos.getAsLong() - finished));
  }

  private Config config() {
    String base = String.join("\n",
        "pekko.actor.provider = cluster",
        "pekko.remote.artery.transport = tcp",
        "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
        "pekko.cluster.min-nr-of-members = " + members,
        "pekko.cluster.sharding.passivation.strategy = none",
        // Shards must not move during a run: an LP's state lives in its actor.
        "pekko.cluster.sharding.rebalance-interval = 100 d",
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads,
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads,
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-factor = 1.0",
        "pekko.actor.default-dispatcher.throughput = 64",
        "pekko.coordinated-shutdown.exit-jvm = off",
        // The run is over when members stop: no graceful leave or shard hand-off is needed.
        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        "pekko.cluster.run-coordinated-shutdown-when-down = off",
        "pekko.loglevel = WARNING",
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
        "pekko.log-dead-letters = off",
        "pekko.log-dead-letters-during-shutdown = off");
    // -Dpekko.* system properties win, so any setting can be tuned from the command line.
    return ConfigFactory.systemProperties().withFallback(overrides)
        .withFallback(ConfigFactory.parseString(base)).withFallback(ConfigFactory.load());
  }

  private static void formCluster(List<ActorSystem<Void>> systems) throws InterruptedException {
    Address first = Cluster.get(systems.get(0)).selfMember().address();
    for (ActorSystem<Void> s : systems) {
      Cluster.get(s).manager().tell(Join.create(first));
    }
    for (ActorSystem<Void> s : systems) {
      for (int poll = 0; upMembers(s) < systems.size(); poll++) {
        if (poll == FORMATION_POLLS) {
          throw new IllegalStateException("cluster of " + systems.size() + " did not form");
        }
        Thread.sleep(POLL_INTERVAL_MS);
      }
    }
  }

  private static int upMembers(ActorSystem<Void> s) {
    int up = 0;
    for (var m : Cluster.get(s).state().getMembers()) {
      if (m.status() == MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }

  private MemberRuntime startSharding(
      ActorSystem<Void> system, EngineSettings settings, LpPlacement placement,
      ModelFactory factory, LongSupplier wallNanos) {
    // Members in one JVM share its cores, so a spinning runner would take CPU another member
    // needs; a lone member spins between windows (WindowHelpers).
    long spinNanos = members == 1 ? RUNNER_SPIN_NANOS : 0;
    MemberRuntime runtime = new MemberRuntime(
        settings, placement.lpCount(), factory, wallNanos, LocalTransport.forSystem(system),
        threads, spinNanos);
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<ShardingEnvelope<Message>> region = sharding.init(
        Entity.of(LP_TYPE, ctx -> LpEntity.create(Integer.parseInt(ctx.getEntityId()), runtime))
            .withMessageExtractor(PlacementSharding.extractor(placement))
            .withAllocationStrategy(PlacementSharding.allocation(members))
            .withSettings(ClusterShardingSettings.create(system)));
    runtime.attachRegion(region);
    return runtime;
  }

  /** Waits until every member's shard region is known: shards are allocated by member index. */
  private void awaitRegions(ActorSystem<Void> system) throws InterruptedException {
    for (int poll = 0; ; poll++) {
      try {
        var stats = AskPattern.<GetClusterShardingStats,
                org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats>ask(
                ClusterSharding.get(system).shardState().narrow(),
                replyTo -> new GetClusterShardingStats(LP_TYPE, Duration.ofSeconds(3), replyTo),
                Duration.ofSeconds(5), system.scheduler())
            .toCompletableFuture().get();
        if (stats.getRegions().size() >= members) {
          return;
        }
      } catch (ExecutionException e) {
        // The coordinator may not be up yet; ask again.
      }
      if (poll == FORMATION_POLLS) {
        throw new IllegalStateException("shard regions of " + members + " members did not register");
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
  }

  private void startCoordinators(ActorSystem<Void> system, MemberRuntime runtime,
      EngineSettings settings, int lpCount, CompletableFuture<RunResult> result,
      RunProgress progress, Injector injector) {
    ActorRef<Message> globalProxy = ClusterSingleton.get(system).init(SingletonActor.of(
        GlobalCoordinator.create(settings, lpCount, members, runtime, result, progress, injector),
        "global-coordinator"));
    system.systemActorOf(LocalCoordinator.create(runtime, globalProxy), "local-coordinator",
        org.apache.pekko.actor.typed.Props.empty());
  }
}
