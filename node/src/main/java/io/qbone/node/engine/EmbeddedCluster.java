package io.qbone.node.engine;

import com.google.protobuf.Message;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Runs the engine on N cluster members in this JVM, each its own ActorSystem joined over Artery
 * TCP on 127.0.0.1: the embedded default (N = 1) and the multi-member runs of tests and
 * benchmarks. LPs are placed on the members by an {@link LpPlacement}, which Cluster Sharding
 * follows ({@link PlacementSharding}).
 */
public final class EmbeddedCluster {
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
        systems.add(ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            config(i == 0, new RunIdentity("embedded", settings.seed(), lpCount, members))));
      }
      formCluster(systems);
      CompletableFuture<RunResult> done = new CompletableFuture<>();
      List<MemberRuntime> runtimes = new ArrayList<>();
      // Members in one JVM share its cores, so a spinning runner would take CPU another member
      // needs; a lone member spins between windows (WindowHelpers).
      long spinNanos = members == 1 ? RUNNER_SPIN_NANOS : 0;
      for (ActorSystem<Void> system : systems) {
        runtimes.add(ClusterParts.startSharding(
            system, settings, placement, factory, wallNanos, threads, spinNanos));
      }
      ClusterParts.awaitRegions(systems.get(0), members, () -> false);
      started = wallNanos.getAsLong();
      for (int i = 0; i < systems.size(); i++) {
        ActorRef<Message> global = ClusterParts.globalCoordinator(systems.get(i),
            GlobalCoordinator.create(settings, lpCount, members, runtimes.get(i), done, progress,
                injector));
        ClusterParts.startLocalCoordinator(systems.get(i), runtimes.get(i), global);
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

  /** The first member also has the launcher role: it runs the global coordinator. */
  private Config config(boolean first, RunIdentity identity) {
    String embedded = String.join("\n",
        "pekko.cluster.min-nr-of-members = " + members,
        // The run is over when members stop: no graceful leave or shard hand-off is needed.
        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        "pekko.cluster.run-coordinated-shutdown-when-down = off");
    List<String> roles = first
        ? List.of(ClusterConfig.MEMBER_ROLE, ClusterConfig.LAUNCHER_ROLE)
        : List.of(ClusterConfig.MEMBER_ROLE);
    return ClusterConfig.of(overrides.withFallback(ConfigFactory.parseString(embedded)),
        "127.0.0.1", 0, threads, Math.max(16, 32 * members), roles, identity,
        ClusterParts.FORMATION_TIMEOUT);
  }

  private static void formCluster(List<ActorSystem<Void>> systems) throws InterruptedException {
    Address first = Cluster.get(systems.get(0)).selfMember().address();
    for (ActorSystem<Void> s : systems) {
      Cluster.get(s).manager().tell(Join.create(first));
    }
    for (ActorSystem<Void> s : systems) {
      ClusterParts.awaitUp(s, systems.size(), () -> false);
    }
  }
}
