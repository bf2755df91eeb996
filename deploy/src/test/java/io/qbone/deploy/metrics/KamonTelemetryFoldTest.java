package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.telemetry.RequestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Distribution;
import kamon.metric.DynamicRange;
import kamon.metric.Gauge;
import kamon.metric.Histogram;
import kamon.metric.Instrument;
import kamon.metric.MeasurementUnit;
import kamon.tag.TagSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's reports ({@link ModelReports}: {@link IndexCells}, {@link RunLengthRings}) folded
 * into Kamon: after every fold the Kamon instruments hold exactly what was reported, counted
 * independently here, bucket by bucket.
 */
class KamonTelemetryFoldTest {
  @TempDir Path dir;

  /**
   * Names unlike every other test's, and a new prefix per test: Kamon removes an instrument only
   * at its next snapshot, and no snapshot runs here, so closed sinks leave theirs behind.
   */
  private static final AtomicInteger RUNS = new AtomicInteger();

  private String a;
  private String r;
  private String b;
  private ModelReports reports;
  private KamonTelemetry telemetry;
  private final List<Histogram> references = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    String prefix = "fold" + RUNS.incrementAndGet() + "-";
    a = prefix + "a";
    r = prefix + "r";
    b = prefix + "b";
    Path file = dir.resolve("fold.yaml");
    Files.writeString(file, String.join("\n",
        "qbone: 1",
        "name: fold",
        "seed: 1",
        "duration_s: 0.01",
        "nodes:",
        "  - {name: " + a + ", kind: end}",
        "  - {name: " + r + ", kind: repeater}",
        "  - {name: " + b + ", kind: end}",
        "links:",
        "  - {a: " + a + ", b: " + r + ", length_km: 10, fidelity: 0.98}",
        "  - {a: " + r + ", b: " + b + ", length_km: 10, fidelity: 0.97}",
        "flows:",
        "  - {name: " + prefix + "ab, from: " + a + ", to: " + b + "}",
        "  - {name: " + prefix + "rb, from: " + r + ", to: " + b + "}",
        "traffic: {rate_per_s: 10}",
        ""));
    Scenario scenario = ScenarioLoader.load(file);
    reports = new ModelReports(3, 2, 2, true, true);
    telemetry = new KamonTelemetry(scenario, reports);
  }

  @AfterEach
  void stop() {
    telemetry.close();
    for (Histogram h : references) {
      h.remove();
    }
  }

  /** The tags of the flow from {@code from} to {@code b}. */
  private TagSet flowTags(String from) {
    return TagSet.builder().add("flow", from + "b").add("src", from).add("dst", b)
        .add("protocol", "swap-asap/latency").build();
  }

  private static TagSet linkTags(String a, String b) {
    return TagSet.builder().add("link", a + "~" + b).add("a", a).add("b", b)
        .add("protocol", "werner").build();
  }

  private static long count(String metric, TagSet tags) {
    return ((Counter.LongAdder) Kamon.counter(metric).withTags(tags)).snapshot(false);
  }

  private static double gauge(String metric, TagSet tags) {
    return ((Gauge.Volatile) Kamon.gauge(metric).withTags(tags)).snapshot(false);
  }

  private static Map<Long, Long> buckets(Histogram h) {
    Distribution d = ((Histogram.Atomic) h).snapshot(false);
    Map<Long, Long> out = new TreeMap<>();
    var it = d.bucketsIterator();
    while (it.hasNext()) {
      Distribution.Bucket b = it.next();
      out.merge(b.value(), b.frequency(), Long::sum);
    }
    return out;
  }

  private static Histogram linkInfidelity(TagSet tags) {
    return Kamon.histogram(MetricNames.LINK_INFIDELITY, MeasurementUnit.none(),
        FidelityUnits.RANGE).withTags(tags);
  }

  private static Histogram flowHistogram(String metric, TagSet tags) {
    return metric.equals(MetricNames.PAIR_LATENCY)
        ? Kamon.histogram(metric, MeasurementUnit.time().nanoseconds()).withTags(tags)
        : Kamon.histogram(metric, MeasurementUnit.none(), FidelityUnits.RANGE).withTags(tags);
  }

  /** A histogram outside the sink, fed value by value: what Kamon would hold without buffering. */
  private Histogram reference(String name, DynamicRange range) {
    Histogram h = Kamon.histogram("qbone.test.fold-reference", MeasurementUnit.none(), range)
        .withTag("of", a + name);
    references.add(h);
    return h;
  }

  @Test
  void foldsHoldExactlyWhatWasReportedAcrossSeveralFolds() {
    Random random = new Random(42);
    TagSet ar = linkTags(a, r);
    TagSet rb = linkTags(r, b);
    TagSet ab = flowTags(a);
    long[] linkPairs = new long[2];
    List<Map<Long, Long>> linkExact = List.of(new TreeMap<>(), new TreeMap<>());
    long[] delivered = new long[2];
    List<Map<Long, Long>> flowExact = List.of(new TreeMap<>(), new TreeMap<>());
    Histogram latencyReference = reference("latency-ab", DynamicRange.Default());
    long swapsOk = 0;
    long swapsFailed = 0;
    for (int fold = 0; fold < 5; fold++) {
      // Link 0: Werner-like (one value, long runs); link 1: values that change at every pair.
      for (int i = 0; i < 1000; i++) {
        reports.linkPairGenerated(0, i, 0.98);
        linkPairs[0]++;
        linkExact.get(0).merge(200L, 1L, Long::sum);
        double f = 0.9 + random.nextInt(1000) * 1e-4;
        reports.linkPairGenerated(1, i, f);
        linkPairs[1]++;
        linkExact.get(1).merge(FidelityUnits.infidelityUnits(f), 1L, Long::sum);
      }
      // Flow 0 delivers more distinct latencies than its ring holds: some go to Kamon directly.
      int deliveries = fold == 2 ? 3 * ModelReports.FLOW_RUNS : 50;
      for (int i = 0; i < deliveries; i++) {
        double f = 0.8 + random.nextInt(3) * 0.01;
        long latency = 1_000 + random.nextInt(5_000_000);
        reports.pairDelivered(0, i, f, latency);
        delivered[0]++;
        flowExact.get(0).merge(FidelityUnits.infidelityUnits(f), 1L, Long::sum);
        latencyReference.record(latency);
      }
      boolean ok = random.nextBoolean();
      reports.swap(1, fold, ok);
      if (ok) {
        swapsOk++;
      } else {
        swapsFailed++;
      }
      reports.memoryOccupancy(1, fold, fold % 3, 4);

      telemetry.fold();

      assertEquals(linkPairs[0], count(MetricNames.LINK_PAIRS, ar), "fold " + fold);
      assertEquals(linkPairs[1], count(MetricNames.LINK_PAIRS, rb), "fold " + fold);
      assertEquals(linkExact.get(0), buckets(linkInfidelity(ar)), "fold " + fold);
      assertEquals(linkExact.get(1), buckets(linkInfidelity(rb)), "fold " + fold);
      assertEquals(delivered[0], count(MetricNames.PAIRS_DELIVERED, ab), "fold " + fold);
      assertEquals(flowExact.get(0),
          buckets(flowHistogram(MetricNames.PAIR_INFIDELITY, ab)), "fold " + fold);
      assertEquals(buckets(latencyReference),
          buckets(flowHistogram(MetricNames.PAIR_LATENCY, ab)), "fold " + fold);
      TagSet node = TagSet.of("node", r);
      assertEquals(swapsOk, count(MetricNames.SWAPS, node.withTag("result", "success")));
      assertEquals(swapsFailed, count(MetricNames.SWAPS, node.withTag("result", "failure")));
      assertEquals(fold % 3, gauge(MetricNames.MEMORY_IN_USE, node), "fold " + fold);
      assertEquals(4, gauge(MetricNames.MEMORY_CAPACITY, node));
    }
    // A fold with nothing new changes nothing.
    telemetry.fold();
    assertEquals(linkPairs[1], count(MetricNames.LINK_PAIRS, rb));
    assertEquals(linkExact.get(1), buckets(linkInfidelity(rb)));
    assertEquals(delivered[0], count(MetricNames.PAIRS_DELIVERED, ab));
    // Flow 1 and node b never reported: no instruments were created for them (remove
    // tells whether there was one).
    assertFalse(Kamon.counter(MetricNames.PAIRS_DELIVERED).remove(flowTags(r)));
    assertFalse(Kamon.gauge(MetricNames.MEMORY_IN_USE).remove(TagSet.of("node", b)));
  }

  @Test
  void aGaugeIsUpdatedOnlyWhenItsValueChanged() {
    TagSet node = TagSet.of("node", r);
    reports.memoryOccupancy(1, 0, 2, 4);
    telemetry.fold();
    assertEquals(2, gauge(MetricNames.MEMORY_IN_USE, node));
    // Someone else moves the gauge; a fold without a new value leaves it alone, even when the
    // model reported the same value again.
    Kamon.gauge(MetricNames.MEMORY_IN_USE).withTags(node).update(7);
    reports.memoryOccupancy(1, 1, 2, 4);
    telemetry.fold();
    assertEquals(7, gauge(MetricNames.MEMORY_IN_USE, node));
    reports.memoryOccupancy(1, 2, 3, 4);
    telemetry.fold();
    assertEquals(3, gauge(MetricNames.MEMORY_IN_USE, node));
  }

  @Test
  void keyReportsAreFoldedPerLink() {
    TagSet ar = linkTags(a, r);
    reports.keyGenerated(0, 1, 4096, 0.03);
    reports.keyGenerated(0, 2, 1024, 0.05);
    telemetry.fold();
    assertEquals(5120, count(MetricNames.KEY_BITS, ar));
    assertEquals(0.05, gauge(MetricNames.QBER, ar));
  }

  @Test
  void requestReportsAreFoldedPerSourceNode() {
    TagSet source = TagSet.of("node", a);
    reports.requestAdmitted(0, 1);
    reports.requestAdmitted(0, 2);
    reports.requestFinished(0, 3, RequestResult.COMPLETED, "");
    reports.requestFinished(0, 4, RequestResult.REJECTED_MEMORY,
        "memory: node " + r + " has 2 qubits, the path needs 4");
    reports.requestFinished(0, 5, RequestResult.REJECTED_MEMORY,
        "memory: no free qubit at node " + r + " within the reservation timeout");
    reports.requestFinished(2, 6, RequestResult.FAILED, "deadline: 1 of 3 pairs delivered");
    reports.requestPairDelivered(0, 7, 0.9, 2_000_000);
    reports.requestPairDelivered(0, 8, 0.9, 3_000_000);
    reports.requestPairDelivered(0, 9, 0.95, 3_000_000);
    telemetry.fold();
    assertEquals(2, count(MetricNames.REQUEST_ADMISSIONS, source));
    assertEquals(1, count(MetricNames.REQUESTS, source.withTag("result", "completed")));
    assertEquals(2, count(MetricNames.REQUESTS, source.withTag("result", "rejected-memory")));
    assertEquals(1, count(MetricNames.REQUESTS,
        TagSet.of("node", b).withTag("result", "failed")));
    assertEquals(2, count(MetricNames.REQUEST_FAILURES, source.withTag("result",
        "rejected-memory").withTag("reason", "memory")), "reasons by their kind");
    assertEquals(1, count(MetricNames.REQUEST_FAILURES, TagSet.of("node", b)
        .withTag("result", "failed").withTag("reason", "deadline")));
    assertEquals(3, count(MetricNames.REQUEST_PAIRS_DELIVERED, source));
    assertEquals(Map.of(1000L, 2L, 500L, 1L), buckets(Kamon.histogram(
        MetricNames.REQUEST_PAIR_INFIDELITY, MeasurementUnit.none(), FidelityUnits.RANGE)
        .withTags(source)));
    Distribution latency = ((Histogram.Atomic) Kamon.histogram(MetricNames.REQUEST_PAIR_LATENCY,
        MeasurementUnit.time().nanoseconds()).withTags(source)).snapshot(false);
    assertEquals(3, latency.count());
    // Series that never had a value are not created: no completed request at b, nothing at r.
    assertFalse(Kamon.counter(MetricNames.REQUESTS).remove(
        TagSet.of("node", b).withTag("result", "completed")));
    assertFalse(Kamon.counter(MetricNames.REQUEST_PAIRS_DELIVERED).remove(TagSet.of("node", r)));
  }

  @Test
  void rareReportsAreFoldedWithTheirTags() {
    reports.requestFinished(0, 1, RequestResult.REJECTED_ROUTING, "no-path: " + a + " to " + b);
    reports.requestFinished(0, 2, RequestResult.REJECTED_ROUTING, "no-path");
    reports.requestFinished(0, 3, RequestResult.REJECTED_ROUTING, "");
    reports.keyPoolLevel(2, 0, 4, 8192);
    reports.keyPoolLevel(0, 2, 5, 4096);
    reports.alarm(6, "eavesdropper", a + "~" + r, "QBER 0.31 above 0.11");
    assertEquals(0, count(MetricNames.ALARMS, TagSet.builder().add("kind", "eavesdropper")
        .add("subject", a + "~" + r).build()), "nothing reaches Kamon before the fold");
    telemetry.fold();
    TagSet rejected = TagSet.of("node", a).withTag("result", "rejected-routing");
    assertEquals(2, count(MetricNames.REQUEST_FAILURES, rejected.withTag("reason", "no-path")));
    assertEquals(1, count(MetricNames.REQUEST_FAILURES,
        rejected.withTag("reason", "unspecified")));
    assertEquals(3, count(MetricNames.REQUESTS, rejected));
    assertEquals(4096, gauge(MetricNames.KEY_POOL_BITS, TagSet.builder()
        .add("pool", a + "~" + b).add("node_a", a).add("node_b", b).build()),
        "the last level of the pool, whichever end reported it");
    assertEquals(1, count(MetricNames.ALARMS, TagSet.builder().add("kind", "eavesdropper")
        .add("subject", a + "~" + r).build()));
    assertEquals(1, reports.alarms().size(), "the dashboard keeps the alarm too");
  }

  @Test
  void refusesReportsThatKeepNothingForMetricsOrFitAnotherNetwork() throws Exception {
    Scenario scenario = ScenarioLoader.load(dir.resolve("fold.yaml"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KamonTelemetry(scenario, new ModelReports(3, 2, 2, true, false)));
    assertTrue(e.getMessage().contains("forMetrics"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new KamonTelemetry(scenario, new ModelReports(3, 1, 2, true, true)));
    assertTrue(e.getMessage().contains("1 links"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new KamonTelemetry(scenario, new ModelReports(3, 2, 2, false, true)));
    assertTrue(e.getMessage().contains("0 request sources"), e.getMessage());
  }

  /**
   * One model thread reports while another folds, as the engine poller does during a run: every
   * fold sees a consistent prefix, and the last fold after the writer stopped sees everything.
   */
  @Test
  void foldingWhileTheModelReportsLosesNothing() throws Exception {
    int pairs = 400_000;
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < pairs; i++) {
        // Runs of 1..7 equal values, so runs open, grow and close while the poller reads them.
        reports.linkPairGenerated(1, i, 0.97 - (i / 7 % 3) * 1e-4);
        reports.swap(1, i, true);
      }
    });
    TagSet rb = linkTags(r, b);
    long folds = 0;
    long last = 0;
    while (!writer.isDone()) {
      telemetry.fold();
      folds++;
      long counted = count(MetricNames.LINK_PAIRS, rb);
      assertTrue(counted >= last && counted <= pairs, "counted " + counted + " after " + last);
      last = counted;
    }
    writer.get(60, TimeUnit.SECONDS);
    telemetry.fold();
    assertTrue(folds > 0);
    assertEquals(pairs, count(MetricNames.LINK_PAIRS, rb));
    assertEquals(pairs, count(MetricNames.SWAPS,
        TagSet.of("node", r).withTag("result", "success")));
    Map<Long, Long> expected = new TreeMap<>();
    for (int i = 0; i < pairs; i++) {
      expected.merge(FidelityUnits.infidelityUnits(0.97 - (i / 7 % 3) * 1e-4), 1L, Long::sum);
    }
    assertEquals(expected, buckets(linkInfidelity(rb)));
  }

  @Test
  void ringsRejectACapacityThatIsNotAPowerOfTwo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RunLengthRings(1, 3));
    assertTrue(e.getMessage().contains("power of two"), e.getMessage());
  }

  @Test
  void aRingBuffersRunsUntilItIsFullAndFreesThemWhenFolded() {
    RunLengthRings rings = new RunLengthRings(1, 2);
    assertTrue(rings.record(0, 5));
    assertTrue(rings.record(0, 5));
    assertTrue(rings.record(0, 6));
    assertFalse(rings.record(0, 7), "two runs fill a ring of two");
    assertTrue(rings.record(0, 6), "the open run still grows");
    Map<Long, Long> seen = new TreeMap<>();
    rings.fold(0, (value, times) -> seen.merge(value, times, Long::sum));
    assertEquals(Map.of(5L, 2L, 6L, 2L), seen);
    assertTrue(rings.record(0, 7), "the closed run's slot is free again");
    assertFalse(rings.record(0, 6), "the run of 6 was open at the fold: its slot is still taken");
    seen.clear();
    rings.fold(0, (value, times) -> seen.merge(value, times, Long::sum));
    // The run of 6 was folded up to its count at the first fold and did not grow since.
    assertEquals(Map.of(7L, 1L), seen);
    assertTrue(rings.record(0, 6));
    seen.clear();
    rings.fold(0, (value, times) -> seen.merge(value, times, Long::sum));
    assertEquals(Map.of(6L, 1L), seen);
    seen.clear();
    rings.fold(0, (value, times) -> seen.merge(value, times, Long::sum));
    assertEquals(Map.of(), seen);
  }

  /** Checks the instrument accessors above find the sink's instruments, not fresh ones. */
  @Test
  void theInstrumentsReadHereAreTheSinks() {
    reports.linkPairGenerated(0, 0, 0.98);
    telemetry.fold();
    Instrument<?, ?> found = Kamon.counter(MetricNames.LINK_PAIRS)
        .withTags(linkTags(a, r));
    assertEquals(1, ((Counter.LongAdder) found).snapshot(false));
  }
}
