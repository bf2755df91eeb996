package io.qbone.deploy.metrics;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
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
 * <p>Indices are the scenario's list positions (the topology keeps them). Each instrument of a
 * flow, link or node is looked up in Kamon when it first has a value to take, and kept in an
 * array: a 100,000-node network would otherwise hold instruments (40 KB per fidelity histogram)
 * for links that never carry a pair, and Kamon snapshots and formats every instrument at every
 * tick, so a series that never had a value (key bits of a link without QKD, purifications) is not
 * exported. Rare reports (rejections with a reason, key pools, alarms) go to Kamon directly and
 * look their instrument up each time.
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
  private final CellFolder flowFolder;
  private final RunLengthRings flowInfidelity;
  private final RunLengthRings flowLatency;
  private final IndexCells linkCells;
  private final CellFolder linkFolder;
  private final RunLengthRings linkInfidelity;
  private final IndexCells nodeCells;
  private final CellFolder nodeFolder;

  private final PerIndex<Counter> delivered;
  private final PerIndex<Counter> accepted;
  private final PerIndex<Histogram> pairInfidelity;
  private final PerIndex<Histogram> pairLatency;
  private final PerIndex<Counter> linkPairs;
  private final PerIndex<Counter> keyBits;
  private final PerIndex<Gauge> qber;
  private final PerIndex<Histogram> linkFidelity;
  private final PerIndex<Gauge> inUse;
  private final PerIndex<Gauge> capacity;
  private final PerIndex<Counter> swapOk;
  private final PerIndex<Counter> swapFailed;
  private final PerIndex<Counter> purifyOk;
  private final PerIndex<Counter> purifyFailed;
  private final Object folding = new Object();
  private final ConcurrentHashMap<String, Object> rare = new ConcurrentHashMap<>();
  /** Every (metric, tags) this sink created, removed again on close. */
  private final List<Created> created = new ArrayList<>();

  private record Created(Metric<?, ?> metric, TagSet tags) {}

  /**
   * One instrument per index, created on first use: only series that have a value are exported,
   * since Kamon snapshots and formats every instrument at each tick. Synchronized because the
   * poller creates instruments and so may a writer whose ring is full.
   */
  private static final class PerIndex<I> {
    private final Object[] instruments;
    private final IntFunction<I> create;

    PerIndex(int size, IntFunction<I> create) {
      this.instruments = new Object[size];
      this.create = create;
    }

    @SuppressWarnings("unchecked")
    synchronized I get(int index) {
      Object i = instruments[index];
      if (i == null) {
        i = create.apply(index);
        instruments[index] = i;
      }
      return (I) i;
    }
  }

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
    flowFolder = new CellFolder(flowCells);
    flowInfidelity = new RunLengthRings(flows.length, FLOW_RUNS);
    flowLatency = new RunLengthRings(flows.length, FLOW_RUNS);
    linkCells = new IndexCells(links.length, 2, 1);
    linkFolder = new CellFolder(linkCells);
    linkInfidelity = new RunLengthRings(links.length, LINK_RUNS);
    nodeCells = new IndexCells(nodeNames.length, 4, 2);
    nodeFolder = new CellFolder(nodeCells);
    int f = flows.length;
    delivered = new PerIndex<>(f, i -> track(Kamon.counter(MetricNames.PAIRS_DELIVERED),
        flowTags(i)));
    accepted = new PerIndex<>(f, i -> track(Kamon.counter(MetricNames.REQUESTS),
        flowTags(i).withTag("result", "accepted").withTag("reason", "")));
    pairInfidelity = new PerIndex<>(f, i -> track(Kamon.histogram(MetricNames.PAIR_INFIDELITY,
        NONE, FidelityUnits.RANGE), flowTags(i)));
    pairLatency = new PerIndex<>(f, i -> track(Kamon.histogram(MetricNames.PAIR_LATENCY, NANOS),
        flowTags(i)));
    int l = links.length;
    linkPairs = new PerIndex<>(l, i -> track(Kamon.counter(MetricNames.LINK_PAIRS), linkTags(i)));
    keyBits = new PerIndex<>(l, i -> track(Kamon.counter(MetricNames.KEY_BITS), linkTags(i)));
    qber = new PerIndex<>(l, i -> track(Kamon.gauge(MetricNames.QBER), linkTags(i)));
    linkFidelity = new PerIndex<>(l, i -> track(Kamon.histogram(MetricNames.LINK_INFIDELITY,
        NONE, FidelityUnits.RANGE), linkTags(i)));
    int n = nodeNames.length;
    inUse = new PerIndex<>(n, i -> track(Kamon.gauge(MetricNames.MEMORY_IN_USE), nodeTags(i)));
    capacity = new PerIndex<>(n, i -> track(Kamon.gauge(MetricNames.MEMORY_CAPACITY),
        nodeTags(i)));
    swapOk = new PerIndex<>(n, i -> track(Kamon.counter(MetricNames.SWAPS),
        nodeTags(i).withTag("result", "success")));
    swapFailed = new PerIndex<>(n, i -> track(Kamon.counter(MetricNames.SWAPS),
        nodeTags(i).withTag("result", "failure")));
    purifyOk = new PerIndex<>(n, i -> track(Kamon.counter(MetricNames.PURIFICATIONS),
        nodeTags(i).withTag("result", "success")));
    purifyFailed = new PerIndex<>(n, i -> track(Kamon.counter(MetricNames.PURIFICATIONS),
        nodeTags(i).withTag("result", "failure")));
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
      pairInfidelity.get(flow).record(units);
    }
    long latency = Math.max(0, latencyNs);
    if (!flowLatency.record(flow, latency)) {
      pairLatency.get(flow).record(latency);
    }
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    linkCells.add(link, LINK_PAIRS, 1);
    long units = FidelityUnits.infidelityUnits(fidelity);
    if (!linkInfidelity.record(link, units)) {
      linkFidelity.get(link).record(units);
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
      foldCounter(flowFolder, f, FLOW_DELIVERED, delivered);
      foldCounter(flowFolder, f, FLOW_ACCEPTED, accepted);
      flowInfidelity.fold(f, (value, times) -> pairInfidelity.get(flow).record(value, times));
      flowLatency.fold(f, (value, times) -> pairLatency.get(flow).record(value, times));
    }
    for (int l = 0; l < links.length; l++) {
      int link = l;
      foldCounter(linkFolder, l, LINK_PAIRS, linkPairs);
      foldCounter(linkFolder, l, LINK_KEY_BITS, keyBits);
      updateIfChanged(linkFolder, l, LINK_QBER, qber);
      linkInfidelity.fold(l, (value, times) -> linkFidelity.get(link).record(value, times));
    }
    for (int n = 0; n < nodeNames.length; n++) {
      foldCounter(nodeFolder, n, NODE_SWAP_OK, swapOk);
      foldCounter(nodeFolder, n, NODE_SWAP_FAILED, swapFailed);
      foldCounter(nodeFolder, n, NODE_PURIFY_OK, purifyOk);
      foldCounter(nodeFolder, n, NODE_PURIFY_FAILED, purifyFailed);
      updateIfChanged(nodeFolder, n, NODE_IN_USE, inUse);
      updateIfChanged(nodeFolder, n, NODE_CAPACITY, capacity);
    }
  }

  private static void foldCounter(CellFolder cells, int index, int field,
      PerIndex<Counter> counters) {
    long delta = cells.drain(index, field);
    if (delta > 0) {
      counters.get(index).increment(delta);
    }
  }

  private static void updateIfChanged(CellFolder cells, int index, int field,
      PerIndex<Gauge> gauges) {
    long bits = cells.changed(index, field);
    if (bits != IndexCells.UNSET) {
      gauges.get(index).update(Double.longBitsToDouble(bits));
    }
  }

  private TagSet flowTags(int flow) {
    FlowConfig c = flows[flow];
    return TagSet.builder().add("flow", c.name()).add("src", c.from()).add("dst", c.to())
        .add("protocol", flowProtocol).build();
  }

  private TagSet linkTags(int link) {
    LinkConfig c = links[link];
    return TagSet.builder().add("link", linkName(c.a(), c.b())).add("a", c.a()).add("b", c.b())
        .add("protocol", linkProtocols[link]).build();
  }

  private TagSet nodeTags(int node) {
    return TagSet.of("node", nodeNames[node]);
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
