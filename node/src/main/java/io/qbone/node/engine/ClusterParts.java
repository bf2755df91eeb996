package io.qbone.node.engine;

import com.google.protobuf.Message;
import com.typesafe.config.Config;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.pattern.Patterns;
import scala.concurrent.duration.FiniteDuration;

/**
 * How a cluster node of a run is put together, the same in one JVM and in member processes:
 * LP entities by Cluster Sharding on the nodes with the member role, the global coordinator as a
 * cluster singleton on the launcher, a local coordinator per member.
 */
final class ClusterParts {
  static final EntityTypeKey<Message> LP_TYPE = EntityTypeKey.create(Message.class, "lp");
  private static final String GLOBAL_COORDINATOR = "global-coordinator";
  /** Formation is polled every 50 ms. */
  static final long POLL_INTERVAL_MS = 50;
  /** How long the cluster may take to form and register its shard regions. */
  static final Duration FORMATION_TIMEOUT = Duration.ofMinutes(1);
  /**
   * The same through Cluster Bootstrap: members may be started at the same time as the launcher
   * (a Job and a StatefulSet applied together), and bootstrap adds its stable margin and probes.
   */
  static final Duration BOOTSTRAP_FORMATION_TIMEOUT = Duration.ofMinutes(3);

  private ClusterParts() {}

