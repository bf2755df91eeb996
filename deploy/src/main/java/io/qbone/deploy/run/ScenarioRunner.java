package io.qbone.deploy.run;

import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioFile;
import io.qbone.node.engine.ClusterLauncher;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.ModelFactory;
import io.qbone.node.engine.RunResult;
import io.qbone.node.engine.RunIdentity;
import io.qbone.node.network.FaultSchedule;
import io.qbone.node.placement.LpGraph;
import io.qbone.node.placement.Partition;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.node.QkdNode;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.PairListener;
import io.qbone.router.request.CentralController;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.stack.NodeStack;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.ExecutionException;

/**
 * Runs a scenario on an embedded cluster, its LPs placed on the members by a partition of the
 * topology ({@link LpGraph}), or on member processes, and measures the run.
 */
public final class ScenarioRunner {
  private ScenarioRunner() {}

  /**
   * A finished run: what the model computed and what it cost ({@code qkd} null without QKD,
   * {@code requests} null unless the scenario is request-driven).
   */
  public record Finished(Scenario scenario, NetworkPlan plan, RunResult result,
      Performance performance, QkdPlan qkd, RequestPlan requests) {}

  /**
   * Machine facts of a run; they vary between runs, unlike the outcome. {@code placement} is how
   * the LPs were placed on the members (its cut links and their shortest delay); on member
   * processes {@code members} counts the processes and the heap and thread peaks are the
   * launcher's.
   */
  public record Performance(long peakHeapBytes, int members, int threads, int peakJvmThreads,
      Partition placement) {}

  public static Finished run(Scenario scenario, RunOptions options)
      throws InterruptedException, ExecutionException {
    return run(scenario, PlanBuilder.build(scenario), options, RunHooks.none());
  }

  /**
   * What every node of a run builds from the scenario: the LPs' models and the engine settings,
   * plus the QKD or request plan the results are computed with ({@code qkd} null without QKD,
   * {@code requests} null unless the scenario has {@code traffic:}).
   */
  public record Models(int lpCount, ModelFactory factory, EngineSettings settings, QkdPlan qkd,
      RequestPlan requests) {}

