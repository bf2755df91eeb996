package io.qbone.deploy.metrics;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Histogram;
import kamon.metric.Instrument;
import kamon.metric.MeasurementUnit;
import kamon.metric.Metric;
import kamon.tag.TagSet;

/**
 * Model telemetry as Kamon metrics, tagged with the scenario's names (docs/metrics.md).
 *
 * <p>The model threads do not touch Kamon on the hot path: they add to per-index counters and
 * gauges ({@link IndexCells}) and buffer histogram values as runs ({@link RunLengthRings}), and
 * {@link #fold()}, called by the engine poller once a second and once more when the run's metrics
 * close, moves what changed into the Kamon instruments. Recording straight into Kamon cost 35-52 %
 * of events/s on the 1,000-node chain, mostly cache misses on a 40 KB HDR histogram per link at
 * every pair (docs/performance.md); so metrics now lag the run by up to one poll interval.
 *
 * <p>Correctness rests on the {@link Telemetry} contract that each node's, link's and flow's
 * reports come from one LP (its owner) at a time: the cells and rings have one writer per index.
 *
 * <p>Indices are the scenario's list positions (the topology keeps them). A flow's, link's or
 * node's instruments are looked up in Kamon on its first fold that has something for them, and
 * kept in arrays; created lazily because a 100,000-node network would otherwise hold instruments
 * (40 KB per fidelity histogram) for links that never carry a pair. Rare reports (rejections
 * with a reason, key pools, alarms) go to Kamon directly and look their instrument up each time.
 */
public final class KamonTelemetry implements Telemetry, AutoCloseable {
  private static final MeasurementUnit NONE = MeasurementUnit.none();
  private static final MeasurementUnit NANOS = MeasurementUnit.time().nanoseconds();

  // Fields of the index cells: counters first, then gauges.
  private static final int FLOW_DELIVERED = 0;
  private static final int FLOW_ACCEPTED = 1;
  private static final int LINK_PAIRS = 0;
  private static final int LINK_KEY_BITS = 1;
  private static final int LINK_QBER = 2;
  private static final int NODE_SWAP_OK = 0;
  private static final int NODE_SWAP_FAILED = 1;
  private static final int NODE_PURIFY_OK = 2;
  private static final int NODE_PURIFY_FAILED = 3;
  private static final int NODE_IN_USE = 4;
  private static final int NODE_CAPACITY = 5;

  /**
   * Runs buffered per link and flow between two folds. A Werner link needs one run a second;
   * latencies rarely repeat, so a flow needs one run per delivery (a 1,000-node chain delivers
   * about 100 pairs a second per flow). A full ring costs speed, not counts: see the callers.
   */
  static final int LINK_RUNS = 64;
  static final int FLOW_RUNS = 1024;

  private final String[] nodeNames;
  private final LinkConfig[] links;
  private final String[] linkProtocols;
  private final FlowConfig[] flows;
  private final String flowProtocol;

  private final IndexCells flowCells;
  private final RunLengthRings flowInfidelity;
  private final RunLengthRings flowLatency;
  private final IndexCells linkCells;
  private final RunLengthRings linkInfidelity;
  private final IndexCells nodeCells;

  private final FlowInstruments[] flowInstruments;
  private final LinkInstruments[] linkInstruments;
  private final NodeInstruments[] nodeInstruments;
  private final Object folding = new Object();
  private final ConcurrentHashMap<String, Object> rare = new ConcurrentHashMap<>();
  /** Every (metric, tags) this sink created, removed again on close. */
  private final List<Created> created = new ArrayList<>();

  private record Created(Metric<?, ?> metric, TagSet tags) {}

  private record FlowInstruments(Counter delivered, Histogram infidelity, Histogram latency,
      Counter accepted) {}

  private record LinkInstruments(Counter pairs, Histogram infidelity, Counter keyBits, Gauge qber) {}

  private record NodeInstruments(Gauge inUse, Gauge capacity, Counter swapOk, Counter swapFailed,
      Counter purifyOk, Counter purifyFailed) {}

