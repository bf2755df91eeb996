package io.qbone.deploy.web;

import io.qbone.deploy.metrics.IndexCells;
import io.qbone.node.telemetry.Telemetry;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What the live dashboard and the API show, gathered from the model's telemetry: per link pairs
 * and fidelity, per node memory occupancy and swaps, per flow delivered pairs and a fidelity
 * histogram, and the latest alarms. Memory is bounded by the topology's size plus
 * {@link #MAX_ALARMS}: counters only, never one entry per event.
 *
 * <p>Threads: the model threads write and the HTTP threads read concurrently. The per-index
 * values rely on the {@link Telemetry} contract (one writer per node, link and flow at a time)
 * and are single-writer {@link IndexCells}: a report is a plain add and store, no atomic
 * instruction. Readers get totals that may be a few events apart from each other.
 */
public final class LiveState implements Telemetry {
  /** Fidelity histogram bins over [0, 1]: 0.01 wide, enough for a dashboard plot. */
  public static final int FIDELITY_BINS = 100;
  /** Alarms kept; older ones are dropped. */
  public static final int MAX_ALARMS = 200;

  /** One alarm as the model raised it; {@code id} counts from 1 in the order received. */
  public record Alarm(long id, long atNs, String kind, String subject, String message) {}

  // Fields of the index cells: counters (longs, or double sums), then gauges.
  private static final int LINK_PAIRS = 0;
  private static final int LINK_FIDELITY_SUM = 1;
  private static final int LINK_KEY_BITS = 2;
  private static final int NODE_SWAPS = 0;
  private static final int NODE_IN_USE = 1;
  private static final int FLOW_PAIRS = 0;
  private static final int FLOW_FIDELITY_SUM = 1;
  private static final int FLOW_LATENCY_SUM_NS = 2;
  private static final int FLOW_ACCEPTED = 3;
  private static final int FLOW_REJECTED = 4;
  /** A flow's histogram bins follow its counters, in the same cells. */
  private static final int FLOW_BIN_0 = 5;

  private final IndexCells links;
  private final IndexCells nodes;
  private final IndexCells flows;
  private final ArrayDeque<Alarm> alarms = new ArrayDeque<>();
  private long alarmCount;

  public LiveState(int nodes, int links, int flows) {
    this.links = new IndexCells(links, 3, 0);
    this.nodes = new IndexCells(nodes, 1, 1);
    this.flows = new IndexCells(flows, FLOW_BIN_0 + FIDELITY_BINS, 0);
  }

  /** The histogram bin of a fidelity: [k/100, (k+1)/100), with 1.0 in the last bin. */
  static int bin(double fidelity) {
    return Math.max(0, Math.min(FIDELITY_BINS - 1, (int) (fidelity * FIDELITY_BINS)));
  }

  // ---- Telemetry (model threads) ----

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    flows.add(flow, FLOW_PAIRS, 1);
    flows.addDouble(flow, FLOW_FIDELITY_SUM, fidelity);
    flows.addDouble(flow, FLOW_LATENCY_SUM_NS, latencyNs);
    flows.add(flow, FLOW_BIN_0 + bin(fidelity), 1);
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    links.add(link, LINK_PAIRS, 1);
    links.addDouble(link, LINK_FIDELITY_SUM, fidelity);
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    nodes.set(node, NODE_IN_USE, inUse); // capacity is the plan's, known before the run
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    nodes.add(node, NODE_SWAPS, 1);
  }

  @Override
  public void request(int flow, long atNs, boolean accepted, String reason) {
    flows.add(flow, accepted ? FLOW_ACCEPTED : FLOW_REJECTED, 1);
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    links.add(link, LINK_KEY_BITS, bits);
  }

  @Override
  public synchronized void alarm(long atNs, String kind, String subject, String message) {
    if (alarms.size() == MAX_ALARMS) {
      alarms.removeFirst();
    }
    alarms.addLast(new Alarm(++alarmCount, atNs, kind, subject, message));
  }

  // ---- Readers (HTTP threads) ----

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

  public long swaps(int node) {
    return nodes.get(node, NODE_SWAPS);
  }

  public long flowPairs(int flow) {
    return flows.get(flow, FLOW_PAIRS);
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
  public synchronized List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
