package io.qbone.deploy.web;

import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test support: a scenario running in real time in the background, as {@code qbone run} runs it,
 * with its dashboard server on a free port and a plain HTTP client for the API.
 */
final class RunningDashboard implements AutoCloseable {
  private static final long DEADLINE_S = 120;
  /** Polling period: leaves the (shared) cores to the run. */
  private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);

  final LiveRun live;
  final DashboardServer server;
  private final CompletableFuture<ScenarioRunner.Finished> finished;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningDashboard(Scenario scenario, double speed) throws Exception {
    RunOptions options = new RunOptions(1, 2, speed, false);
    live = new LiveRun(scenario, PlanBuilder.build(scenario), options, false);
    server = DashboardServer.start(live, 0);
    live.running();
    finished = CompletableFuture.supplyAsync(() -> {
      try {
        ScenarioRunner.Finished f = ScenarioRunner.run(scenario, live.plan(), options, RunHooks.none()
            .withProgress(live.progress()).withTelemetry(live.reports()).withInjector(live.injector()));
        live.finished();
        return f;
      } catch (Exception e) {
        live.failed(e.toString());
        throw new IllegalStateException(e);
      }
    });
  }

  /** Starts {@code scenario} paced at {@code speed} virtual seconds per wall second. */
  static RunningDashboard start(Scenario scenario, double speed) throws Exception {
    return new RunningDashboard(scenario, speed);
  }

  /** Polls until {@code condition} holds; fails the test after the deadline. */
  static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NS);
    }
  }

  /** Waits until the run has simulated past {@code ns} of virtual time. */
  void awaitVirtualTime(long ns) {
    await("virtual time " + ns + " ns", () -> live.progress().virtualNs() > ns);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for the run to end and returns it. */
  ScenarioRunner.Finished awaitEnd() throws Exception {
    return finished.get(DEADLINE_S, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      awaitEnd();
    } finally {
      server.close();
    }
  }
}
