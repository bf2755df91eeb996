package io.qbone.deploy.report;

import io.qbone.node.telemetry.RequestResult;
import io.qbone.node.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Collects what the HTML report plots, during the run: per flow, every delivered pair's fidelity
 * in exact 1e-4 bins and deliveries per slice of virtual time; per slice, link pairs and key
 * bits; in a request-driven run, per source node the fidelity of the pairs delivered to its
 * requests (same bins) and, per slice, those pairs and the requests that ended by result; the
 * alarms. Only virtual times are used, so the same scenario and seed give the same
 * series on any machine and cluster. Thread-safe: counts are atomic arrays, created on a flow's
 * first delivery.
 */
public final class ReportRecorder implements Telemetry {
  /** Slices of virtual time the run is cut into for the rate plots. */
  public static final int SLICES = 100;
  /** Fidelity bins: one per 1e-4, fidelity 0 .. 1. */
  public static final int FIDELITY_BINS = 10_001;

  /** One alarm as reported. */
  public record Alarm(long atNs, String kind, String subject, String message) {}

  private final long durationNs;
  private final AtomicReferenceArray<AtomicLongArray> fidelityCounts;
  private final AtomicReferenceArray<AtomicLongArray> deliveredPerSlice;
  private final AtomicLongArray linkPairsPerSlice = new AtomicLongArray(SLICES);
  private final AtomicLongArray keyBitsPerSlice = new AtomicLongArray(SLICES);
  private final AtomicReferenceArray<AtomicLongArray> requestFidelityCounts;
  private final AtomicLongArray requestPairsPerSlice = new AtomicLongArray(SLICES);
  /** Slice {@code s} of result {@code r} at {@code r * SLICES + s}. */
  private final AtomicLongArray requestsEndedPerSlice =
      new AtomicLongArray(RequestResult.values().length * SLICES);
  private final List<Alarm> alarms = new ArrayList<>();
  /** Per node: purification rounds at {@code 2 * node}, of which failed at {@code 2 * node + 1}. */
  private final AtomicLongArray purifications;

  public ReportRecorder(int nodes, int flows, long durationNs) {
    this.durationNs = Math.max(1, durationNs);
    this.fidelityCounts = new AtomicReferenceArray<>(flows);
    this.deliveredPerSlice = new AtomicReferenceArray<>(flows);
    this.requestFidelityCounts = new AtomicReferenceArray<>(nodes);
    this.purifications = new AtomicLongArray(2 * nodes);
  }

  @Override
  public void purification(int node, long atNs, boolean success) {
    purifications.incrementAndGet(2 * node);
    if (!success) {
      purifications.incrementAndGet(2 * node + 1);
    }
  }

  /** Purification rounds at {@code node}, successful or not. */
  public long purifications(int node) {
    return purifications.get(2 * node);
  }

  /** Of those, the ones that failed. */
  public long purificationFailures(int node) {
    return purifications.get(2 * node + 1);
  }

  /** The 1e-4 bin of a fidelity. */
  private static int bin(double fidelity) {
    return (int) Math.round(Math.min(1, Math.max(0, fidelity)) * (FIDELITY_BINS - 1));
  }

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    counts(fidelityCounts, flow, FIDELITY_BINS).incrementAndGet(bin(fidelity));
    counts(deliveredPerSlice, flow, SLICES).incrementAndGet(slice(atNs));
  }

  @Override
  public void requestPairDelivered(int node, long atNs, double fidelity, long latencyNs) {
    counts(requestFidelityCounts, node, FIDELITY_BINS).incrementAndGet(bin(fidelity));
    requestPairsPerSlice.incrementAndGet(slice(atNs));
  }

  @Override
  public void requestFinished(int node, long atNs, RequestResult result, String reason) {
    requestsEndedPerSlice.incrementAndGet(result.ordinal() * SLICES + slice(atNs));
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    linkPairsPerSlice.incrementAndGet(slice(atNs));
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    keyBitsPerSlice.addAndGet(slice(atNs), bits);
  }

  @Override
  public void alarm(long atNs, String kind, String subject, String message) {
    synchronized (alarms) {
      alarms.add(new Alarm(atNs, kind, subject, message));
    }
  }

  private int slice(long atNs) {
    long s = Math.max(0, atNs) * SLICES / durationNs;
    return (int) Math.min(SLICES - 1, s);
  }

  private static AtomicLongArray counts(AtomicReferenceArray<AtomicLongArray> table, int i,
      int size) {
    AtomicLongArray a = table.get(i);
    if (a == null) {
      table.compareAndSet(i, null, new AtomicLongArray(size));
      a = table.get(i);
    }
    return a;
  }

  /** Length of one slice in seconds of virtual time. */
  public double sliceSeconds() {
    return durationNs / 1e9 / SLICES;
  }

  /** Pairs of {@code flow} per fidelity bin (index {@code i} = fidelity {@code i * 1e-4}). */
  public long[] fidelityCounts(int flow) {
    return copy(fidelityCounts.get(flow), FIDELITY_BINS);
  }

  /** Pairs of {@code flow} delivered in each slice. */
  public long[] deliveredPerSlice(int flow) {
    return copy(deliveredPerSlice.get(flow), SLICES);
  }

  public long[] linkPairsPerSlice() {
    return copy(linkPairsPerSlice, SLICES);
  }

  public long[] keyBitsPerSlice() {
    return copy(keyBitsPerSlice, SLICES);
  }

  /** Pairs delivered to requests of source {@code node} per fidelity bin (as for flows). */
  public long[] requestFidelityCounts(int node) {
    return copy(requestFidelityCounts.get(node), FIDELITY_BINS);
  }

  /** Pairs delivered to requests, all sources, in each slice. */
  public long[] requestPairsPerSlice() {
    return copy(requestPairsPerSlice, SLICES);
  }

  /** Requests, all sources, that ended with {@code result} in each slice. */
  public long[] requestsEndedPerSlice(RequestResult result) {
    long[] out = new long[SLICES];
    for (int i = 0; i < SLICES; i++) {
      out[i] = requestsEndedPerSlice.get(result.ordinal() * SLICES + i);
    }
    return out;
  }

  /** Alarms in the order of virtual time (then as reported). */
  public List<Alarm> alarms() {
    synchronized (alarms) {
      List<Alarm> sorted = new ArrayList<>(alarms);
      sorted.sort(java.util.Comparator.comparingLong(Alarm::atNs)
          .thenComparing(Alarm::kind).thenComparing(Alarm::subject));
      return sorted;
    }
  }

  private static long[] copy(AtomicLongArray a, int size) {
    long[] out = new long[size];
    if (a != null) {
      for (int i = 0; i < size; i++) {
        out[i] = a.get(i);
      }
    }
    return out;
  }
}
