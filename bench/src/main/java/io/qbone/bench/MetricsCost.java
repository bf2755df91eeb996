package io.qbone.bench;

import com.sun.management.OperatingSystemMXBean;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.deploy.metrics.RunMetrics;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.web.DashboardServer;
import io.qbone.deploy.web.LiveRun;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.network.NetworkPlan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What Kamon metrics and the live dashboard cost a run. Runs the scenario alternately without
 * them and with them (Prometheus endpoint, model telemetry, engine poller, a scrape every second
 * as Prometheus would do; the dashboard server fed by the model, with one page reading its
 * server-sent events), in one JVM after a warm-up run of each, and prints per run the process
 * CPU time per event and the events per wall second, both between opening the first window and
 * closing the last (the engine's steady state, as "events/s in windows" in performance.md).
 *
 * <p>Run: {@code java -cp deploy/target/qbone.jar:bench/target/classes io.qbone.bench.MetricsCost
 * bench/results/chain-1000.yaml [--instrumentation] [--rounds 5] [--threads 2] [--port 19300]}.
 * With {@code --instrumentation} the Kanela agent is attached before the first run, so both modes
 * run woven Pekko; comparing the "off" lines with and without the flag shows its cost. With {@code
 * --endpoint-only} the "on" runs start Kamon, the endpoint, the engine poller and the scraper but
 * give the model no telemetry and start no dashboard: what is left of the cost is the model hot
 * path's; {@code --reports-only} is the converse: the model reports into the store kept for metrics
 * and nobody reads it (the hot path alone). {@code --no-dashboard} leaves the dashboard out, {@code
 * --no-metrics} Kamon (as {@code qbone run --no-metrics}). With {@code --only on} or {@code --only
 * off} the JVM runs one mode only: alternating sinks in one JVM makes the JIT deoptimise and
 * recompile the model's telemetry call sites at every switch, a cost no real run has; compare such
 * JVMs alternately instead, which {@link MetricsCostPairs} does with {@code --paced}: the JVM then
 * waits for a line on standard input before each round, and after it for the JIT to fall quiet, so
 * that two paced JVMs can take turns on the same cores.
 *
 * <p>The last columns split the same CPU time by thread ({@link ThreadCpu}, Linux), per event:
 * the LP dispatchers ({@code model}, where the telemetry hot path runs), the metrics and
 * dashboard threads (the engine poller that folds the model's telemetry into Kamon, Kamon's
 * ticker, its Prometheus reporter, which rebuilds the whole scrape text at every tick, its HTTP
 * server, the dashboard's server), the JIT compilers, the GC and the rest; {@code gc_ms} and
 * {@code jit_ms} are the JVM's own collection and compilation times over the interval. With
 * {@code --perf}, more columns give the instructions and cycles this JVM's threads retired per
 * event over the same interval, in all and by the same categories ({@link PerfCounters}).
 */
public final class MetricsCost {
  private MetricsCost() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean instrumentation = false;
    int rounds = 5;
    int threads = 2;
    int port = 19300;
    boolean endpointOnly = false;
    boolean reportsOnly = false;
    boolean paced = false;
    boolean perf = false;
    boolean dashboard = true;
    boolean kamon = true;
    String only = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--instrumentation" -> instrumentation = true;
        case "--endpoint-only" -> endpointOnly = true;
        case "--reports-only" -> reportsOnly = true;
        case "--only" -> only = args[++i];
        case "--paced" -> paced = true;
        case "--perf" -> perf = true;
        case "--no-dashboard" -> dashboard = false;
        case "--no-metrics" -> kamon = false;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Scenario scenario = ScenarioLoader.load(file);
    RunOptions options = new RunOptions(1, threads, 0, false);
    if (instrumentation) {
      // Attach the agent once, before any run, and stop Kamon again: both modes run woven code.
      RunMetrics.start(scenario, new ModelReports(scenario.nodes().size(),
          scenario.links().size(), scenario.flows().size(), scenario.traffic() != null, true),
          new RunProgress(), threads, "127.0.0.1", port, true).close();
    }
    System.out.println("round mode cpu_ns_per_event_in_windows events_per_s_in_windows events"
        + " gc_ms jit_ms | cpu_ns_per_event_by_thread: " + String.join(" ", CATEGORIES)
        + (perf ? " | instructions_per_event cycles_per_event | instructions_per_event_by_thread"
            + " | cycles_per_event_by_thread" : ""));
    BufferedReader go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (int round = 0; round <= rounds; round++) {
      if (paced && go.readLine() == null) {
        break;
      }
      boolean[] modes = only == null ? new boolean[] {false, true}
          : only.equals("on") ? new boolean[] {true}
          : only.equals("off") ? new boolean[] {false}
          : null;
      if (modes == null) {
        throw new IllegalArgumentException("--only takes on or off, got " + only);
      }
      for (boolean on : modes) {
        Measured m = run(scenario, options, on, kamon && !reportsOnly, endpointOnly,
            dashboard && !reportsOnly, reportsOnly, port, perf);
        if (paced) {
          awaitQuietJit();
        }
        // Round 0 warms the JIT up and is not counted.
        StringBuilder byThread = new StringBuilder();
        for (double ns : m.threadCpuNsPerEvent()) {
          byThread.append(String.format(" %.0f", ns));
        }
        String counters = m.counts() == null ? "" : counterColumns(m.counts(), m.events());
        System.out.printf("%s %s %.1f %.0f %d %d %d |%s%s%n", round == 0 ? "warm-up" : round,
            on ? "on" : "off", m.cpuNsPerEvent(), m.eventsPerWallSecond(), m.events(),
            m.gcMillis(), m.jitMillis(), byThread, counters);
        System.out.flush();
      }
    }
    System.exit(0); // Kamon's and the agent's threads would keep the JVM alive
  }

  record Measured(double cpuNsPerEvent, double eventsPerWallSecond, long events,
      double[] threadCpuNsPerEvent, long gcMillis, long jitMillis,
      Map<String, PerfCounters.Counts> counts) {}

  /**
   * The {@code --perf} columns: instructions and cycles per event of the whole JVM, then the
   * instructions and the cycles by thread category.
   */
  private static String counterColumns(Map<String, PerfCounters.Counts> counts, long events) {
    PerfCounters.Counts all = counts.values().stream()
        .reduce(new PerfCounters.Counts(0, 0), PerfCounters.Counts::plus);
    StringBuilder instructions = new StringBuilder();
    StringBuilder cycles = new StringBuilder();
    for (String c : CATEGORIES) {
      PerfCounters.Counts n = counts.getOrDefault(c, new PerfCounters.Counts(0, 0));
      instructions.append(String.format(" %.0f", (double) n.instructions() / events));
      cycles.append(String.format(" %.0f", (double) n.cycles() / events));
    }
    return String.format(" | %.0f %.0f |%s |%s", (double) all.instructions() / events,
        (double) all.cycles() / events, instructions, cycles);
  }

  /** Milliseconds all collectors spent collecting, and the JIT compiling, so far. */
  private static long[] gcAndJitMillis() {
    long gc = 0;
    for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, c.getCollectionTime());
    }
    return new long[] {gc, ManagementFactory.getCompilationMXBean().getTotalCompilationTime()};
  }

  /**
   * Waits (at most 10 s) until the JIT has compiled nothing for 500 ms, so that a paced JVM does
   * not compile on the cores while the other JVM of a pair runs its round.
   */
  private static void awaitQuietJit() throws InterruptedException {
    long before = gcAndJitMillis()[1];
    for (int i = 0; i < 20; i++) {
      Thread.sleep(500);
      long now = gcAndJitMillis()[1];
      if (now == before) {
        return;
      }
      before = now;
    }
  }

  /** The CPU breakdown's categories, in the order printed. */
  static final List<String> CATEGORIES = List.of("model", "metrics", "jit", "gc", "other");

  /**
   * A thread's category from its Linux name (at most 15 characters): the LP dispatchers, the
   * metrics threads (Kamon's ticker, reporter and HTTP server, the engine poller that folds the
   * model's telemetry), the JIT compilers, the GC, everything else.
   */
  static String category(String comm) {
    if (comm.startsWith("qbone-pekko.act")) {
      return "model";
    }
    if (comm.startsWith("kamon") || comm.startsWith("Prometheus") || comm.startsWith("HTTP-Disp")
        || comm.startsWith("Process Metric") || comm.startsWith("qbone-engine-m")
        || comm.startsWith("qbone-web") || comm.startsWith("qbone-api")) {
      return "metrics";
    }
    String jvm = ThreadCpu.jvmRole(comm);
    return jvm == null ? "other" : jvm;
  }

  private static Measured run(Scenario scenario, RunOptions options, boolean on,
      boolean withMetrics, boolean endpointOnly, boolean withDashboard, boolean reportsOnly,
      int port, boolean perf)
      throws Exception {
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    NetworkPlan plan = PlanBuilder.build(scenario);
    boolean metrics = on && withMetrics;
    LiveRun live = new LiveRun(scenario, plan, options, metrics || reportsOnly);
    RunProgress progress = live.progress();
    RunMetrics m = metrics ? RunMetrics.start(scenario, live.reports(), progress,
        options.threads(), "127.0.0.1", port, false) : null;
    DashboardServer dashboard = on && !endpointOnly && withDashboard
        ? DashboardServer.start(live, 0) : null;
    HttpClient http = HttpClient.newHttpClient();
    ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
    if (m != null) {
      // Prometheus scrapes every second, as a 1 s scrape interval would.
      HttpRequest get = HttpRequest.newBuilder(URI.create(m.url())).build();
      scraper.scheduleAtFixedRate(() -> {
        try {
          http.send(get, HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
          System.err.println("scrape failed: " + e);
        }
      }, 1, 1, TimeUnit.SECONDS);
    }
    if (dashboard != null) {
      // One open dashboard page: it reads the server-sent metrics until the server closes.
      http.sendAsync(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/events")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    try {
      // One store of the model's reports serves Kamon and the dashboard, as in qbone run.
      Telemetry telemetry =
          on && !endpointOnly && (m != null || dashboard != null || reportsOnly)
          ? live.reports() : Telemetry.NONE;
      // Process CPU time from the first window to the last, sampled every 5 ms: cluster start
      // and stop are the same in both modes and would only dilute the difference.
      long endNs = Math.round(scenario.durationS() * 1e9);
      long[] cpuAt = {-1, -1};
      ThreadCpu[] threadsSinceFirstWindow = {null};
      Map<String, Long> byCategory = new HashMap<>();
      List<long[]> gcJitAt = new ArrayList<>();
      PerfCounters[] counters = {null};
      List<Map<String, PerfCounters.Counts>> counts = new ArrayList<>();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> {
        try {
          if (cpuAt[0] < 0 && progress.windows() > 0) {
            cpuAt[0] = os.getProcessCpuTime();
            threadsSinceFirstWindow[0] = new ThreadCpu(MetricsCost::category);
            gcJitAt.add(gcAndJitMillis());
            counters[0] = perf ? PerfCounters.start(MetricsCost::category) : null;
          }
          if (cpuAt[1] < 0 && progress.virtualNs() >= endNs) {
            cpuAt[1] = os.getProcessCpuTime();
            if (counters[0] != null) {
              counts.add(counters[0].stop());
            }
            if (threadsSinceFirstWindow[0] != null) {
              byCategory.putAll(threadsSinceFirstWindow[0].nanosSinceStart());
            }
            gcJitAt.add(gcAndJitMillis());
          }
        } catch (Exception e) {
          System.err.println("sampling failed: " + e);
          throw new IllegalStateException(e); // ends the sampling
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
      live.running();
      ScenarioRunner.Finished f = ScenarioRunner.run(scenario, plan, options, RunHooks.none()
          .withProgress(progress).withTelemetry(telemetry)
          .withInjector(dashboard == null ? null : live.injector()));
      live.finished();
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      long events = f.result().events();
      double windowWall = f.result().times().windowWallNanos() / 1e9;
      double[] perEvent = new double[CATEGORIES.size()];
      for (int i = 0; i < perEvent.length; i++) {
        perEvent[i] = (double) byCategory.getOrDefault(CATEGORIES.get(i), 0L) / events;
      }
      boolean both = gcJitAt.size() == 2;
      if (perf && counts.isEmpty()) {
        throw new IllegalStateException("perf stat did not count the windows (is perf installed,"
            + " and may this user count system-wide?)");
      }
      return new Measured((double) (cpuAt[1] - cpuAt[0]) / events, events / windowWall, events,
          perEvent, both ? gcJitAt.get(1)[0] - gcJitAt.get(0)[0] : 0,
          both ? gcJitAt.get(1)[1] - gcJitAt.get(0)[1] : 0, counts.isEmpty() ? null : counts.get(0));
    } finally {
      scraper.shutdownNow();
      if (dashboard != null) {
        dashboard.close();
      }
      if (m != null) {
        m.close();
      }
    }
  }
}
