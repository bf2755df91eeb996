package io.qbone.deploy.run;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.router.network.NetworkPlan;
import java.io.UncheckedIOException;

/** The QKD plan of a scenario with a {@code qkd:} section, else null. */
final class QkdPlanBuilder {
  private QkdPlanBuilder() {}

  static QkdPlan build(Scenario s, NetworkPlan plan, Telemetry telemetry, KeyBlockSink keys) {
    if (s.qkd() == null) {
      return null;
    }
    try {
      return new QkdPlan(plan, s.qkd(), keys, telemetry, false);
    } catch (UncheckedIOException e) {
      throw new ScenarioException(s.file(), 0, "qkd.qrng.path", e.getMessage());
    }
  }
}