  /**
   * The models of {@code scenario} on {@code plan}. Every node runs the same {@link NodeStack}:
   * its fixed flows, its request-driven traffic when the scenario has {@code traffic:} (plus the
   * controller's LP when routed so), and beside it the QKD applications when the scenario has a
   * {@code qkd:} section. The scenario's faults reach the LPs at their times.
   */
  public static Models models(Scenario scenario, NetworkPlan plan, RunOptions options,
      Telemetry telemetry, KeyBlockSink keys) {
    int nodes = plan.topology().nodeCount();
    RequestPlan requests = scenario.requestDriven()
        ? RequestPlan.besideFlows(plan, scenario.requestRouting(), scenario.traffic(),
            scenario.durationS())
        : null;
    QkdPlan qkd = QkdPlanBuilder.build(scenario, plan, telemetry, keys);
    int lps = requests == null ? nodes : requests.lpCount();
    ModelFactory models = lp -> lp == nodes ? new CentralController(requests)
        : qkd == null ? new NodeStack(plan, requests, lp, telemetry, PairListener.NONE)
        : new QkdNode(qkd, requests, lp, telemetry);
    models = models.withSchedule(new FaultSchedule(scenario.faults()).messages());
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), Math.round(scenario.durationS() * 1e9),
        scenario.seed(), options.realTimeSpeed(), Math.round(options.pacedFromS() * 1e9));
    return new Models(lps, models, settings, qkd, requests);
  }

  /**
   * Where the LPs of {@code models} live on {@code members} members: a partition of the topology
   * ({@link LpGraph}). It depends only on the plan and the member count, so the launcher and every
   * member process compute the same one.
   */
  public static Partition placement(NetworkPlan plan, Models models, int members) {
    // A central controller's LP sits with its node, so its messages cross members only along
    // paths that cross a cut link.
    int nodes = plan.topology().nodeCount();
    int[] extraHosts = models.lpCount() > nodes ? new int[] {models.requests().controllerNode()}
        : new int[0];
    Partition placement = LpGraph.of(plan.topology(), extraHosts).partition(members);
    if (placement.lpCount() != models.lpCount()) {
      throw new IllegalStateException(
          "placement covers " + placement.lpCount() + " LPs, the run has " + models.lpCount());
    }
    return placement;
  }

  /**
   * The engine settings of {@code models} on {@code placement}: members synchronise on the
   * shortest cut link's delay, since every message between members crosses a cut link (with one
   * member, or no link cut, on the lookahead as before).
   */
  static EngineSettings settings(Models models, Partition placement) {
    EngineSettings s = models.settings();
    long cut = placement.minCutDelayNs();
    return placement.members() > 1 && cut > s.lookaheadNs() ? s.withMemberLookaheadNs(cut) : s;
  }

  /**
   * Runs the scenario on {@code plan} (built beforehand so a dashboard can show it before the run
   * starts) on an embedded cluster, watched and fed through {@code hooks}.
   */
  public static Finished run(Scenario scenario, NetworkPlan plan, RunOptions options,
      RunHooks hooks) throws InterruptedException, ExecutionException {
    Models m = models(scenario, plan, options, hooks.telemetry(), hooks.keys());
    var overrides = ConfigFactory.parseString(options.serializeAll()
        ? "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off" : "");
    Partition placement = placement(plan, m, options.members());
    resetPeaks();
    RunResult result = new EmbeddedCluster(options.members(), options.threads(), overrides)
        .run(settings(m, placement), placement, m.factory(), System::nanoTime, hooks.progress(),
            hooks.injector());
    Performance perf = new Performance(peakHeap(), options.members(), options.threads(),
        ManagementFactory.getThreadMXBean().getPeakThreadCount(), placement);
    return new Finished(scenario, plan, result, perf, m.qkd(), m.requests());
  }

  /**
   * Runs the scenario across member processes ({@code qbone member}) that build their models
   * from the same file; this process launches the cluster, runs the global coordinator and
   * collects the results. Only what the coordinator sees is live here (progress, injections):
   * the models' telemetry stays in the members, so {@code hooks.telemetry()} and {@code
   * hooks.keys()} receive nothing. {@code performance} measures this process, not the members.
   *
   * @param file the scenario file as read here (its digest must match every member's)
   * @param members who the members are and how they are started
   */
  public static Finished run(Scenario scenario, ScenarioFile file, NetworkPlan plan,
      RunOptions options, RunHooks hooks, MemberProcesses.Plan members)
      throws InterruptedException, ExecutionException {
    Models m = models(scenario, plan, options, hooks.telemetry(), hooks.keys());
    RunIdentity identity =
        new RunIdentity(file.sha256(), scenario.seed(), m.lpCount(), members.count());
    // Every member computes this placement from the same scenario bytes and member count.
    Partition placement = placement(plan, m, members.count());
    resetPeaks();
    RunResult result;
    try (ClusterLauncher launcher = new ClusterLauncher(members.count(), members.clusterHost(),
            members.clusterPort(), identity, ConfigFactory.empty(), members.bootstrap());
        MemberProcesses processes = members.start(launcher.open(), launcher::abort)) {
      result = launcher.run(settings(m, placement), placement, System::nanoTime, hooks.progress(),
          hooks.injector());
      processes.awaitExit();
    } catch (IllegalStateException e) {
      // This process could not start its cluster node (its port is taken, say).
      throw new ExecutionException(e.getMessage(), e);
    }
    Performance perf = new Performance(peakHeap(), members.count(), options.threads(),
        ManagementFactory.getThreadMXBean().getPeakThreadCount(), placement);
    return new Finished(scenario, plan, result, perf, m.qkd(), m.requests());
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    ManagementFactory.getThreadMXBean().resetPeakThreadCount();
  }

  /** Sum of the heap pools' peaks since the run started (an upper bound of the true peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
