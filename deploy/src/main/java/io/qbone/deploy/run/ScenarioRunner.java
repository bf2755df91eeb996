package io.qbone.deploy.run;

import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.ModelFactory;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.FaultSchedule;
import io.qbone.node.placement.LpGraph;
import io.qbone.node.placement.Partition;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.node.QkdNode;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.PairListener;
import io.qbone.router.request.CentralController;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.stack.NodeStack;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Runs a scenario on an embedded cluster, its LPs placed on the members by a partition of the
 * topology ({@link LpGraph}), and measures the run.
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
   * the LPs were placed on the members (its cut links and their shortest delay).
   */
  public record Performance(long peakHeapBytes, int members, int threads, int peakJvmThreads,
      Partition placement) {}

  public static Finished run(Scenario scenario, RunOptions options)
      throws InterruptedException, ExecutionException {
    return run(scenario, PlanBuilder.build(scenario), options, RunHooks.none());
  }

  /**
   * Runs the scenario on {@code plan} (built beforehand so a dashboard can show it before the run
   * starts), watched and fed through {@code hooks}. Every node runs the same {@link NodeStack}:
   * its fixed flows, its request-driven traffic when the scenario has {@code traffic:} (plus the
   * controller's LP when routed so), and beside it the QKD applications when the scenario has a
   * {@code qkd:} section. The scenario's faults reach the LPs at their times.
   */
  public static Finished run(Scenario scenario, NetworkPlan plan, RunOptions options,
      RunHooks hooks) throws InterruptedException, ExecutionException {
    Telemetry telemetry = hooks.telemetry();
    int nodes = plan.topology().nodeCount();
    RequestPlan requests = scenario.requestDriven()
        ? RequestPlan.besideFlows(plan, scenario.requestRouting(), scenario.traffic(),
            scenario.durationS())
        : null;
    QkdPlan qkd = QkdPlanBuilder.build(scenario, plan, telemetry, hooks.keys());
    int lps = requests == null ? nodes : requests.lpCount();
    ModelFactory models = lp -> lp == nodes ? new CentralController(requests)
        : qkd == null ? new NodeStack(plan, requests, lp, telemetry, PairListener.NONE)
        : new QkdNode(qkd, requests, lp, telemetry);
    // A central controller's LP sits with its node, so its messages cross members only along
    // paths that cross a cut link.
    int[] extraHosts = lps > nodes ? new int[] {requests.controllerNode()} : new int[0];
    models = models.withSchedule(new FaultSchedule(scenario.faults()).messages());
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), Math.round(scenario.durationS() * 1e9),
        scenario.seed(), options.realTimeSpeed(), Math.round(options.pacedFromS() * 1e9));
    var overrides = ConfigFactory.parseString(options.serializeAll()
        ? "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off" : "");
    Partition placement = LpGraph.of(plan.topology(), extraHosts).partition(options.members());
    if (placement.lpCount() != lps) {
      throw new IllegalStateException(
          "placement covers " + placement.lpCount() + " LPs, the run has " + lps);
    }
    resetPeaks();
    RunResult result = new EmbeddedCluster(options.members(), options.threads(), overrides)
        .run(settings, placement, models, System::nanoTime, hooks.progress(), hooks.injector());
    Performance perf = new Performance(peakHeap(), options.members(), options.threads(),
        ManagementFactory.getThreadMXBean().getPeakThreadCount(), placement);
    return new Finished(scenario, plan, result, perf, qkd, requests);
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
