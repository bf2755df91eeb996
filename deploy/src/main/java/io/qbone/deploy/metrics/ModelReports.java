package io.qbone.deploy.metrics;

import io.qbone.node.telemetry.RequestResult;
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
 * <p>Per node, link and flow: counters, sums and gauges in single-writer {@link IndexCells} (the
 * {@link Telemetry} contract gives each index one reporting LP at a time), and the flow's fidelity
 * histogram for the dashboard (100 bins, in the same cells); in a request-driven run also per
 * source node its requests by result and the pairs delivered to them, in cells of their own (a run
 * without traffic has none). With {@code forMetrics}, also every link, flow and request pair's
 * fidelity and latency as runs of equal values ({@link RunLengthRings}) for Kamon's exact
 * histograms, and the rare reports Kamon counts by a free-form tag (requests that did not complete
 * by reason, key pool levels, alarms) in a queue; without a metrics poller to drain them these
 * would only pile up, so a dashboard-only run keeps neither. Alarms are also kept for the
 * dashboard, the latest {@link #MAX_ALARMS}. Memory is bounded by the topology's size: never one
 * entry per event.
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
  static final int FLOW_FIDELITY_SUM = 1;
  static final int FLOW_LATENCY_SUM_NS = 2;
  /** A flow's histogram bins follow its counters, in the same cells. */
  private static final int FLOW_BIN_0 = 3;
  // Request cells, per source node: admissions, then one counter per RequestResult in its order.
  static final int REQ_ADMITTED = 0;
  private static final int REQ_RESULT_0 = 1;
  static final int REQ_PAIRS = REQ_RESULT_0 + RequestResult.values().length;
  static final int REQ_FIDELITY_SUM = REQ_PAIRS + 1;
  static final int REQ_LATENCY_SUM_NS = REQ_PAIRS + 2;
  private static final int REQ_FIELDS = REQ_PAIRS + 3;

  /** One alarm as the model raised it; {@code id} counts from 1 in the order received. */
  public record Alarm(long id, long atNs, String kind, String subject, String message) {}

  /** A request that did not complete, for Kamon's counter by the kind of its reason. */
  record NotCompleted(int node, RequestResult result, String reasonKind) {}

  /** A key pool's level, for Kamon's gauge per pool. */
  record PoolLevel(int nodeA, int nodeB, long bits) {}

  /** Which histogram a value that did not fit its ring belongs to. */
  enum Series { LINK_INFIDELITY, FLOW_INFIDELITY, FLOW_LATENCY, REQUEST_INFIDELITY,
    REQUEST_LATENCY }

  /** A histogram value whose ring was full. */
  record Spilled(Series series, int index, long value) {}

  private final IndexCells links;
  private final IndexCells nodes;
  private final IndexCells flows;
  /** Per source node; no indices when the run has no request-driven traffic. */
  private final IndexCells requests;
  private final boolean forMetrics;
  private final RunLengthRings linkInfidelity;
  private final RunLengthRings flowInfidelity;
  private final RunLengthRings flowLatency;
  private final RunLengthRings requestInfidelity;
  private final RunLengthRings requestLatency;
  /**
   * Requests that did not complete, pool levels, alarms and spilled values, in report order, for
   * the fold.
   */
  private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Alarm> alarms = new ArrayDeque<>();
  private long alarmCount;

  /**
   * @param requests whether the run has request-driven traffic: only then are requests counted
   *     per source node
   * @param forMetrics whether a metrics poller will fold this store into Kamon: only then are
   *     histogram values and rare reports kept for it
   */
  public ModelReports(int nodes, int links, int flows, boolean requests, boolean forMetrics) {
    this.links = new IndexCells(links, 3, 1);
    this.nodes = new IndexCells(nodes, 4, 2);
    this.flows = new IndexCells(flows, FLOW_BIN_0 + FIDELITY_BINS, 0);
    int sources = requests ? nodes : 0;
    this.requests = new IndexCells(sources, REQ_FIELDS, 0);
    this.forMetrics = forMetrics;
    this.linkInfidelity = forMetrics ? new RunLengthRings(links, LINK_RUNS) : null;
    this.flowInfidelity = forMetrics ? new RunLengthRings(flows, FLOW_RUNS) : null;
    this.flowLatency = forMetrics ? new RunLengthRings(flows, FLOW_RUNS) : null;
    this.requestInfidelity = forMetrics ? new RunLengthRings(sources, FLOW_RUNS) : null;
    this.requestLatency = forMetrics ? new RunLengthRings(sources, FLOW_RUNS) : null;
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
  public void requestAdmitted(int node, long atNs) {
    requests.add(node, REQ_ADMITTED, 1);
  }

  @Override
  public void requestFinished(int node, long atNs, RequestResult result, String reason) {
    requests.add(node, REQ_RESULT_0 + result.ordinal(), 1);
    if (result != RequestResult.COMPLETED && forMetrics) {
      pending.add(new NotCompleted(node, result, RequestResult.reasonKind(reason)));
    }
  }

  @Override
  public void requestPairDelivered(int node, long atNs, double fidelity, long latencyNs) {
    requests.add(node, REQ_PAIRS, 1);
    requests.addDouble(node, REQ_FIDELITY_SUM, fidelity);
    requests.addDouble(node, REQ_LATENCY_SUM_NS, latencyNs);
    if (forMetrics) {
      run(requestInfidelity, Series.REQUEST_INFIDELITY, node,
          FidelityUnits.infidelityUnits(fidelity));
      run(requestLatency, Series.REQUEST_LATENCY, node, Math.max(0, latencyNs));
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

  /** Of those, the ones that failed (both pairs lost). */
  public long swapFailures(int node) {
    return nodes.get(node, NODE_SWAP_FAILED);
  }

  /** Purification rounds at {@code node}, successful or not. */
  public long purifications(int node) {
    return nodes.get(node, NODE_PURIFY_OK) + nodes.get(node, NODE_PURIFY_FAILED);
  }

  /** Of those, the ones that failed (both pairs discarded). */
  public long purificationFailures(int node) {
    return nodes.get(node, NODE_PURIFY_FAILED);
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

  /** Whether the run counts requests (it has request-driven traffic). */
  public boolean hasRequests() {
    return requests.indices() > 0;
  }

  /** Requests of source {@code node} admitted so far. */
  public long requestsAdmitted(int node) {
    return hasRequests() ? requests.get(node, REQ_ADMITTED) : 0;
  }

  /** Requests of source {@code node} that ended with {@code result}. */
  public long requests(int node, RequestResult result) {
    return hasRequests() ? requests.get(node, REQ_RESULT_0 + result.ordinal()) : 0;
  }

  /** Pairs delivered to requests of source {@code node}. */
  public long requestPairs(int node) {
    return hasRequests() ? requests.get(node, REQ_PAIRS) : 0;
  }

  public double requestFidelitySum(int node) {
    return hasRequests() ? requests.getDouble(node, REQ_FIDELITY_SUM) : 0;
  }

  public double requestLatencySumNs(int node) {
    return hasRequests() ? requests.getDouble(node, REQ_LATENCY_SUM_NS) : 0;
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

  IndexCells requestCells() {
    return requests;
  }

  /** The counter field of {@code result} in {@link #requestCells()}. */
  static int requestResultField(RequestResult result) {
    return REQ_RESULT_0 + result.ordinal();
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

  RunLengthRings requestInfidelity() {
    return requestInfidelity;
  }

  RunLengthRings requestLatency() {
    return requestLatency;
  }

  /** Hands every pending rare report and spilled value to {@code fold}, in report order. */
  void drainPending(Consumer<Object> fold) {
    for (Object o; (o = pending.poll()) != null; ) {
      fold.accept(o);
    }
  }
}
