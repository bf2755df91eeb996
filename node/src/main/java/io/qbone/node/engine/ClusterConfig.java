package io.qbone.node.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.List;

/**
 * The Pekko configuration of every cluster node of a run, embedded or a process: Artery TCP,
 * Cluster Sharding that never moves a shard, the failure detector, the split-brain resolver and
 * the join check of the run's identity ({@link RunIdentityCheck}).
 *
 * <p>Failure detector: heartbeats every second, and a member is suspected only after 6 s without
 * one (Pekko's default pause is 3 s). Heartbeats run on Pekko's internal dispatcher, so a long
 * window on the default dispatcher does not delay them, but a full collection of a
 * multi-gigabyte heap stops the whole JVM for seconds; suspecting a member then would fail a
 * healthy run, since a lost member ends the run (no fail-over yet). A member that really died
 * is noticed within about 7 s, and a child process of {@code qbone run --processes} at once,
 * through its exit.
 *
 * <p>Split-brain resolver: keep-majority, deciding once membership has been stable for 10 s
 * (longer than detection, so one slow heartbeat does not down anyone). When a network partition
 * splits the cluster, only the side with more nodes (on a tie, the one with the lowest address)
 * survives, so two halves never both go on; the launcher that loses its members fails the run,
 * and members that lose the launcher stop.
 */
final class ClusterConfig {
  static final String SYSTEM_NAME = "qbone";
  /** Nodes that host LPs. */
  static final String MEMBER_ROLE = "member";
  /** The node that runs the global coordinator and collects the results. */
  static final String LAUNCHER_ROLE = "launcher";
  /**
   * Sharding's shard count on member processes, part of the join check; the LPs' shards are
   * named by {@link PlacementSharding} (8 per member), so this count matters only for that check.
   */
  static final int PROCESS_SHARDS = 256;

  private ClusterConfig() {}

  /**
   * @param host address this node listens on and is known by
   * @param port its port (0: any free one)
   * @param threads dispatcher threads
   * @param shards shards of the LP entity type; the same on every node
   * @param roles this node's cluster roles
   * @param identity what every node of the run must agree on (checked when a node joins)
   * @param joinTimeout how long a node tries to join its seed nodes before it gives up
   */
  static Config of(Config overrides, String host, int port, int threads, int shards,
      List<String> roles, RunIdentity identity, Duration joinTimeout) {
    String base = String.join("\n",
        "pekko.actor.provider = cluster",
        "pekko.remote.artery.transport = tcp",
        "pekko.remote.artery.canonical.port = " + port,
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
        "pekko.cluster.sharding.number-of-shards = " + shards,
        "pekko.cluster.sharding.role = " + MEMBER_ROLE,
        "pekko.cluster.sharding.passivation.strategy = none",
        // Shards must not move during a run: an LP's state lives in its actor.
        "pekko.cluster.sharding.rebalance-interval = 100 d",
        "pekko.cluster.failure-detector.heartbeat-interval = 1 s",
        "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 6 s",
        "pekko.cluster.failure-detector.threshold = 8.0",
        "pekko.cluster.downing-provider-class = "
            + "\"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
        "pekko.cluster.split-brain-resolver.active-strategy = keep-majority",
        "pekko.cluster.split-brain-resolver.stable-after = 10 s",
        "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = "
            + joinTimeout.toMillis() + " ms",
        "pekko.cluster.configuration-compatibility-check.enforce-on-join = on",
        "pekko.cluster.configuration-compatibility-check.checkers.qbone-run = "
            + "\"" + RunIdentityCheck.class.getName() + "\"",
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads,
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads,
        "pekko.actor.default-dispatcher.fork-join-executor.parallelism-factor = 1.0",
        "pekko.actor.default-dispatcher.throughput = 64",
        "pekko.coordinated-shutdown.exit-jvm = off",
        "pekko.loglevel = WARNING",
        // What Pekko logs while its SLF4J logger is not running yet or any more (at shutdown,
        // e.g. a bootstrap probe dropped by the closing HTTP pool) would reach stdout beside the
        // CLI's one-line messages.
        "pekko.stdout-loglevel = OFF",
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
        "pekko.log-dead-letters = off",
        "pekko.log-dead-letters-during-shutdown = off");
    Config fixed = ConfigFactory.parseString(base)
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
        .withFallback(identity.config());
    // -Dpekko.* system properties win, so any setting can be tuned from the command line.
    return ConfigFactory.systemProperties().withFallback(overrides)
        .withFallback(fixed).withFallback(ConfigFactory.load());
  }
}
