package io.qbone.deploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.deploy.scenario.ScenarioFile;
import io.qbone.node.engine.Bootstrap;
import io.qbone.node.engine.ClusterMember;
import io.qbone.node.engine.RunIdentity;
import io.qbone.node.placement.Partition;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.router.network.NetworkPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qbone member}: one member process of a run launched by {@code qbone run}. */
@Command(name = "member", mixinStandardHelpOptions = true,
    description = "Join a run's cluster as a member process and host a share of its LPs; stops "
        + "when the launcher (qbone run) has the results.")
final class MemberCommand implements Callable<Integer> {
  @Option(names = "--scenario", required = true, paramLabel = "FILE",
      description = "scenario YAML file: the same bytes as the launcher's (checked by SHA-256)")
  Path scenarioFile;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "where the launcher listens (qbone run prints it); or use --bootstrap")
  List<String> seedNodes;

  @Option(names = "--bootstrap", paramLabel = "METHOD",
      description = "find the cluster with Pekko Cluster Bootstrap instead of seed nodes: "
          + "kubernetes-api (pods labelled app.kubernetes.io/name=qbone) or config "
          + "(--contact-points)")
  String bootstrap;

  @Option(names = "--contact-points", split = ",", paramLabel = "HOST:MANAGEMENT-PORT",
      description = "with --bootstrap config: the management endpoints of the cluster's nodes")
  List<String> contactPoints;

  @Option(names = "--management-port", paramLabel = "PORT",
      defaultValue = "" + Bootstrap.DEFAULT_MANAGEMENT_PORT,
      description = "with --bootstrap: Pekko Management HTTP port on --host (bootstrap, "
          + "health checks /ready and /alive) (default: ${DEFAULT-VALUE})")
  int managementPort;

  @Option(names = "--required-contacts", paramLabel = "N", defaultValue = "2",
      description = "with --bootstrap: contact points that must be seen before a new cluster "
          + "is formed (default: ${DEFAULT-VALUE})")
  int requiredContacts;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address this member listens on and is reached at (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "0",
      description = "port this member listens on (default: ${DEFAULT-VALUE}, any free port)")
  int port;

  @Option(names = "--members", paramLabel = "N", defaultValue = "1",
      description = "members of the run, as the launcher's --processes or --remote-members "
          + "(default: ${DEFAULT-VALUE}); the LPs' placement depends on it")
  int members;

  @Option(names = "--threads", description = "dispatcher threads (default: cores)")
  Integer threads;

  @Option(names = "--seed", description = "override the scenario's seed (as the launcher did)")
  Long seed;

  @Option(names = "--join-timeout", paramLabel = "SECONDS",
      description = "give up when not in the cluster within SECONDS (default: 30 with "
          + "--seed-nodes, 120 with --bootstrap)")
  Integer joinTimeoutS;

  @Option(names = "--quiet", description = "print nothing but errors")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      return badInput("--port must be a port in 0..65535, got " + port);
    }
    if (threads != null && threads < 1) {
      return badInput("--threads must be >= 1, got " + threads);
    }
    if (members < 1) {
      return badInput("--members must be >= 1, got " + members);
    }
    boolean seeds = seedNodes != null && !seedNodes.isEmpty();
    if (seeds == (bootstrap != null)) {
      return badInput(seeds ? "choose --seed-nodes or --bootstrap, not both"
          : "say how to find the cluster: --seed-nodes HOST:PORT,... or --bootstrap "
              + "kubernetes-api|config");
    }
    if (bootstrap == null && contactPoints != null) {
      return badInput("--contact-points is for --bootstrap config");
    }
    int joinTimeout = joinTimeoutS != null ? joinTimeoutS : seeds ? 30 : 120;
    if (joinTimeout < 1) {
      return badInput("--join-timeout must be >= 1 s, got " + joinTimeout);
    }
    String problem = BindAddress.check("--host", host);
    if (problem != null) {
      return badInput(problem);
    }
    int dispatcherThreads = threads == null ? RunOptions.defaults().threads() : threads;
    ClusterMember member;
    try {
      member = seeds
          ? new ClusterMember(host, port, seedNodes, dispatcherThreads,
              Duration.ofSeconds(joinTimeout), ConfigFactory.empty())
          : new ClusterMember(host, port, bootstrap(bootstrap, managementPort, contactPoints,
              requiredContacts), dispatcherThreads, Duration.ofSeconds(joinTimeout),
              ConfigFactory.empty());
    } catch (IllegalArgumentException e) {
      return badInput((seeds ? "--seed-nodes: " : "") + e.getMessage());
    }
    ScenarioFile file;
    Scenario scenario;
    NetworkPlan plan;
    ScenarioRunner.Models models;
    Partition placement;
    try {
      file = ScenarioFile.read(scenarioFile);
      scenario = seed == null ? file.scenario() : file.scenario().withSeed(seed);
      plan = PlanBuilder.build(scenario);
      // Telemetry and keys leave the emulation only in the launching process.
      models = ScenarioRunner.models(scenario, plan, RunOptions.defaults(), Telemetry.NONE,
          KeyBlockSink.NONE);
      placement = ScenarioRunner.placement(plan, models, members);
    } catch (ScenarioException e) {
      return badInput(e.getMessage());
    }
    // Until this member is up, a failed join is reported below in one line: Pekko's warnings
    // about it would only repeat it. Once up, the cluster's warnings (unreachable nodes) count.
    Logger clusterLog = (Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster");
    Level level = clusterLog.getLevel();
    clusterLog.setLevel(Level.ERROR);
    try {
      int lps = member.run(models.settings(),
          new RunIdentity(file.sha256(), scenario.seed(), models.lpCount(), members), placement,
          models.factory(), System::nanoTime, joined -> {
            clusterLog.setLevel(level);
            notice(joined);
          });
      notice("hosted " + lps + " LPs; the run is over");
      return 0;
    } catch (ClusterMember.MemberException e) {
      System.err.println("qbone member: " + e.getMessage());
      return 1;
    } finally {
      clusterLog.setLevel(level);
    }
  }

  /**
   * The bootstrap the options describe.
   *
   * @throws IllegalArgumentException in one line when they do not fit together
   */
  static Bootstrap bootstrap(String method, int managementPort, List<String> contactPoints,
      int requiredContacts) {
    return new Bootstrap(Bootstrap.Method.of(method), managementPort,
        contactPoints == null ? List.of() : contactPoints, requiredContacts);
  }

  private void notice(String what) {
    if (!quiet) {
      System.out.println("qbone member: " + what);
    }
  }

  private static int badInput(String message) {
    System.err.println("qbone member: " + message);
    return QboneCli.EXIT_BAD_INPUT;
  }
}
