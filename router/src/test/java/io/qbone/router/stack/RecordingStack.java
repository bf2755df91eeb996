package io.qbone.router.stack;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.engine.RunResult;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.PairListener;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.routing.RouteMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A node's stack with every message it receives written down first, so tests can see them. */
record RecordingStack(LpModel stack, int lp, List<RecordingStack.Received> log)
    implements LpModel {
  /** A message as its receiver saw it. */
  record Received(int at, long nowNs, int origin, LpMessage message) {}

  /**
   * A run's reports, every message its node LPs received, and (when kept) each node's stack by
   * its index, to look at once the run is over.
   */
  record Run(RunResult result, List<Received> log, Map<Integer, NodeStack> stacks) {}

  /** Runs request-driven {@code plan} on 2 embedded members, every message serialized. */
  static Run run(RequestPlan plan, long seed) throws Exception {
    return run(plan, seed, false);
  }

  /** As {@link #run(RequestPlan, long)}, also keeping the node stacks. */
  static Run runKeepingStacks(RequestPlan plan, long seed) throws Exception {
    return run(plan, seed, true);
  }

  private static Run run(RequestPlan plan, long seed, boolean keep) throws Exception {
    NetworkPlan network = new NetworkPlan(plan.topology(), List.of(), RouteMetric.LATENCY);
    List<Received> log = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, NodeStack> stacks = new ConcurrentHashMap<>();
    RunResult r = new EmbeddedCluster(2, 1, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(new EngineSettings(plan.topology().minLinkDelayNs(), plan.durationNs(), seed, 0),
            plan.lpCount(), lp -> {
              NodeStack stack = new NodeStack(network, plan, lp, Telemetry.NONE,
                  PairListener.NONE);
              if (keep) {
                stacks.put(lp, stack);
              }
              return new RecordingStack(stack, lp, log);
            },
            System::nanoTime);
    List<Received> sorted = new ArrayList<>(log);
    sorted.sort((x, y) -> Long.compare(x.nowNs(), y.nowNs()));
    return new Run(r, sorted, stacks);
  }

  @Override
  public void start(LpContext ctx) {
    stack.start(ctx);
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    stack.onEvent(ctx, event);
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    log.add(new Received(lp, ctx.now(), m.getOrigin(), m));
    stack.onMessage(ctx, m);
  }

  @Override
  public void report(LpReport.Builder report) {
    stack.report(report);
  }
}
