package io.qbone.deploy.metrics;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.telemetry.RequestResult;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The model's reports ({@link ModelReports}) as Kamon metrics, tagged with the scenario's names
 * (docs/metrics.md).
 *
 * <p>The model threads do not touch Kamon: they report into {@link ModelReports}, and {@link
 * #fold()}, called by the engine poller once a second and once more when the run's metrics close,
 * moves what changed into the Kamon instruments: counters by their increase, gauges when they
 * changed, histogram runs with {@code Histogram.record(value, times)}, then the rare reports
 * (requests that did not complete by reason, key pool levels, alarms) and any histogram values that
 * did not fit their ring. Recording straight into Kamon cost 35-52 % of events/s on the 1,000-node
 * chain, mostly cache misses on a 40 KB HDR histogram per link at every pair (docs/performance.md);
 * so metrics lag the run by up to one poll interval.
 *
 * <p>Indices are the scenario's list positions (the topology keeps them). Each instrument of a
 * flow, link or node (requests are counted per source node) is looked up in Kamon when it first has
 * a value to take, and kept in an array: a 100,000-node network would otherwise hold instruments
 * (40 KB per fidelity histogram) for links that never carry a pair, and Kamon snapshots and formats
 * every instrument at every tick, so a series that never had a value (key bits of a link without
 * QKD, purifications) is not exported. Rare reports look their instrument up each time.
 */
public final class KamonTelemetry implements AutoCloseable {
  private static final MeasurementUnit NONE = MeasurementUnit.none();
  private static final MeasurementUnit NANOS = MeasurementUnit.time().nanoseconds();

  private final String[] nodeNames;
  private final LinkConfig[] links;
  private final String[] linkProtocols;
  private final FlowConfig[] flows;
  private final String flowProtocol;

  private final ModelReports reports;
  private final CellFolder flowFolder;
  private final CellFolder linkFolder;
  private final CellFolder nodeFolder;
  private final CellFolder requestFolder;

  private final PerIndex<Counter> delivered;
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
  private final PerIndex<Counter> requestsAdmitted;
  /** Per result (in {@link RequestResult} order), per source node. */
  private final List<PerIndex<Counter>> requestsEnded = new ArrayList<>();
  private final PerIndex<Counter> requestPairs;
  private final PerIndex<Histogram> requestPairInfidelity;
  private final PerIndex<Histogram> requestPairLatency;
  private final Object folding = new Object();
  /** Instruments of rare reports by a key of their tags; fold thread only. */
  private final Map<String, Object> rare = new HashMap<>();
  /** Every (metric, tags) this sink created, removed again on close. */
  private final List<Created> created = new ArrayList<>();

  private record Created(Metric<?, ?> metric, TagSet tags) {}

  /**
   * One instrument per index, created on first use: only series that have a value are exported,
   * since Kamon snapshots and formats every instrument at each tick. Used by the folding thread
   * only.
   */
  private static final class PerIndex<I> {
    private final Object[] instruments;
    private final IntFunction<I> create;

    PerIndex(int size, IntFunction<I> create) {
      this.instruments = new Object[size];
      this.create = create;
    }

    @SuppressWarnings("unchecked")
    I get(int index) {
      Object i = instruments[index];
      if (i == null) {
        i = create.apply(index);
        instruments[index] = i;
      }
      return (I) i;
    }
  }

  /**
   * @param reports the run's reports, kept for metrics ({@code forMetrics}); its sizes are the
   *     scenario's
   */
  public KamonTelemetry(Scenario scenario, ModelReports reports) {
    if (!reports.forMetrics()) {
      throw new IllegalArgumentException("the model's reports keep no histogram values for"
          + " metrics: construct them with forMetrics = true");
    }
    this.reports = reports;
    nodeNames = scenario.nodes().stream().map(n -> n.name()).toArray(String[]::new);
    links = scenario.links().toArray(LinkConfig[]::new);
    linkProtocols = new String[links.length];
    for (int l = 0; l < links.length; l++) {
      linkProtocols[l] = linkProtocol(links[l]);
    }
    flows = scenario.flows().toArray(FlowConfig[]::new);
    flowProtocol = "swap-asap/" + scenario.routing().name().toLowerCase(Locale.ROOT);
    if (reports.nodeCells().indices() != nodeNames.length
        || reports.linkCells().indices() != links.length
        || reports.flowCells().indices() != flows.length
        || reports.requestCells().indices() != requestSources(scenario)) {
      throw new IllegalArgumentException("the model's reports are sized for another network: "
          + reports.nodeCells().indices() + " nodes, " + reports.linkCells().indices()
          + " links, " + reports.flowCells().indices() + " flows and "
          + reports.requestCells().indices() + " request sources, the scenario has "
          + nodeNames.length + ", " + links.length + ", " + flows.length + " and "
          + requestSources(scenario));
    }
    flowFolder = new CellFolder(reports.flowCells());
    linkFolder = new CellFolder(reports.linkCells());
    nodeFolder = new CellFolder(reports.nodeCells());
    requestFolder = new CellFolder(reports.requestCells());
    int f = flows.length;
    delivered = new PerIndex<>(f, i -> track(Kamon.counter(MetricNames.PAIRS_DELIVERED),
        flowTags(i)));
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
    int sources = reports.requestCells().indices();
    requestsAdmitted = new PerIndex<>(sources, i -> track(
        Kamon.counter(MetricNames.REQUEST_ADMISSIONS), nodeTags(i)));
    for (RequestResult r : RequestResult.values()) {
      requestsEnded.add(new PerIndex<>(sources, i -> track(Kamon.counter(MetricNames.REQUESTS),
          nodeTags(i).withTag("result", r.tag()))));
    }
    requestPairs = new PerIndex<>(sources, i -> track(
        Kamon.counter(MetricNames.REQUEST_PAIRS_DELIVERED), nodeTags(i)));
    requestPairInfidelity = new PerIndex<>(sources, i -> track(Kamon.histogram(
        MetricNames.REQUEST_PAIR_INFIDELITY, NONE, FidelityUnits.RANGE), nodeTags(i)));
    requestPairLatency = new PerIndex<>(sources, i -> track(
        Kamon.histogram(MetricNames.REQUEST_PAIR_LATENCY, NANOS), nodeTags(i)));
  }

  /** Nodes that count requests: every node with request-driven traffic, none without. */
  private static int requestSources(Scenario scenario) {
    return scenario.traffic() == null ? 0 : scenario.nodes().size();
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

  /**
   * Moves everything reported since the last fold into the Kamon instruments; gauges only when
   * they changed. The cells' bookkeeping, the rings and the instrument arrays allow one folding
   * thread at a time, hence the lock.
   */
  public void fold() {
    synchronized (folding) {
      foldAll();
    }
  }

  private void foldAll() {
    for (int f = 0; f < flows.length; f++) {
      int flow = f;
      foldCounter(flowFolder, f, ModelReports.FLOW_DELIVERED, delivered);
      reports.flowInfidelity().fold(f,
          (value, times) -> pairInfidelity.get(flow).record(value, times));
      reports.flowLatency().fold(f, (value, times) -> pairLatency.get(flow).record(value, times));
    }
    for (int l = 0; l < links.length; l++) {
      int link = l;
      foldCounter(linkFolder, l, ModelReports.LINK_PAIRS, linkPairs);
      foldCounter(linkFolder, l, ModelReports.LINK_KEY_BITS, keyBits);
      updateIfChanged(linkFolder, l, ModelReports.LINK_QBER, qber);
      reports.linkInfidelity().fold(l,
          (value, times) -> linkFidelity.get(link).record(value, times));
    }
    for (int n = 0; n < nodeNames.length; n++) {
      foldCounter(nodeFolder, n, ModelReports.NODE_SWAP_OK, swapOk);
      foldCounter(nodeFolder, n, ModelReports.NODE_SWAP_FAILED, swapFailed);
      foldCounter(nodeFolder, n, ModelReports.NODE_PURIFY_OK, purifyOk);
      foldCounter(nodeFolder, n, ModelReports.NODE_PURIFY_FAILED, purifyFailed);
      updateIfChanged(nodeFolder, n, ModelReports.NODE_IN_USE, inUse);
      updateIfChanged(nodeFolder, n, ModelReports.NODE_CAPACITY, capacity);
    }
    for (int n = 0; n < reports.requestCells().indices(); n++) {
      int node = n;
      foldCounter(requestFolder, n, ModelReports.REQ_ADMITTED, requestsAdmitted);
      for (RequestResult r : RequestResult.values()) {
        foldCounter(requestFolder, n, ModelReports.requestResultField(r),
            requestsEnded.get(r.ordinal()));
      }
      foldCounter(requestFolder, n, ModelReports.REQ_PAIRS, requestPairs);
      reports.requestInfidelity().fold(n,
          (value, times) -> requestPairInfidelity.get(node).record(value, times));
      reports.requestLatency().fold(n,
          (value, times) -> requestPairLatency.get(node).record(value, times));
    }
    reports.drainPending(this::foldPending);
  }

  private void foldPending(Object report) {
    if (report instanceof ModelReports.Spilled s) {
      PerIndex<Histogram> h = switch (s.series()) {
        case LINK_INFIDELITY -> linkFidelity;
        case FLOW_INFIDELITY -> pairInfidelity;
        case FLOW_LATENCY -> pairLatency;
        case REQUEST_INFIDELITY -> requestPairInfidelity;
        case REQUEST_LATENCY -> requestPairLatency;
      };
      h.get(s.index()).record(s.value());
    } else if (report instanceof ModelReports.NotCompleted r) {
      ((Counter) rare.computeIfAbsent("request/" + r.node() + "/" + r.result() + "/"
          + r.reasonKind(), k -> track(Kamon.counter(MetricNames.REQUEST_FAILURES),
              nodeTags(r.node()).withTag("result", r.result().tag())
                  .withTag("reason", r.reasonKind())))).increment();
    } else if (report instanceof ModelReports.PoolLevel p) {
      ((Gauge) rare.computeIfAbsent("pool/" + p.nodeA() + "/" + p.nodeB(), k -> track(
          Kamon.gauge(MetricNames.KEY_POOL_BITS), TagSet.builder()
              .add("pool", nodeNames[p.nodeA()] + "~" + nodeNames[p.nodeB()])
              .add("node_a", nodeNames[p.nodeA()]).add("node_b", nodeNames[p.nodeB()]).build())))
          .update(p.bits());
    } else if (report instanceof ModelReports.Alarm a) {
      ((Counter) rare.computeIfAbsent("alarm/" + a.kind() + "/" + a.subject(), k -> track(
          Kamon.counter(MetricNames.ALARMS),
          TagSet.builder().add("kind", a.kind()).add("subject", a.subject()).build())))
          .increment();
    } else {
      throw new IllegalStateException("unknown pending report " + report);
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
