package io.qbone.bench;

import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.RunResult;
import io.qbone.node.engine.RunResult.EngineTimes;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's speed-up from one to two window threads, measured so that this shared VM's
 * changing speed (up to 2x from minute to minute) cancels out as far as possible: both thread
 * counts run in one JVM, after a warm-up run of each (the JIT compiles the model once, not once
 * per arm), in ABBA order (1, 2, 2, 1, ...), so a drift in host speed hits both arms alike; each
 * speed-up is taken between neighbouring runs. Prints per run the events per wall second in
 * windows, the LP busy time and the JIT's compile time during the run, and the median speed-up.
 *
 * <p>Run: {@code bench/scaling.sh threads} (chain-1000 over 1 s of virtual time, 4 rounds), or
 * {@code java -XX:+UseParallelGC -Xmx8g -cp deploy/target/qbone.jar:bench/target/classes
 * io.qbone.bench.ThreadScaling SCENARIO [rounds]}.
 */
public final class ThreadScaling {
  private ThreadScaling() {}

  public static void main(String[] args) throws Exception {
    Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    var plan = PlanBuilder.build(scenario);
    System.out.println("run threads events_per_s_in_windows second_half_events_per_s window_wall_s"
        + " lp_busy_s jit_ms");
    run(scenario, plan, 1, "warm-up");
    run(scenario, plan, 2, "warm-up");
    List<Double> speedUps = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      // ABBA: odd rounds run 1 then 2 threads, even rounds 2 then 1.
      boolean oneFirst = round % 2 == 1;
      double first = run(scenario, plan, oneFirst ? 1 : 2, Integer.toString(round));
      double second = run(scenario, plan, oneFirst ? 2 : 1, Integer.toString(round));
      double speedUp = oneFirst ? second / first : first / second;
      speedUps.add(speedUp);
      System.out.printf("round %d speed-up %.2f%n", round, speedUp);
    }
    List<Double> sorted = speedUps.stream().sorted().toList();
    double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.printf("median speed-up %.2f (min %.2f, max %.2f, %d rounds)%n", median,
        sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    System.exit(0);
  }

  /** One run on one member with {@code threads} window threads; returns events/s in windows. */
  private static double run(Scenario scenario, io.qbone.router.network.NetworkPlan plan, int threads,
      String label) throws Exception {
    long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    ScenarioRunner.Finished f = ScenarioRunner.run(scenario, plan,
        new RunOptions(1, threads, 0, false), RunHooks.none());
    long jitMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
    RunResult r = f.result();
    EngineTimes t = r.times();
    double rate = r.events() / (t.windowWallNanos() / 1e9);
    System.out.printf("%s %d %.0f %.0f %.2f %.2f %d%n", label, threads, rate,
        t.secondHalfEvents() / (t.secondHalfWindowWallNanos() / 1e9), t.windowWallNanos() / 1e9,
        t.lpBusyNanos() / 1e9, jitMs);
    return rate;
  }
}
