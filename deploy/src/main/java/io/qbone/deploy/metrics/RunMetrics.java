package io.qbone.deploy.metrics;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.engine.RunProgress;

/**
 * Everything a run exports to Prometheus: the endpoint, the fold of the model's reports into
 * Kamon and the engine poller, started together and closed together.
 */
public final class RunMetrics implements AutoCloseable {
  private final MetricsEndpoint endpoint;
  private final KamonTelemetry telemetry;
  private final EngineMetrics engine;

  private RunMetrics(MetricsEndpoint endpoint, KamonTelemetry telemetry, EngineMetrics engine) {
    this.endpoint = endpoint;
    this.telemetry = telemetry;
    this.engine = engine;
  }

  /**
   * @param threads dispatcher threads of all members together
   * @throws MetricsEndpoint.PortInUseException when the port is taken
   */
  public static RunMetrics start(Scenario scenario, ModelReports reports, RunProgress progress,
      int threads, String host, int port, boolean instrumentation) {
    MetricsEndpoint endpoint = MetricsEndpoint.start(host, port, instrumentation);
    KamonTelemetry telemetry = new KamonTelemetry(scenario, reports);
    return new RunMetrics(endpoint, telemetry,
        new EngineMetrics(progress, threads, System::nanoTime, telemetry::fold));
  }

  public String url() {
    return endpoint.url();
  }

  @Override
  public void close() {
    try (endpoint; telemetry; engine) {
      // closed in reverse order: last poll and fold, instruments removed, Kamon stopped
    }
  }
}