  public KamonTelemetry(Scenario scenario) {
    nodeNames = scenario.nodes().stream().map(n -> n.name()).toArray(String[]::new);
    links = scenario.links().toArray(LinkConfig[]::new);
    linkProtocols = new String[links.length];
    for (int l = 0; l < links.length; l++) {
      linkProtocols[l] = linkProtocol(links[l]);
    }
    flows = scenario.flows().toArray(FlowConfig[]::new);
    flowProtocol = "swap-asap/" + scenario.routing().name().toLowerCase(Locale.ROOT);
    flowCells = new IndexCells(flows.length, 2, 0);
    flowInfidelity = new RunLengthRings(flows.length, FLOW_RUNS);
    flowLatency = new RunLengthRings(flows.length, FLOW_RUNS);
    linkCells = new IndexCells(links.length, 2, 1);
    linkInfidelity = new RunLengthRings(links.length, LINK_RUNS);
    nodeCells = new IndexCells(nodeNames.length, 4, 2);
    flowInstruments = new FlowInstruments[flows.length];
    linkInstruments = new LinkInstruments[links.length];
    nodeInstruments = new NodeInstruments[nodeNames.length];
  }

  /** A link's protocol tag: its heralding scheme, or {@code werner} for the v1 model. */
  static String linkProtocol(LinkConfig l) {
    return l.heralded() == null ? "werner"
        : l.heralded().scheme().getClass().getSimpleName()
            .replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** A link's name in tags and the dashboards: its ends joined by a tilde. */
  public static String linkName(String a, String b) {
    return a + "~" + b;
  }

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    flowCells.add(flow, FLOW_DELIVERED, 1);
    long units = FidelityUnits.infidelityUnits(fidelity);
    if (!flowInfidelity.record(flow, units)) {
      flow(flow).infidelity.record(units);
    }
    long latency = Math.max(0, latencyNs);
    if (!flowLatency.record(flow, latency)) {
      flow(flow).latency.record(latency);
    }
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    linkCells.add(link, LINK_PAIRS, 1);
    long units = FidelityUnits.infidelityUnits(fidelity);
    if (!linkInfidelity.record(link, units)) {
      link(link).infidelity.record(units);
    }
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    nodeCells.set(node, NODE_IN_USE, inUse);
    nodeCells.set(node, NODE_CAPACITY, capacity);
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    nodeCells.add(node, success ? NODE_SWAP_OK : NODE_SWAP_FAILED, 1);
  }

  @Override
  public void purification(int node, long atNs, boolean success) {
    nodeCells.add(node, success ? NODE_PURIFY_OK : NODE_PURIFY_FAILED, 1);
  }

  @Override
  public void request(int flow, long atNs, boolean accepted, String reason) {
    if (accepted) {
      flowCells.add(flow, FLOW_ACCEPTED, 1);
      return;
    }
    String why = reason == null || reason.isEmpty() ? "unspecified" : reason;
    ((Counter) rare.computeIfAbsent("request/" + flow + "/" + why, k -> track(
        Kamon.counter(MetricNames.REQUESTS), flowTags(flow).withTag("result", "rejected")
            .withTag("reason", why)))).increment();
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    linkCells.add(link, LINK_KEY_BITS, Math.max(0, bits));
    linkCells.set(link, LINK_QBER, qber);
  }

  @Override
  public void keyPoolLevel(int nodeA, int nodeB, long atNs, long bits) {
    int lo = Math.min(nodeA, nodeB);
    int hi = Math.max(nodeA, nodeB);
    ((Gauge) rare.computeIfAbsent("pool/" + lo + "/" + hi, k -> track(
        Kamon.gauge(MetricNames.KEY_POOL_BITS), TagSet.builder()
            .add("pool", nodeNames[lo] + "~" + nodeNames[hi])
            .add("node_a", nodeNames[lo]).add("node_b", nodeNames[hi]).build())))
        .update(bits);
  }

  @Override
  public void alarm(long atNs, String kind, String subject, String message) {
    ((Counter) rare.computeIfAbsent("alarm/" + kind + "/" + subject, k -> track(
        Kamon.counter(MetricNames.ALARMS),
        TagSet.builder().add("kind", kind).add("subject", subject).build()))).increment();
  }

  /**
   * Moves everything reported since the last fold into the Kamon instruments; gauges only when
   * they changed. The cells and rings allow one folding thread at a time, hence the lock.
   */
  public void fold() {
    synchronized (folding) {
      foldAll();
    }
  }

