package io.qbone.deploy.metrics;

import io.qbone.node.telemetry.Telemetry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Everything the model reports during a run, gathered once for every observer: the one
 * {@link Telemetry} sink on the model's hot path. The live dashboard and the API read its totals;
 * the metrics poller ({@link KamonTelemetry#fold()}) moves its increase into Kamon once a second.
 * One store instead of one sink per observer, because on the model threads a report costs
 * mostly the cache line it touches (docs/performance.md, "Cost of metrics").
 *
 * <p>Per node, link and flow: counters, sums and gauges in single-writer {@link IndexCells}
 * (the {@link Telemetry} contract gives each index one reporting LP at a time), and the flow's
 * fidelity histogram for the dashboard (100 bins, in the same cells). With {@code forMetrics},
 * also every link and flow fidelity and latency as runs of equal values ({@link RunLengthRings})
 * for Kamon's exact histograms, and the rare reports Kamon counts by a free-form tag
 * (rejections by reason, key pool levels, alarms) in a queue; without a metrics poller to drain
 * them these would only pile up, so a dashboard-only run keeps neither. Alarms are also kept for
 * the dashboard, the latest {@link #MAX_ALARMS}. Memory is bounded by the topology's size: never
 * one entry per event.
 */
public final class ModelReports implements Telemetry {
  /** Fidelity histogram bins over [0, 1] for the dashboard: 0.01 wide. */
  public static final int FIDELITY_BINS = 100;
  /** Alarms kept for the dashboard; older ones are dropped. */
  public static final int MAX_ALARMS = 200;

  /**
   * Runs buffered per link and flow between two folds. A Werner link needs one run a second;
   * latencies rarely repeat, so a flow needs one run per delivery (a 1,000-node chain delivers
   * about 100 pairs a second per flow). When a ring is full the value goes to the pending queue:
   * slower, never lost.
   */
  static final int LINK_RUNS = 64;
  static final int FLOW_RUNS = 1024;

  // Fields of the index cells: counters (longs, or double sums), then gauges.
  static final int LINK_PAIRS = 0;
  static final int LINK_FIDELITY_SUM = 1;
  static final int LINK_KEY_BITS = 2;
  static final int LINK_QBER = 3;
  static final int NODE_SWAP_OK = 0;
  static final int NODE_SWAP_FAILED = 1;
  static final int NODE_PURIFY_OK = 2;
  static final int NODE_PURIFY_FAILED = 3;
  static final int NODE_IN_USE = 4;
  static final int NODE_CAPACITY = 5;
  static final int FLOW_DELIVERED = 0;
  static final int FLOW_ACCEPTED = 1;
  static final int FLOW_REJECTED = 2;
  static final int FLOW_FIDELITY_SUM = 3;
  static final int FLOW_LATENCY_SUM_NS = 4;
  /** A flow's histogram bins follow its counters, in the same cells. */
  private static final int FLOW_BIN_0 = 5;

  /** One alarm as the model raised it; {@code id} counts from 1 in the order received. */
  public record Alarm(long id, long atNs, String kind, String subject, String message) {}

  /** A rejected request, for Kamon's counter by reason. */
  record Rejected(int flow, String reason) {}

  /** A key pool's level, for Kamon's gauge per pool. */
  record PoolLevel(int nodeA, int nodeB, long bits) {}

  /** Which histogram a value that did not fit its ring belongs to. */
  enum Series { LINK_INFIDELITY, FLOW_INFIDELITY, FLOW_LATENCY }

  /** A histogram value whose ring was full. */
  record Spilled(Series series, int index, long value) {}

  private final IndexCells links;
  private final IndexCells nodes;
  private final IndexCells flows;
  private final boolean forMetrics;
  private final RunLengthRings linkInfidelity;
  private final RunLengthRings flowInfidelity;
  private final RunLengthRings flowLatency;
  /** Rejections, pool levels, alarms and spilled values, in report order, for the fold. */
  private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Alarm> alarms = new ArrayDeque<>();
  private long alarmCount;

  /**
   * @param forMetrics whether a metrics poller will fold this store into Kamon: only then are
   *     histogram values and rare reports kept for it
   */
  public ModelReports(int nodes, int links, int flows, boolean forMetrics) {
    this.links = new IndexCells(links, 3, 1);
    this.nodes = new IndexCells(nodes, 4, 2);
    this.flows = new IndexCells(flows, FLOW_BIN_0 + FIDELITY_BINS, 0);
    this.forMetrics = forMetrics;
    this.linkInfidelity = forMetrics ? new RunLengthRings(links, LINK_RUNS) : null;
    this.flowInfidelity = forMetrics ? new RunLengthRings(flows, FLOW_RUNS) : null;
    this.flowLatency = forMetrics ? new RunLengthRings(flows, FLOW_RUNS) : null;
  }

  /** The histogram bin of a fidelity: [k/100, (k+1)/100), with 1.0 in the last bin. */
  static int bin(double fidelity) {
    return Math.max(0, Math.min(FIDELITY_BINS - 1, (int) (fidelity * FIDELITY_BINS)));
  }

  // ---- Telemetry (model threads) ----

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    flows.add(flow, FLOW_DELIVERED, 1);
    flows.addDouble(flow, FLOW_FIDELITY_SUM, fidelity);
    flows.addDouble(flow, FLOW_LATENCY_SUM_NS, latencyNs);
    flows.add(flow, FLOW_BIN_0 + bin(fidelity), 1);
    if (forMetrics) {
      run(flowInfidelity, Series.FLOW_INFIDELITY, flow, FidelityUnits.infidelityUnits(fidelity));
      run(flowLatency, Series.FLOW_LATENCY, flow, Math.max(0, latencyNs));
    }
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    links.add(link, LINK_PAIRS, 1);
    links.addDouble(link, LINK_FIDELITY_SUM, fidelity);
    if (forMetrics) {
      run(linkInfidelity, Series.LINK_INFIDELITY, link, FidelityUnits.infidelityUnits(fidelity));
    }
  }

  private void run(RunLengthRings rings, Series series, int index, long value) {
    if (!rings.record(index, value)) {
      pending.add(new Spilled(series, index, value));
    }
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    nodes.set(node, NODE_IN_USE, inUse);
    nodes.set(node, NODE_CAPACITY, capacity);
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    nodes.add(node, success ? NODE_SWAP_OK : NODE_SWAP_FAILED, 1);
  }

  @Override
  public void purification(int node, long atNs, boolean success) {
    nodes.add(node, success ? NODE_PURIFY_OK : NODE_PURIFY_FAILED, 1);
  }

  @Override
  public void request(int flow, long atNs, boolean accepted, String reason) {
    flows.add(flow, accepted ? FLOW_ACCEPTED : FLOW_REJECTED, 1);
    if (!accepted && forMetrics) {
      pending.add(new Rejected(flow, reason == null || reason.isEmpty() ? "unspecified" : reason));
    }
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    links.add(link, LINK_KEY_BITS, Math.max(0, bits));
    links.set(link, LINK_QBER, qber);
  }

  @Override
  public void keyPoolLevel(int nodeA, int nodeB, long atNs, long bits) {
    if (forMetrics) {
      pending.add(new PoolLevel(Math.min(nodeA, nodeB), Math.max(nodeA, nodeB), bits));
    }
  }

  @Override
  public void alarm(long atNs, String kind, String subject, String message) {
    Alarm a;
    synchronized (alarms) {
      if (alarms.size() == MAX_ALARMS) {
        alarms.removeFirst();
      }
      a = new Alarm(++alarmCount, atNs, kind, subject, message);
      alarms.addLast(a);
    }
    if (forMetrics) {
      pending.add(a);
    }
  }

  // ---- Readers (dashboard, API) ----

  public long linkPairs(int link) {
    return links.get(link, LINK_PAIRS);
  }

  public double linkFidelitySum(int link) {
    return links.getDouble(link, LINK_FIDELITY_SUM);
  }

  public long linkKeyBits(int link) {
    return links.get(link, LINK_KEY_BITS);
  }

  /** Qubits in use at {@code node}: 0 until the model first reports it. */
  public int memoryInUse(int node) {
    return (int) nodes.gauge(node, NODE_IN_USE, 0);
  }

  /** Bell-state measurements at {@code node}, successful or not. */
  public long swaps(int node) {
    return nodes.get(node, NODE_SWAP_OK) + nodes.get(node, NODE_SWAP_FAILED);
  }

  public long flowPairs(int flow) {
    return flows.get(flow, FLOW_DELIVERED);
  }

  public double flowFidelitySum(int flow) {
    return flows.getDouble(flow, FLOW_FIDELITY_SUM);
  }

  public double flowLatencySumNs(int flow) {
    return flows.getDouble(flow, FLOW_LATENCY_SUM_NS);
  }

  public long[] flowHistogram(int flow) {
    long[] h = new long[FIDELITY_BINS];
    for (int b = 0; b < FIDELITY_BINS; b++) {
      h[b] = flows.get(flow, FLOW_BIN_0 + b);
    }
    return h;
  }

  public long requestsAccepted(int flow) {
    return flows.get(flow, FLOW_ACCEPTED);
  }

  public long requestsRejected(int flow) {
    return flows.get(flow, FLOW_REJECTED);
  }

  /** The alarms kept, oldest first. */
  public List<Alarm> alarms() {
    synchronized (alarms) {
      return List.copyOf(alarms);
    }
  }

  // ---- The metrics fold ----

  boolean forMetrics() {
    return forMetrics;
  }

  IndexCells linkCells() {
    return links;
  }

  IndexCells nodeCells() {
    return nodes;
  }

  IndexCells flowCells() {
    return flows;
  }

  RunLengthRings linkInfidelity() {
    return linkInfidelity;
  }

  RunLengthRings flowInfidelity() {
    return flowInfidelity;
  }

  RunLengthRings flowLatency() {
    return flowLatency;
  }

  /** Hands every pending rare report and spilled value to {@code fold}, in report order. */
  void drainPending(Consumer<Object> fold) {
    for (Object o; (o = pending.poll()) != null; ) {
      fold.accept(o);
    }
  }
}
