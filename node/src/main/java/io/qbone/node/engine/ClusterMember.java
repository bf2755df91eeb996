package io.qbone.node.engine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * One member process of a run ({@code qbone member}): joins the cluster through its seed nodes
 * (the launcher, {@link ClusterLauncher}), hosts its share of the LPs with its own local
 * coordinator and window workers, and stops when the launcher dismisses it after collecting the
 * results.
 *
 * <p>It is refused at the join when its {@link RunIdentity} differs from the launcher's, gives up
 * when no seed node answers within the join timeout, and stops when it loses the launcher: each
 * of these ends {@link #run} with a {@link MemberException} saying so in one line.
 */
public final class ClusterMember {
  /** Why a member stops when it loses the launcher. */
  private static final CoordinatedShutdown.Reason LAUNCHER_LOST = new CoordinatedShutdown.Reason() {
    @Override
    public String toString() {
      return "LauncherLost";
    }
  };

  /** Why a bootstrapping member stops when it is not up within the join timeout. */
  static final CoordinatedShutdown.Reason BOOTSTRAP_TIMEOUT = new CoordinatedShutdown.Reason() {
    @Override
    public String toString() {
      return "BootstrapTimeout";
    }
  };

  private final String host;
  private final int port;
  private final List<String> seedNodes;
  private final List<Address> seedAddresses = new ArrayList<>();
  /** How to find the cluster when there are no seed nodes. */
  private final Bootstrap bootstrap;
  private final int threads;
  private final Duration joinTimeout;
  private final Config overrides;

  /** A member that could not take part in a run, or stopped before its end; one line why. */
  public static final class MemberException extends Exception {
    private static final long serialVersionUID = 1L;

    MemberException(String message) {
      super(message);
    }
  }

  /**
   * @param host address this member listens on and is known by
   * @param port its port (0: any free one)
   * @param seedNodes {@code host:port} of the nodes to join through (the launcher's)
   * @param threads dispatcher threads, also the window workers
   * @param joinTimeout how long to try the seed nodes before giving up
   * @param overrides extra Pekko configuration
   * @throws IllegalArgumentException when a seed node is not {@code host:port}
   */
  public ClusterMember(String host, int port, List<String> seedNodes, int threads,
      Duration joinTimeout, Config overrides) {
    this(host, port, seedNodes, null, threads, joinTimeout, overrides);
    if (seedNodes.isEmpty()) {
      throw new IllegalArgumentException("at least one seed node is needed");
    }
  }

  /**
   * A member that finds its cluster through Cluster Bootstrap ({@link Bootstrap}).
   *
   * @param joinTimeout how long it may take to be up in the cluster before giving up
   */
  public ClusterMember(String host, int port, Bootstrap bootstrap, int threads,
      Duration joinTimeout, Config overrides) {
    this(host, port, List.of(), bootstrap, threads, joinTimeout, overrides);
  }

  private ClusterMember(String host, int port, List<String> seedNodes, Bootstrap bootstrap,
      int threads, Duration joinTimeout, Config overrides) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.host = host;
    this.port = port;
    this.seedNodes = List.copyOf(seedNodes);
    this.bootstrap = bootstrap;
    for (String s : seedNodes) {
      seedAddresses.add(address(s));
    }
    this.threads = threads;
    this.joinTimeout = joinTimeout;
    this.overrides = overrides;
  }

  /**
   * Joins the cluster and hosts LPs until the launcher dismisses this member.
   *
   * @param identity must equal the launcher's, else the join is refused
   * @param wallNanos wall clock for performance counters only
   * @param notices told where this member listens once it is up in the cluster
   * @return how many LPs this member hosted
   * @throws MemberException when it could not join or stopped before the run's end
   */
  public int run(EngineSettings settings, RunIdentity identity, ModelFactory factory,
      LongSupplier wallNanos, Consumer<String> notices)
      throws MemberException, InterruptedException {
    return run(settings, identity, LpPlacement.blocks(identity.lpCount(), identity.members()),
        factory, wallNanos, notices);
  }

  /**
   * As {@link #run(EngineSettings, RunIdentity, ModelFactory, LongSupplier, Consumer)}, hosting
   * the LPs {@code placement} gives this member (its index is its rank in address order); the
   * launcher and every member must use the same placement.
   */
  public int run(EngineSettings settings, RunIdentity identity, LpPlacement placement,
      ModelFactory factory, LongSupplier wallNanos, Consumer<String> notices)
      throws MemberException, InterruptedException {
    if (placement.members() != identity.members() || placement.lpCount() != identity.lpCount()) {
      throw new IllegalArgumentException("placement of " + placement.lpCount() + " LPs on "
          + placement.members() + " members, the run identity has " + identity.lpCount()
          + " on " + identity.members());
    }
    Config config = ClusterConfig.of(
        bootstrap == null ? overrides : overrides.withFallback(bootstrap.config(host)),
        host, port, threads, ClusterConfig.PROCESS_SHARDS,
        List.of(ClusterConfig.MEMBER_ROLE), identity, joinTimeout);
    ActorSystem<Void> system;
    try {
      system = ClusterParts.startNode(config, host, port);
    } catch (IllegalStateException e) {
      throw new MemberException(e.getMessage());
    }
    if (bootstrap != null) {
      try {
        ClusterParts.startManagement(system, host, bootstrap);
      } catch (IllegalStateException e) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        throw new MemberException(e.getMessage());
      }
    }
    // Cores are shared with the other members of this machine: no spinning between windows.
    MemberRuntime runtime = ClusterParts.startSharding(
        system, settings, placement, factory, wallNanos, threads, 0);
    ClusterParts.startLocalCoordinator(system, runtime,
        ClusterParts.globalCoordinatorProxy(system));
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    AtomicReference<String> launcherLoss = new AtomicReference<>();
    system.systemActorOf(MembershipWatch.create(ClusterConfig.LAUNCHER_ROLE, lost -> {
      // Once this member leaves, it sees every other node removed: nothing is lost then.
      if (shutdown.getShutdownReason().isEmpty()) {
        launcherLoss.set(lost);
        shutdown.run(LAUNCHER_LOST);
      }
    }), "launcher-watch", Props.empty());
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() ->
        notices.accept("joined the cluster as " + Cluster.get(system).selfMember().address()));
    if (bootstrap == null) {
      Cluster.get(system).manager().tell(new JoinSeedNodes(seedAddresses));
    } else {
      // Bootstrap keeps looking as long as it is not up: bound it as the seed-node join is.
      ClusterParts.giveUpUnlessUp(system, joinTimeout, BOOTSTRAP_TIMEOUT);
      ClusterBootstrap.get(Adapter.toClassic(system)).start();
    }
    try {
      system.getWhenTerminated().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new MemberException("the member's actor system failed: " + e.getCause());
    }
    CoordinatedShutdown.Reason reason = shutdown.getShutdownReason()
        .orElse(CoordinatedShutdown.unknownReason());
    if (reason.equals(CoordinatedShutdown.clusterLeavingReason())) {
      return runtime.ledger.snapshot().hosted();
    }
    throw new MemberException(reason == LAUNCHER_LOST
        ? launcherLoss.get() + " before the run finished" : why(reason, identity));
  }

  private String why(CoordinatedShutdown.Reason reason, RunIdentity identity) {
    if (reason == BOOTSTRAP_TIMEOUT) {
      return "not up in a cluster within " + joinTimeout.toSeconds() + " s of "
          + bootstrap.describe() + "; are " + bootstrap.requiredContacts()
          + " contact points reachable and running the same scenario?";
    }
    String seeds = bootstrap == null ? String.join(",", seedNodes)
        : "(" + bootstrap.describe() + ")";
    if (reason.equals(CoordinatedShutdown.incompatibleConfigurationDetectedReason())) {
      String cluster = bootstrap == null ? "the cluster at " + seeds
          : "the cluster found by " + bootstrap.describe();
      return cluster + " refused this member: its scenario (SHA-256 "
          + identity.scenarioSha256() + "), seed " + identity.seed() + ", LP count "
          + identity.lpCount() + " or member count " + identity.members()
          + " differ from the launcher's (its log names which)";
    }
    if (reason.equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())) {
      return "no seed node answered at " + seeds + " within " + joinTimeout.toSeconds()
          + " s; is the launcher running there and reachable?";
    }
    if (reason.equals(CoordinatedShutdown.clusterDowningReason())) {
      return "the cluster downed this member (unreachable, or on the minority side of a "
          + "network partition)";
    }
    return "the member stopped before the run finished (" + reason + ")";
  }

  /** A seed node's address from {@code host:port}. */
  private static Address address(String hostPort) {
    HostPort hp = HostPort.parse("seed node", hostPort);
    return new Address("pekko", ClusterConfig.SYSTEM_NAME, hp.host(), hp.port());
  }
}