  private void foldAll() {
    for (int f = 0; f < flows.length; f++) {
      int flow = f;
      foldCounter(flowCells, f, FLOW_DELIVERED, () -> flow(flow).delivered);
      foldCounter(flowCells, f, FLOW_ACCEPTED, () -> flow(flow).accepted);
      flowInfidelity.fold(f, (value, times) -> flow(flow).infidelity.record(value, times));
      flowLatency.fold(f, (value, times) -> flow(flow).latency.record(value, times));
    }
    for (int l = 0; l < links.length; l++) {
      int link = l;
      foldCounter(linkCells, l, LINK_PAIRS, () -> link(link).pairs);
      foldCounter(linkCells, l, LINK_KEY_BITS, () -> link(link).keyBits);
      updateIfChanged(linkCells, l, LINK_QBER, () -> link(link).qber);
      linkInfidelity.fold(l, (value, times) -> link(link).infidelity.record(value, times));
    }
    for (int n = 0; n < nodeNames.length; n++) {
      int node = n;
      foldCounter(nodeCells, n, NODE_SWAP_OK, () -> node(node).swapOk);
      foldCounter(nodeCells, n, NODE_SWAP_FAILED, () -> node(node).swapFailed);
      foldCounter(nodeCells, n, NODE_PURIFY_OK, () -> node(node).purifyOk);
      foldCounter(nodeCells, n, NODE_PURIFY_FAILED, () -> node(node).purifyFailed);
      updateIfChanged(nodeCells, n, NODE_IN_USE, () -> node(node).inUse);
      updateIfChanged(nodeCells, n, NODE_CAPACITY, () -> node(node).capacity);
    }
  }

  private static void foldCounter(IndexCells cells, int index, int field,
      Supplier<Counter> counter) {
    long delta = cells.drain(index, field);
    if (delta > 0) {
      counter.get().increment(delta);
    }
  }

  private static void updateIfChanged(IndexCells cells, int index, int field,
      Supplier<Gauge> gauge) {
    long bits = cells.changed(index, field);
    if (bits != IndexCells.UNSET) {
      gauge.get().update(Double.longBitsToDouble(bits));
    }
  }

  // Synchronized: the poller creates instruments, and so may a writer whose ring is full.
  private synchronized FlowInstruments flow(int flow) {
    FlowInstruments f = flowInstruments[flow];
    if (f == null) {
      TagSet tags = flowTags(flow);
      f = new FlowInstruments(
          track(Kamon.counter(MetricNames.PAIRS_DELIVERED), tags),
          track(Kamon.histogram(MetricNames.PAIR_INFIDELITY, NONE, FidelityUnits.RANGE), tags),
          track(Kamon.histogram(MetricNames.PAIR_LATENCY, NANOS), tags),
          track(Kamon.counter(MetricNames.REQUESTS), tags.withTag("result", "accepted")
              .withTag("reason", "")));
      flowInstruments[flow] = f;
    }
    return f;
  }

  private TagSet flowTags(int flow) {
    FlowConfig c = flows[flow];
    return TagSet.builder().add("flow", c.name()).add("src", c.from()).add("dst", c.to())
        .add("protocol", flowProtocol).build();
  }

  private synchronized LinkInstruments link(int link) {
    LinkInstruments l = linkInstruments[link];
    if (l == null) {
      LinkConfig c = links[link];
      TagSet tags = TagSet.builder().add("link", linkName(c.a(), c.b())).add("a", c.a())
          .add("b", c.b()).add("protocol", linkProtocols[link]).build();
      l = new LinkInstruments(
          track(Kamon.counter(MetricNames.LINK_PAIRS), tags),
          track(Kamon.histogram(MetricNames.LINK_INFIDELITY, NONE, FidelityUnits.RANGE), tags),
          track(Kamon.counter(MetricNames.KEY_BITS), tags),
          track(Kamon.gauge(MetricNames.QBER), tags));
      linkInstruments[link] = l;
    }
    return l;
  }

  private synchronized NodeInstruments node(int node) {
    NodeInstruments n = nodeInstruments[node];
    if (n == null) {
      TagSet tags = TagSet.of("node", nodeNames[node]);
      TagSet ok = tags.withTag("result", "success");
      TagSet failed = tags.withTag("result", "failure");
      n = new NodeInstruments(
          track(Kamon.gauge(MetricNames.MEMORY_IN_USE), tags),
          track(Kamon.gauge(MetricNames.MEMORY_CAPACITY), tags),
          track(Kamon.counter(MetricNames.SWAPS), ok),
          track(Kamon.counter(MetricNames.SWAPS), failed),
          track(Kamon.counter(MetricNames.PURIFICATIONS), ok),
          track(Kamon.counter(MetricNames.PURIFICATIONS), failed));
      nodeInstruments[node] = n;
    }
    return n;
  }

  private <I extends Instrument<I, S>, S extends Metric.Settings> I track(Metric<I, S> metric,
      TagSet tags) {
    synchronized (created) {
      created.add(new Created(metric, tags));
    }
    return metric.withTags(tags);
  }

  /** Removes this run's instruments, so a later run in the same JVM starts from zero. */
  @Override
  public void close() {
    synchronized (created) {
      for (Created c : created) {
        c.metric().remove(c.tags());
      }
      created.clear();
    }
  }
}
