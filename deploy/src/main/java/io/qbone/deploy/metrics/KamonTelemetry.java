package io.qbone.deploy.metrics;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Indices are the scenario's list positions (the topology keeps them). A flow's, link's or
 * node's instruments are looked up in Kamon once, on its first report, and kept in arrays, so the
 * hot path (deliveries, link pairs, memory, swaps) is array reads and Kamon's lock-free updates
 * without allocation. Created on first use rather than up front because a 100,000-node network
 * would otherwise hold instruments (40 KB per fidelity histogram) for links that never carry a
 * pair. Two threads creating the same instrument at once get the same one from Kamon's registry.
 * Rare reports (rejections with a reason, key pools, alarms) look their instrument up each time.
 */
public final class KamonTelemetry implements Telemetry, AutoCloseable {
  private static final MeasurementUnit NONE = MeasurementUnit.none();
  private static final MeasurementUnit NANOS = MeasurementUnit.time().nanoseconds();

  private final String[] nodeNames;
  private final LinkConfig[] links;
  private final String[] linkProtocols;
  private final FlowConfig[] flows;
  private final String flowProtocol;

  private final FlowInstruments[] flowInstruments;
  private final LinkInstruments[] linkInstruments;
  private final NodeInstruments[] nodeInstruments;
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
    FlowInstruments f = flow(flow);
    f.delivered.increment();
    f.infidelity.record(FidelityUnits.infidelityUnits(fidelity));
    f.latency.record(Math.max(0, latencyNs));
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    LinkInstruments l = link(link);
    l.pairs.increment();
    l.infidelity.record(FidelityUnits.infidelityUnits(fidelity));
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    NodeInstruments n = node(node);
    n.inUse.update(inUse);
    n.capacity.update(capacity);
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    NodeInstruments n = node(node);
    (success ? n.swapOk : n.swapFailed).increment();
  }

  @Override
  public void purification(int node, long atNs, boolean success) {
    NodeInstruments n = node(node);
    (success ? n.purifyOk : n.purifyFailed).increment();
  }

  @Override
  public void request(int flow, long atNs, boolean accepted, String reason) {
    if (accepted) {
      flow(flow).accepted.increment();
      return;
    }
    String why = reason == null || reason.isEmpty() ? "unspecified" : reason;
    ((Counter) rare.computeIfAbsent("request/" + flow + "/" + why, k -> track(
        Kamon.counter(MetricNames.REQUESTS), flowTags(flow).withTag("result", "rejected")
            .withTag("reason", why)))).increment();
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    LinkInstruments l = link(link);
    l.keyBits.increment(Math.max(0, bits));
    l.qber.update(qber);
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

  private FlowInstruments flow(int flow) {
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

  private LinkInstruments link(int link) {
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

  private NodeInstruments node(int node) {
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
