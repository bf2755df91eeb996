package io.qbone.deploy.fuzz;

import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.WatchdogException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;

/**
 * What became of one scenario text: refused by the loader (with its error), accepted (and, when
 * asked, run within a virtual-time budget: done, or stopped by the engine watchdog), or a crash:
 * any other exception, or a refusal that names no line.
 */
final class ScenarioOutcomes {
  /** Virtual time a fuzzed run may last: the budget that bounds every run. */
  static final double RUN_BUDGET_S = 0.002;

  enum Kind { REFUSED, ACCEPTED, RAN, WATCHDOG, CRASH }

  record Outcome(Kind kind, String detail) {}

  private ScenarioOutcomes() {}

  /** Loads {@code text}; with {@code run}, runs an accepted scenario for the budget. */
  static Outcome of(String name, String text, boolean run) {
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(name, new StringReader(text));
    } catch (ScenarioException e) {
      return refusal(e);
    } catch (RuntimeException | StackOverflowError e) {
      return crash("load", e);
    }
    if (!run) {
      return new Outcome(Kind.ACCEPTED, scenario.name());
    }
    try {
      Scenario capped = new Scenario(scenario.file(), scenario.name(), scenario.seed(),
          Math.min(scenario.durationS(), RUN_BUDGET_S), scenario.routing(), scenario.nodes(),
          scenario.links(), scenario.flows(), scenario.locations(), scenario.qkd(),
          scenario.faults(), scenario.requestRouting(), scenario.traffic());
      ScenarioRunner.run(capped, PlanBuilder.build(capped), new RunOptions(1, 1, 0, false),
          io.qbone.deploy.run.RunHooks.none());
      return new Outcome(Kind.RAN, scenario.name());
    } catch (ScenarioException e) {
      return refusal(e); // found while building the plan (no path, too few qubits)
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WatchdogException w) {
        return new Outcome(Kind.WATCHDOG, w.getMessage());
      }
      return crash("run", e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return crash("run", e);
    } catch (RuntimeException | StackOverflowError e) {
      return crash("run", e);
    }
  }

  /** Every refusal names a line (the empty document has none to name). */
  private static Outcome refusal(ScenarioException e) {
    if (e.line() <= 0 && !e.getMessage().contains("empty document")) {
      return new Outcome(Kind.CRASH, "refusal without a line: " + e.getMessage());
    }
    return new Outcome(Kind.REFUSED, e.getMessage());
  }

  private static Outcome crash(String phase, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String[] lines = trace.toString().split("\n");
    StringBuilder top = new StringBuilder(phase + ": ");
    for (int i = 0; i < Math.min(6, lines.length); i++) {
      top.append(lines[i].trim()).append(" | ");
    }
    return new Outcome(Kind.CRASH, top.toString());
  }
}
