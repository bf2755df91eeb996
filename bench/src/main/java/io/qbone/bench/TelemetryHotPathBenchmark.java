package io.qbone.bench;

import io.qbone.deploy.metrics.FidelityUnits;
import io.qbone.deploy.metrics.KamonTelemetry;
import io.qbone.deploy.metrics.MetricNames;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.telemetry.Telemetry;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Histogram;
import kamon.metric.MeasurementUnit;
import kamon.tag.TagSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one model report costs the LP thread, on chain-1000's indices (999 links, 1,000 nodes,
 * 100 flows) visited round-robin as a saturated chain does: {@code buffered} is the run's
 * {@link ModelReports} kept for metrics (per-index cells and run-length rings), folded into Kamon
 * once a second by a poller thread ({@link KamonTelemetry}), as in a run; {@code dashboard} is the
 * same store without the metrics' histogram runs ({@code --no-metrics}); {@code direct} records
 * straight into tagged Kamon instruments, as the sink did before issue #6's fix (a counter and a
 * 40 KB HDR histogram per link, two gauges per node, ...).
 * Link pairs have one fidelity (Werner links), deliveries one
 * fidelity and latencies spread over 2.7-3.9 ms, as in chain-1000.
 *
 * <p>Run (after {@code mvn -o -q -pl deploy,bench -am package -DskipTests}):
 * {@code java -cp bench/target/classes:deploy/target/qbone.jar:<jmh-core>:<jopt-simple>:
 * <commons-math3> org.openjdk.jmh.Main TelemetryHotPath -p sink=buffered -f 1 -wi 2 -i 3}
 * with {@code -Dqbone.scenario=bench/results/chain-1000.yaml} (the default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TelemetryHotPathBenchmark {
  @Param({"buffered", "direct", "dashboard"})
  public String sink;

  private Telemetry telemetry;
  private KamonTelemetry buffered;
  private ScheduledExecutorService poller;
  private int links;
  private int nodes;
  private int flows;
  private int link;
  private int node;
  private int flow;
  private final long[] latencies = new long[4096];
  private int latency;

  @Setup
  public void setup() throws Exception {
    Scenario scenario = ScenarioLoader.load(
        Path.of(System.getProperty("qbone.scenario", "bench/results/chain-1000.yaml")));
    links = scenario.links().size();
    nodes = scenario.nodes().size();
    flows = scenario.flows().size();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = 2_700_000 + random.nextLong(1_200_000);
    }
    if (sink.equals("buffered")) {
      ModelReports reports = new ModelReports(nodes, links, flows, false, true);
      buffered = new KamonTelemetry(scenario, reports);
      telemetry = reports;
      poller = Executors.newSingleThreadScheduledExecutor();
      poller.scheduleAtFixedRate(buffered::fold, 1, 1, TimeUnit.SECONDS);
    } else if (sink.equals("dashboard")) {
      telemetry = new ModelReports(nodes, links, flows, false, false);
    } else {
      telemetry = new DirectKamon(scenario);
    }
  }

  @TearDown
  public void tearDown() {
    if (poller != null) {
      poller.shutdownNow();
      buffered.close();
    }
  }

  @Benchmark
  public void linkPairGenerated() {
    telemetry.linkPairGenerated(link, 0, 0.95);
    link = link + 1 == links ? 0 : link + 1;
  }

  @Benchmark
  public void memoryOccupancy() {
    telemetry.memoryOccupancy(node, 0, node & 1, 2);
    node = node + 1 == nodes ? 0 : node + 1;
  }

  @Benchmark
  public void swap() {
    telemetry.swap(node, 0, true);
    node = node + 1 == nodes ? 0 : node + 1;
  }

  @Benchmark
  public void pairDelivered() {
    telemetry.pairDelivered(flow, 0, 0.6262, latencies[latency]);
    flow = flow + 1 == flows ? 0 : flow + 1;
    latency = (latency + 1) & (latencies.length - 1);
  }

  /** The hot path as it was: every report straight into its tagged Kamon instruments. */
  static final class DirectKamon implements Telemetry {
    private final Counter[] linkPairs;
    private final Histogram[] linkInfidelity;
    private final Gauge[] inUse;
    private final Gauge[] capacity;
    private final Counter[] swaps;
    private final Counter[] delivered;
    private final Histogram[] pairInfidelity;
    private final Histogram[] pairLatency;

    DirectKamon(Scenario s) {
      int l = s.links().size();
      linkPairs = new Counter[l];
      linkInfidelity = new Histogram[l];
      for (int i = 0; i < l; i++) {
        TagSet tags = TagSet.of("link", "direct-" + i);
        linkPairs[i] = Kamon.counter(MetricNames.LINK_PAIRS).withTags(tags);
        linkInfidelity[i] = Kamon.histogram(MetricNames.LINK_INFIDELITY, MeasurementUnit.none(),
            FidelityUnits.RANGE).withTags(tags);
      }
      int n = s.nodes().size();
      inUse = new Gauge[n];
      capacity = new Gauge[n];
      swaps = new Counter[n];
      for (int i = 0; i < n; i++) {
        TagSet tags = TagSet.of("node", "direct-" + i);
        inUse[i] = Kamon.gauge(MetricNames.MEMORY_IN_USE).withTags(tags);
        capacity[i] = Kamon.gauge(MetricNames.MEMORY_CAPACITY).withTags(tags);
        swaps[i] = Kamon.counter(MetricNames.SWAPS).withTags(tags);
      }
      int f = s.flows().size();
      delivered = new Counter[f];
      pairInfidelity = new Histogram[f];
      pairLatency = new Histogram[f];
      for (int i = 0; i < f; i++) {
        TagSet tags = TagSet.of("flow", "direct-" + i);
        delivered[i] = Kamon.counter(MetricNames.PAIRS_DELIVERED).withTags(tags);
        pairInfidelity[i] = Kamon.histogram(MetricNames.PAIR_INFIDELITY, MeasurementUnit.none(),
            FidelityUnits.RANGE).withTags(tags);
        pairLatency[i] = Kamon.histogram(MetricNames.PAIR_LATENCY,
            MeasurementUnit.time().nanoseconds()).withTags(tags);
      }
    }

    @Override
    public void linkPairGenerated(int link, long atNs, double fidelity) {
      linkPairs[link].increment();
      linkInfidelity[link].record(FidelityUnits.infidelityUnits(fidelity));
    }

    @Override
    public void memoryOccupancy(int node, long atNs, int used, int total) {
      inUse[node].update(used);
      capacity[node].update(total);
    }

    @Override
    public void swap(int node, long atNs, boolean success) {
      swaps[node].increment();
    }

    @Override
    public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
      delivered[flow].increment();
      pairInfidelity[flow].record(FidelityUnits.infidelityUnits(fidelity));
      pairLatency[flow].record(latencyNs);
    }
  }
}
