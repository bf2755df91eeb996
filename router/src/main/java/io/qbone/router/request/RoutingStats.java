package io.qbone.router.request;

import io.qbone.node.telemetry.RequestResult;
import io.qbone.protocol.v1.RoutingReport;
import java.util.TreeMap;

/** What one node's router counts, turned into its {@link RoutingReport}. */
final class RoutingStats {
  long requests;
  long accepted;
  long rejectedRouting;
  long rejectedMemory;
  long completed;
  long failed;
  long reroutes;
  long pairsRequested;
  long pairsDelivered;
  long pairsBelowMinFidelity;
  long fidelityDiscards;
  long pathComputations;
  long advertsSent;
  long hellosSent;
  long leaseExpiries;
  double requestTimeSumNs;
  final RoutingReport.Builder samples = RoutingReport.newBuilder();
  /** Failure and rejection reasons, sorted, with counts. */
  private final TreeMap<String, Long> reasons = new TreeMap<>();

  void reason(String reason) {
    // Reasons name nodes and links; their kind keeps the table short.
    reasons.merge(RequestResult.reasonKind(reason), 1L, Long::sum);
  }

  void fidelity(double f) {
    samples.addFidelities(f);
  }

  void latency(long ns) {
    samples.addLatenciesNs(ns);
  }

  RoutingReport.Builder report() {
    RoutingReport.Builder b = samples.clone()
        .setRequests(requests).setAccepted(accepted).setRejectedRouting(rejectedRouting)
        .setRejectedMemory(rejectedMemory).setCompleted(completed).setFailed(failed)
        .setReroutes(reroutes).setPairsRequested(pairsRequested).setPairsDelivered(pairsDelivered)
        .setPairsBelowMinFidelity(pairsBelowMinFidelity)
        .setFidelityDiscards(fidelityDiscards).setPathComputations(pathComputations)
        .setAdvertsSent(advertsSent).setHellosSent(hellosSent).setLeaseExpiries(leaseExpiries)
        .setRequestTimeSumNs(requestTimeSumNs);
    reasons.forEach((r, n) -> b.addFailureReasons(r).addFailureCounts(n));
    return b;
  }
}
