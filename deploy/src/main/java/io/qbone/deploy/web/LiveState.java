package io.qbone.deploy.web;

import io.qbone.node.telemetry.Telemetry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the live dashboard and the API show, gathered from the model's telemetry: per link pairs
 * and fidelity, per node memory occupancy and swaps, per flow delivered pairs and a fidelity
 * histogram, and the latest alarms. Memory is bounded by the topology's size plus
 * {@link #MAX_ALARMS}: counters only, never one entry per event. Model threads write concurrently
 * with lock-free adders; readers get totals that may be a few events apart from each other.
 */
public final class LiveState implements Telemetry {
  /** Fidelity histogram bins over [0, 1]: 0.01 wide, enough for a dashboard plot. */
  public static final int FIDELITY_BINS = 100;
  /** Alarms kept; older ones are dropped. */
  public static final int MAX_ALARMS = 200;

  /** One alarm as the model raised it; {@code id} counts from 1 in the order received. */
  public record Alarm(long id, long atNs, String kind, String subject, String message) {}

  private final LongAdder[] linkPairs;
  private final DoubleAdder[] linkFidelitySum;
  private final LongAdder[] linkKeyBits;
  private final AtomicIntegerArray memoryInUse;
  private final LongAdder[] swaps;
  private final LongAdder[] flowPairs;
  private final DoubleAdder[] flowFidelitySum;
  private final DoubleAdder[] flowLatencySumNs;
  private final AtomicLongArray flowHistogram;
  private final LongAdder[] requestsAccepted;
  private final LongAdder[] requestsRejected;
  private final ArrayDeque<Alarm> alarms = new ArrayDeque<>();
  private long alarmCount;

  public LiveState(int nodes, int links, int flows) {
    linkPairs = adders(links);
    linkFidelitySum = doubleAdders(links);
    linkKeyBits = adders(links);
    memoryInUse = new AtomicIntegerArray(nodes);
    swaps = adders(nodes);
    flowPairs = adders(flows);
    flowFidelitySum = doubleAdders(flows);
    flowLatencySumNs = doubleAdders(flows);
    flowHistogram = new AtomicLongArray(flows * FIDELITY_BINS);
    requestsAccepted = adders(flows);
    requestsRejected = adders(flows);
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static DoubleAdder[] doubleAdders(int n) {
    DoubleAdder[] a = new DoubleAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new DoubleAdder();
    }
    return a;
  }

  /** The histogram bin of a fidelity: [k/100, (k+1)/100), with 1.0 in the last bin. */
  static int bin(double fidelity) {
    return Math.max(0, Math.min(FIDELITY_BINS - 1, (int) (fidelity * FIDELITY_BINS)));
  }

  // ---- Telemetry (model threads) ----

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    flowPairs[flow].increment();
    flowFidelitySum[flow].add(fidelity);
    flowLatencySumNs[flow].add(latencyNs);
    flowHistogram.incrementAndGet(flow * FIDELITY_BINS + bin(fidelity));
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    linkPairs[link].increment();
    linkFidelitySum[link].add(fidelity);
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    memoryInUse.set(node, inUse); // capacity is the plan's, known before the run
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    swaps[node].increment();
  }

  @Override
  public void request(int flow, long atNs, boolean accepted, String reason) {
    (accepted ? requestsAccepted : requestsRejected)[flow].increment();
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    linkKeyBits[link].add(bits);
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
    return linkPairs[link].sum();
  }

  public double linkFidelitySum(int link) {
    return linkFidelitySum[link].sum();
  }

  public long linkKeyBits(int link) {
    return linkKeyBits[link].sum();
  }

  public int memoryInUse(int node) {
    return memoryInUse.get(node);
  }

  public long swaps(int node) {
    return swaps[node].sum();
  }

  public long flowPairs(int flow) {
    return flowPairs[flow].sum();
  }

  public double flowFidelitySum(int flow) {
    return flowFidelitySum[flow].sum();
  }

  public double flowLatencySumNs(int flow) {
    return flowLatencySumNs[flow].sum();
  }

  public long[] flowHistogram(int flow) {
    long[] h = new long[FIDELITY_BINS];
    for (int b = 0; b < FIDELITY_BINS; b++) {
      h[b] = flowHistogram.get(flow * FIDELITY_BINS + b);
    }
    return h;
  }

  public long requestsAccepted(int flow) {
    return requestsAccepted[flow].sum();
  }

  public long requestsRejected(int flow) {
    return requestsRejected[flow].sum();
  }

  /** The alarms kept, oldest first. */
  public synchronized List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