  /**
   * Starts a cluster node's ActorSystem listening on {@code host:port}.
   *
   * @throws IllegalStateException saying so in one line when it cannot listen there
   */
  static ActorSystem<Void> startNode(Config config, String host, int port) {
    try {
      return ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
              + t.getMessage(), e);
        }
      }
      throw new IllegalStateException("cannot start a cluster node on " + host + ":" + port
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts Pekko Management HTTP (bootstrap probes, health checks, read-only cluster routes) on
   * {@code host} and the bootstrap's management port, and waits until it listens.
   *
   * @throws IllegalStateException saying so in one line when it cannot listen there
   */
  static void startManagement(ActorSystem<?> system, String host, Bootstrap bootstrap) {
    String where = host + ":" + bootstrap.managementPort();
    try {
      PekkoManagement.get(Adapter.toClassic(system)).start().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new IllegalStateException("cannot listen for Pekko Management on " + where
              + ": " + t.getMessage(), e);
        }
      }
      throw new IllegalStateException("cannot start Pekko Management on " + where + ": "
          + cause.getMessage(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Pekko Management did not bind " + where + " within 30 s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Pekko Management", e);
    }
  }

  /**
   * Runs {@code system}'s coordinated shutdown with {@code reason} unless it has been up in the
   * cluster within {@code timeout}. (Its member status cannot tell: before joining it reads
   * {@code Removed}, as after leaving.)
   */
  static void giveUpUnlessUp(ActorSystem<?> system, Duration timeout,
      org.apache.pekko.actor.CoordinatedShutdown.Reason reason) {
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(() -> up.set(true));
    system.scheduler().scheduleOnce(timeout, () -> {
      if (!up.get()) {
        org.apache.pekko.actor.CoordinatedShutdown.get(Adapter.toClassic(system)).run(reason);
      }
    }, system.executionContext());
  }

  /**
   * Starts Cluster Sharding of the LPs on {@code system}: their entities when it has the member
   * role, else only a proxy to them (the launcher). Each LP lives on the member {@code placement}
   * names (members in address order), in one JVM and in member processes alike.
   */
  static MemberRuntime startSharding(ActorSystem<?> system, EngineSettings settings,
      LpPlacement placement, ModelFactory factory, LongSupplier wallNanos, int threads,
      long spinNanos) {
    MemberRuntime runtime = new MemberRuntime(settings, placement, factory, wallNanos,
        LocalTransport.forSystem(system), threads, spinNanos);
    Entity<Message, ShardingEnvelope<Message>> entity = Entity.of(LP_TYPE,
        ctx -> LpEntity.create(Integer.parseInt(ctx.getEntityId()), runtime))
        .withMessageExtractor(PlacementSharding.extractor(placement))
        .withAllocationStrategy(PlacementSharding.allocation(placement.members()));
    ActorRef<ShardingEnvelope<Message>> region = ClusterSharding.get(system).init(
        entity.withSettings(ClusterShardingSettings.create(system)));
    runtime.attachRegion(region);
    return runtime;
  }

  /**
   * Starts the global coordinator singleton on the launcher, or the proxy to it elsewhere.
   *
   * @param coordinator the coordinator's behaviour; only the launcher ever runs it
   */
  static ActorRef<Message> globalCoordinator(ActorSystem<?> system, Behavior<Message> coordinator) {
    return ClusterSingleton.get(system).init(SingletonActor.of(coordinator, GLOBAL_COORDINATOR)
        .withSettings(
            ClusterSingletonSettings.create(system).withRole(ClusterConfig.LAUNCHER_ROLE)));
  }

  /** The proxy to the global coordinator, for a node that never hosts it. */
  static ActorRef<Message> globalCoordinatorProxy(ActorSystem<?> system) {
    return globalCoordinator(system, Behaviors.setup(ctx -> {
      throw new IllegalStateException("the global coordinator runs only on the launcher");
    }));
  }

  static void startLocalCoordinator(ActorSystem<?> system, MemberRuntime runtime,
      ActorRef<Message> globalProxy) {
    system.systemActorOf(LocalCoordinator.create(runtime, globalProxy), "local-coordinator",
        Props.empty());
  }

  /** Up members of the cluster as {@code system} sees it that have {@code role}. */
  static int upMembers(ActorSystem<?> system, String role) {
    int up = 0;
    for (var m : Cluster.get(system).state().getMembers()) {
      if (m.status() == MemberStatus.up() && m.hasRole(role)) {
        up++;
      }
    }
    return up;
  }

  /**
   * Waits until {@code system} sees {@code members} members up.
   *
   * @param abandoned polled meanwhile: true stops the wait (the run already failed)
   * @throws IllegalStateException when they are not up within {@link #FORMATION_TIMEOUT}
   */
  static void awaitUp(ActorSystem<?> system, int members, BooleanSupplier abandoned)
      throws InterruptedException {
    awaitUp(system, members, abandoned, FORMATION_TIMEOUT);
  }

  /** As above, within {@code timeout}. */
  static void awaitUp(ActorSystem<?> system, int members, BooleanSupplier abandoned,
      Duration timeout) throws InterruptedException {
    long polls = timeout.toMillis() / POLL_INTERVAL_MS;
    for (long poll = 0; upMembers(system, ClusterConfig.MEMBER_ROLE) < members; poll++) {
      if (abandoned.getAsBoolean()) {
        return;
      }
      if (poll == polls) {
        throw new IllegalStateException("only " + upMembers(system, ClusterConfig.MEMBER_ROLE)
            + " of " + members + " members joined within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
  }

  /**
   * Waits until the shard regions of {@code members} members are registered, so shards spread
   * over all of them.
   *
   * @param abandoned polled meanwhile: true stops the wait (the run already failed)
   * @throws IllegalStateException when they are not within {@link #FORMATION_TIMEOUT}
   */
  static void awaitRegions(ActorSystem<?> system, int members, BooleanSupplier abandoned)
      throws InterruptedException {
    long polls = FORMATION_TIMEOUT.toMillis() / POLL_INTERVAL_MS;
    for (long poll = 0; registeredRegions(system) < members; poll++) {
      if (abandoned.getAsBoolean()) {
        return;
      }
      if (poll == polls) {
        throw new IllegalStateException(
            "shard regions of " + members + " members did not register");
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
  }

  /**
   * Shard regions registered with the shard coordinator, asked through this node's region or
   * proxy (the typed query answers nothing on a proxy-only node such as the launcher).
   */
  private static int registeredRegions(ActorSystem<?> system) throws InterruptedException {
    org.apache.pekko.actor.ActorRef region = org.apache.pekko.cluster.sharding.ClusterSharding
        .get(Adapter.toClassic(system)).shardRegion(LP_TYPE.name());
    try {
      Object stats = Patterns.ask(region,
          new ShardRegion.GetClusterShardingStats(FiniteDuration.create(3, TimeUnit.SECONDS)),
          Duration.ofSeconds(5)).toCompletableFuture().get();
      return ((ShardRegion.ClusterShardingStats) stats).getRegions().size();
    } catch (ExecutionException e) {
      return 0; // the shard coordinator may not be up yet; ask again
    }
  }

}
