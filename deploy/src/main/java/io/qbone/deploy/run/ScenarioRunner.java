package io.qbone.deploy.run;

import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.engine.RunResult;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.NodeProcess;
import io.qbone.router.request.CentralController;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.RequestProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Runs a scenario on an embedded cluster and measures the run. */
public final class ScenarioRunner {
  private ScenarioRunner() {}

  /** A finished run: what the model computed and what it cost. */
  public record Finished(Scenario scenario, NetworkPlan plan, RunResult result, Performance performance,
      RequestPlan requestPlan) {
    public Finished(Scenario scenario, NetworkPlan plan, RunResult result, Performance performance) {
      this(scenario, plan, result, performance, null);
    }
  }

  /** Machine facts of a run; they vary between runs, unlike the outcome. */
  public record Performance(long peakHeapBytes, int members, int threads, int peakJvmThreads) {}

  public static Finished run(Scenario scenario, RunOptions options)
      throws InterruptedException, ExecutionException {
    return run(scenario, options, new RunProgress(), Telemetry.NONE);
  }

  /**
   * Runs the scenario, publishing how far it has come to {@code progress} and what the model
   * does to {@code telemetry}.
   */
  public static Finished run(Scenario scenario, RunOptions options, RunProgress progress,
      Telemetry telemetry) throws InterruptedException, ExecutionException {
    if (scenario.requestDriven()) {
      return runRequests(scenario, options, progress, telemetry);
    }
    NetworkPlan plan = PlanBuilder.build(scenario);
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), Math.round(scenario.durationS() * 1e9),
        scenario.seed(), options.realTimeSpeed());
    var overrides = ConfigFactory.parseString(options.serializeAll()
        ? "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off" : "");
    resetPeaks();
    RunResult result = new EmbeddedCluster(options.members(), options.threads(), overrides)
        .run(settings, plan.topology().nodeCount(), lp -> new NodeProcess(plan, lp, telemetry), System::nanoTime,
            progress);
    Performance perf = new Performance(peakHeap(), options.members(), options.threads(),
        ManagementFactory.getThreadMXBean().getPeakThreadCount());
    return new Finished(scenario, plan, result, perf);
  }

  /** A request-driven run: every node a {@link RequestProcess}, plus a controller if routed so. */
  private static Finished runRequests(Scenario scenario, RunOptions options, RunProgress progress,
      Telemetry telemetry) throws InterruptedException, ExecutionException {
    NetworkPlan plan = PlanBuilder.build(scenario); // topology checks and the nodes section
    RequestPlan requests = new RequestPlan(plan.topology(), scenario.requestRouting(),
        scenario.traffic(), scenario.durationS(), List.of());
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), Math.round(scenario.durationS() * 1e9),
        scenario.seed(), options.realTimeSpeed());
    var overrides = ConfigFactory.parseString(options.serializeAll()
        ? "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off" : "");
    resetPeaks();
    int nodes = plan.topology().nodeCount();
    RunResult result = new EmbeddedCluster(options.members(), options.threads(), overrides)
        .run(settings, requests.lpCount(), lp -> lp == nodes
            ? new CentralController(requests) : new RequestProcess(requests, lp, telemetry),
            System::nanoTime, progress);
    Performance perf = new Performance(peakHeap(), options.members(), options.threads(),
        ManagementFactory.getThreadMXBean().getPeakThreadCount());
    return new Finished(scenario, plan, result, perf, requests);
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
