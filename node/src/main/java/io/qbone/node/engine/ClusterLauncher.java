package io.qbone.node.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;

import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * The launching node of a run on member processes ({@link ClusterMember}): it starts the
 * cluster (members join it as their seed node), waits for the members, runs the global
 * coordinator, collects every LP's report and dismisses the members. It hosts no LP.
 *
 * <p>A member lost before the results are in (unreachable, removed, or its process gone: {@link
 * #abort}) fails the run at once with a message naming it; there is no fail-over yet.
 */
public final class ClusterLauncher implements AutoCloseable {
  /** The launcher's dispatcher only runs the coordinator and cluster bookkeeping. */
  private static final int LAUNCHER_THREADS = 2;
  /** How long members get to leave the cluster after the run. */
  private static final Duration DISMISS_TIMEOUT = Duration.ofSeconds(30);

  private final int members;
  private final String host;
  private final int port;
  private final RunIdentity identity;
  private final Config overrides;
  /** Null: this node is the seed node; else it finds the cluster as the members do. */
  private final Bootstrap bootstrap;
  private final CompletableFuture<RunResult> done = new CompletableFuture<>();
  private ActorSystem<Void> system;

  /**
   * @param members member processes the run needs
   * @param host address this node listens on (members must reach it)
   * @param port its port (0: any free one)
   * @param identity what every member must agree on: it is refused at the join otherwise
   * @param overrides extra Pekko configuration
   */
  public ClusterLauncher(int members, String host, int port, RunIdentity identity,
      Config overrides) {
    this(members, host, port, identity, overrides, null);
  }

  /**
   * A launcher that forms or joins the cluster through Cluster Bootstrap, as its members do.
   *
   * @param bootstrap how to find the cluster; null: be its seed node
   */
  public ClusterLauncher(int members, String host, int port, RunIdentity identity,
      Config overrides, Bootstrap bootstrap) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be >= 1, got " + members);
    }
    this.members = members;
    this.host = host;
    this.port = port;
    this.identity = identity;
    this.overrides = overrides;
    this.bootstrap = bootstrap;
  }

  /**
   * Starts this node as the cluster's first, or (with a bootstrap) starts looking for the
   * cluster.
   *
   * @return its {@code host:port}, the seed node the members join (with a bootstrap, the
   *     address it is known by in the cluster)
   * @throws IllegalStateException when it cannot listen there (message says why)
   */
  public String open() {
    // The launcher stops last, or because the run failed: no graceful leave to wait for.
    Config launcher = ConfigFactory.parseString(
        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
    if (bootstrap != null) {
      launcher = launcher.withFallback(bootstrap.config(host));
    }
    Config config = ClusterConfig.of(overrides.withFallback(launcher), host, port, LAUNCHER_THREADS,
        ClusterConfig.PROCESS_SHARDS, List.of(ClusterConfig.LAUNCHER_ROLE), identity,
        ClusterParts.FORMATION_TIMEOUT);
    system = ClusterParts.startNode(config, host, port);
    Cluster cluster = Cluster.get(system);
    Address self = cluster.selfMember().address();
    if (bootstrap == null) {
      cluster.manager().tell(Join.create(self));
    } else {
      try {
        ClusterParts.startManagement(system, host, bootstrap);
      } catch (IllegalStateException e) {
        close();
        throw e;
      }
      ClusterBootstrap.get(Adapter.toClassic(system)).start();
    }
    system.systemActorOf(MembershipWatch.create(ClusterConfig.MEMBER_ROLE,
        lost -> abort(lost + " before the run finished")), "member-watch", Props.empty());
    return self.getHost().get() + ":" + self.getPort().get();
  }

  /** Fails the run with {@code reason} (a member process died, say); no-op once it is over. */
  public void abort(String reason) {
    done.completeExceptionally(new IllegalStateException(reason));
  }

  /**
   * Waits for the members, runs {@code settings} on them, collects the LP reports and dismisses
   * the members (they leave the cluster and stop).
   *
   * @throws ExecutionException with the reason when the run failed or was aborted, or the
   *     members did not join within a minute
   */
  public RunResult run(EngineSettings settings, LongSupplier wallNanos, RunProgress progress,
      Injector injector) throws InterruptedException, ExecutionException {
    return run(settings, LpPlacement.blocks(identity.lpCount(), members), wallNanos, progress,
        injector);
  }

  /**
   * As {@link #run(EngineSettings, LongSupplier, RunProgress, Injector)}, each LP on the member
   * {@code placement} names (members in address order); every member must use the same
   * placement.
   */
  public RunResult run(EngineSettings settings, LpPlacement placement, LongSupplier wallNanos,
      RunProgress progress, Injector injector) throws InterruptedException, ExecutionException {
    if (placement.members() != members || placement.lpCount() != identity.lpCount()) {
      throw new IllegalArgumentException("placement of " + placement.lpCount() + " LPs on "
          + placement.members() + " members, the run has " + identity.lpCount() + " on "
          + members);
    }
    if (identity.members() != members) {
      throw new IllegalArgumentException("run identity names " + identity.members()
          + " members, the launcher waits for " + members);
    }
    if (settings.seed() != identity.seed()) {
      throw new IllegalArgumentException("settings seed " + settings.seed()
          + " differs from the run identity's " + identity.seed());
    }
    long begin = wallNanos.getAsLong();
    int lpCount = identity.lpCount();
    MemberRuntime runtime = ClusterParts.startSharding(system, settings, placement, lp -> {
      throw new IllegalStateException("the launcher hosts no LP (asked for " + lp + ")");
    }, wallNanos, LAUNCHER_THREADS, 0);
    try {
      ClusterParts.awaitUp(system, members, done::isDone, bootstrap == null
          ? ClusterParts.FORMATION_TIMEOUT : ClusterParts.BOOTSTRAP_FORMATION_TIMEOUT);
      ClusterParts.awaitRegions(system, members, done::isDone);
    } catch (IllegalStateException e) {
      abort(e.getMessage());
    }
    long started = wallNanos.getAsLong();
    if (!done.isDone()) {
      ClusterParts.globalCoordinator(system, GlobalCoordinator.create(
          settings, lpCount, members, runtime, done, progress, injector));
    }
    RunResult result = done.get();
    long finished = wallNanos.getAsLong();
    if (!dismissMembers()) {
      System.err.println("qbone: not every member left the cluster within "
          + DISMISS_TIMEOUT.toSeconds() + " s of the run's end");
    }
    return result.withPhases(new RunResult.Phases(
        started - begin, finished - started, wallNanos.getAsLong() - finished));
  }

  /**
   * Asks every member to leave the cluster (each stops once it is out) and waits up to {@link
   * #DISMISS_TIMEOUT} for them to be gone.
   *
   * @return whether they all left in time
   */
  private boolean dismissMembers() throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    for (var m : cluster.state().getMembers()) {
      if (m.hasRole(ClusterConfig.MEMBER_ROLE)) {
        cluster.manager().tell(Leave.create(m.address()));
      }
    }
    long polls = DISMISS_TIMEOUT.toMillis() / ClusterParts.POLL_INTERVAL_MS;
    for (long poll = 0; poll < polls; poll++) {
      if (remainingMembers(cluster) == 0) {
        return true;
      }
      Thread.sleep(ClusterParts.POLL_INTERVAL_MS);
    }
    return false;
  }

  private static int remainingMembers(Cluster cluster) {
    int left = 0;
    for (var m : cluster.state().getMembers()) {
      if (m.hasRole(ClusterConfig.MEMBER_ROLE) && m.status() != MemberStatus.removed()) {
        left++;
      }
    }
    return left;
  }

  /** Stops this node. */
  @Override
  public void close() {
    if (system == null) {
      return;
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Shutdown is best effort; the results are already in hand.
    }
  }
}
