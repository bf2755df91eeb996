package io.qbone.router.delivery;

import io.qbone.protocol.v1.FlowReport;
import java.util.Arrays;

/** Fidelity and latency of the pairs one flow delivered, kept at its source. */
public final class FlowStats {
  private final int flow;
  private double[] fidelities = new double[64];
  private long[] latencies = new long[64];
  private int count;
  private double fidelitySum;
  private double latencySum;
  private long firstNs = -1;
  private long lastNs = -1;

  public FlowStats(int flow) {
    this.flow = flow;
  }

  public void record(long atNs, double fidelity, long latencyNs) {
    if (count == fidelities.length) {
      fidelities = Arrays.copyOf(fidelities, count * 2);
      latencies = Arrays.copyOf(latencies, count * 2);
    }
    fidelities[count] = fidelity;
    latencies[count] = latencyNs;
    count++;
    fidelitySum += fidelity;
    latencySum += latencyNs;
    if (firstNs < 0) {
      firstNs = atNs;
    }
    lastNs = atNs;
  }

  public long delivered() {
    return count;
  }

  public FlowReport report() {
    FlowReport.Builder b = FlowReport.newBuilder().setFlow(flow).setDelivered(count);
    if (count == 0) {
      return b.build();
    }
    double[] f = Arrays.copyOf(fidelities, count);
    long[] l = Arrays.copyOf(latencies, count);
    Arrays.sort(f);
    Arrays.sort(l);
    return b.setFidelitySum(fidelitySum).setFidelityMin(f[0]).setFidelityMax(f[count - 1])
        .setFidelityP5(f[rank(0.05)]).setFidelityP50(f[rank(0.50)]).setFidelityP95(f[rank(0.95)])
        .setLatencySumNs(latencySum)
        .setLatencyP50Ns(l[rank(0.50)]).setLatencyP95Ns(l[rank(0.95)]).setLatencyP99Ns(l[rank(0.99)])
        .setFirstDeliveryNs(firstNs).setLastDeliveryNs(lastNs)
        .build();
  }

  /** Nearest-rank percentile index: the smallest value with at least q of the sample at or below it. */
  private int rank(double q) {
    return Math.max(0, (int) Math.ceil(q * count) - 1);
  }
}
