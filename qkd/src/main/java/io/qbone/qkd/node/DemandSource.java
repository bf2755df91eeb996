package io.qbone.qkd.node;

import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.relay.KeyRoutes;
import java.util.TreeMap;

/** A key demand at its source: the keys in flight and what became of the others. */
final class DemandSource {
  /** A key sent on its way and not yet acknowledged. */
  record Pending(byte[] key, long requestedAtNs, KeyRoutes.Path path) {}

  final int demand;
  final TreeMap<Long, Pending> pending = new TreeMap<>();
  long nextKeyId;
  long requested;
  long delivered;
  long blockedNoRoute;
  long blockedNoKey;
  long failedInRelay;
  long deliveredBits;
  long latencySumNs;
  long[] hopsHistogram = new long[0];
  int[] lastPath = new int[0];

  DemandSource(int demand) {
    this.demand = demand;
  }

  void recordDelivery(Pending p, long deliveredAtNs) {
    delivered++;
    deliveredBits += p.key().length * 8L;
    latencySumNs += deliveredAtNs - p.requestedAtNs();
    int hops = p.path().hops();
    if (hops >= hopsHistogram.length) {
      hopsHistogram = java.util.Arrays.copyOf(hopsHistogram, hops + 1);
    }
    hopsHistogram[hops]++;
    lastPath = p.path().nodes();
  }

  QkdDemandReport report() {
    QkdDemandReport.Builder r = QkdDemandReport.newBuilder().setDemand(demand)
        .setRequested(requested).setDelivered(delivered).setBlockedNoRoute(blockedNoRoute)
        .setBlockedNoKey(blockedNoKey).setFailedInRelay(failedInRelay)
        .setDeliveredBits(deliveredBits).setLatencySumNs(latencySumNs);
    for (long h : hopsHistogram) {
      r.addHopsHistogram(h);
    }
    for (int v : lastPath) {
      r.addLastPath(v);
    }
    return r.build();
  }
}
