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

  @Option(names = "--seed-nodes", required = true, split = ",", paramLabel = "HOST:PORT",
      description = "where the launcher listens (qbone run prints it)")
  List<String> seedNodes;

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

  @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "give up when no seed node answers within SECONDS (default: ${DEFAULT-VALUE})")
  int joinTimeoutS;

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
    if (joinTimeoutS < 1) {
      return badInput("--join-timeout must be >= 1 s, got " + joinTimeoutS);
    }
    ClusterMember member;
    try {
      member = new ClusterMember(host, port, seedNodes,
          threads == null ? RunOptions.defaults().threads() : threads,
          Duration.ofSeconds(joinTimeoutS), ConfigFactory.empty());
    } catch (IllegalArgumentException e) {
      return badInput("--seed-nodes: " + e.getMessage());
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
