package io.qbone.router.request;

import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.RoutingReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request-driven run in numbers, summed over every router's report: the columns of {@code
 * qbone compare-routing} and the {@code routing} section of the results. Percentiles are
 * nearest-rank; NaN where there is nothing to rank.
 *
 * @param fidelityMean mean fidelity of the delivered pairs
 * @param latencyMsP50 request latency (arrival to last pair delivered) of completed requests
 * @param memoryUtilisation reserved qubit-time over the capacity's qubit-time of the run
 * @param meanConcurrentRequests requests in the system on average (Little's law: the time
 *     finished requests spent in it over the run length)
 */
public record RoutingSummary(
    String protocol, long requests, long accepted, long completed, long failed,
    long rejectedRouting, long rejectedMemory, long reroutes, long pairsRequested,
    long pairsDelivered, long pairsBelowMinFidelity, long cutoffDiscards, long fidelityDiscards,
    double deliveredPairsPerS, double acceptanceRate, double latencyMsP50, double latencyMsP95,
    double latencyMsP99, double fidelityMean, double fidelityP5, double fidelityP50,
    double memoryUtilisation,
    long pathComputations, long advertsSent, long hellosSent, long memoryReservedAtEnd,
    long requestsInProgress, long leaseExpiries, double meanConcurrentRequests,
    Map<String, Long> reasons) {

  public static RoutingSummary of(String protocol, List<LpReport> reports, double durationS) {
    long[] c = new long[18];
    List<Double> fidelities = new ArrayList<>();
    List<Long> latencies = new ArrayList<>();
    double reservedQubitNs = 0;
    double requestTimeNs = 0;
    double capacity = 0;
    TreeMap<String, Long> reasons = new TreeMap<>();
    for (LpReport lp : reports) {
      RoutingReport r = lp.getRouting();
      c[0] += r.getRequests();
      c[1] += r.getAccepted();
      c[2] += r.getCompleted();
      c[3] += r.getFailed();
      c[4] += r.getRejectedRouting();
      c[5] += r.getRejectedMemory();
      c[6] += r.getReroutes();
      c[7] += r.getPairsRequested();
      c[8] += r.getPairsDelivered();
      c[9] += r.getPairsBelowMinFidelity();
      c[10] += r.getCutoffDiscards();
      c[11] += r.getFidelityDiscards();
      c[12] += r.getPathComputations();
      c[13] += r.getAdvertsSent();
      c[14] += r.getHellosSent();
      c[15] += r.getMemoryReservedAtEnd();
      c[16] += r.getRequestsInProgress();
      c[17] += r.getLeaseExpiries();
      fidelities.addAll(r.getFidelitiesList());
      latencies.addAll(r.getLatenciesNsList());
      reservedQubitNs += r.getMemoryReservedQubitNs();
      requestTimeNs += r.getRequestTimeSumNs();
      capacity += r.getMemoryCapacity();
      for (int i = 0; i < r.getFailureReasonsCount(); i++) {
        reasons.merge(r.getFailureReasons(i), r.getFailureCounts(i), Long::sum);
      }
    }
    Collections.sort(fidelities);
    Collections.sort(latencies);
    double durationNs = durationS * 1e9;
    return new RoutingSummary(protocol, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
        c[9], c[10], c[11], c[8] / durationS, c[0] == 0 ? Double.NaN : c[1] / (double) c[0],
        percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.95) / 1e6,
        percentile(latencies, 0.99) / 1e6, mean(fidelities), percentile(fidelities, 0.05),
        percentile(fidelities, 0.50),
        capacity == 0 ? 0 : reservedQubitNs / (capacity * durationNs),
        c[12], c[13], c[14], c[15], c[16], c[17], requestTimeNs / durationNs,
        Collections.unmodifiableMap(reasons));
  }

  /** Mean in ascending order (so the same pairs give the same bits); NaN when there are none. */
  static double mean(List<Double> sorted) {
    double sum = 0;
    for (double x : sorted) {
      sum += x;
    }
    return sorted.isEmpty() ? Double.NaN : sum / sorted.size();
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(List<? extends Number> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1)).doubleValue();
  }

  /** Column names of {@link #row()}, for tables and CSV. */
  public static final List<String> COLUMNS = List.of("protocol", "requests", "acceptance_rate",
      "completed", "failed", "delivered_pairs", "delivered_pairs_per_s", "latency_ms_p50",
      "latency_ms_p95", "latency_ms_p99", "fidelity_p5", "fidelity_p50",
      "pairs_below_min_fidelity", "memory_utilisation", "mean_concurrent_requests", "reroutes",
      "path_computations", "adverts_sent");

  /** The values of {@link #COLUMNS}. */
  public List<Object> row() {
    return List.of(protocol, requests, acceptanceRate, completed, failed, pairsDelivered,
        deliveredPairsPerS, latencyMsP50, latencyMsP95, latencyMsP99, fidelityP5, fidelityP50,
        pairsBelowMinFidelity, memoryUtilisation, meanConcurrentRequests, reroutes,
        pathComputations, advertsSent);
  }
}
