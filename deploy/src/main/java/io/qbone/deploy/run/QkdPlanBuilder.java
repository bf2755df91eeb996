package io.qbone.deploy.run;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.fault.FaultSchedule;
import io.qbone.qkd.fault.SelfScheduledFaults;
import io.qbone.qkd.node.QkdConfig;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The QKD plan of a scenario with a {@code qkd:} section or a fault schedule (faults act on the
 * QKD node model), else null. Faults are scheduled by each LP itself until the engine injects them.
 */
final class QkdPlanBuilder {
  private QkdPlanBuilder() {}

  static QkdPlan build(Scenario s, NetworkPlan plan, Telemetry telemetry, KeyBlockSink keys) {
    if (s.qkd() == null && s.faults().isEmpty()) {
      return null;
    }
    QkdConfig config = s.qkd() != null ? s.qkd() : new QkdConfig(List.of(), List.of(), List.of(),
        QkdConfig.DEFAULT_BLOCK_BITS, QkdConfig.DEFAULT_QBER_THRESHOLD,
        QkdConfig.DEFAULT_POOL_CAPACITY_BITS, RouteMetric.HOPS, QrngConfig.SEEDED);
    try {
      return new QkdPlan(plan, config, new SelfScheduledFaults(new FaultSchedule(s.faults())),
          keys, telemetry, false);
    } catch (UncheckedIOException e) {
      throw new ScenarioException(s.file(), 0, "qkd.qrng.path", e.getMessage());
    }
  }
}
