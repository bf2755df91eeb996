package io.qbone.deploy.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.node.network.Topology;

/**
 * The current metrics of a live run as JSON (GET /api/metrics and the dashboard's event
 * stream). Totals are read fresh; rates are over the trailing samples the server takes at a fixed
 * wall interval ({@link #sample}), in pairs per virtual second, so they do not depend on how
 * often clients ask.
 */
final class MetricsView {
  /** Samples kept for rates: with the server's 0.5 s period, rates cover about 4 s of wall time. */
  static final int RATE_SAMPLES = 9;

  private record Sample(long virtualNs, long[] linkPairs, long[] flowPairs) {}

  private final LiveRun run;
  private final Sample[] ring = new Sample[RATE_SAMPLES];
  private int taken;

  MetricsView(LiveRun run) {
    this.run = run;
  }

  /** Records the counters now, for rates. */
  synchronized void sample() {
    Topology t = run.plan().topology();
    ModelReports s = run.reports();
    long[] links = new long[t.links().size()];
    for (int l = 0; l < links.length; l++) {
      links[l] = s.linkPairs(l);
    }
    long[] flows = new long[run.plan().flowCount()];
    for (int f = 0; f < flows.length; f++) {
      flows[f] = s.flowPairs(f);
    }
    ring[taken++ % RATE_SAMPLES] = new Sample(run.progress().virtualNs(), links, flows);
  }

  /** Oldest and newest samples, or null while fewer than two were taken. */
  private synchronized Sample[] rateSpan() {
    if (taken < 2) {
      return null;
    }
    Sample newest = ring[(taken - 1) % RATE_SAMPLES];
    Sample oldest = ring[taken <= RATE_SAMPLES ? 0 : taken % RATE_SAMPLES];
    return newest.virtualNs() > oldest.virtualNs() ? new Sample[] {oldest, newest} : null;
  }

  private static double rate(Sample[] span, long oldCount, long newCount) {
    return (newCount - oldCount) / ((span[1].virtualNs() - span[0].virtualNs()) / 1e9);
  }

  ObjectNode render() {
    Topology t = run.plan().topology();
    ModelReports s = run.reports();
    Sample[] span = rateSpan();
    ObjectNode n = LiveRun.JSON.createObjectNode();
    n.put("state", run.phase().name().toLowerCase(java.util.Locale.ROOT));
    n.put("virtual_time_ns", run.progress().virtualNs());
    n.put("events", run.progress().events());
    n.put("rate_window_ns", span == null ? 0 : span[1].virtualNs() - span[0].virtualNs());
    ArrayNode links = n.putArray("links");
    for (int l = 0; l < t.links().size(); l++) {
      long pairs = s.linkPairs(l);
      ObjectNode o = links.addObject();
      o.put("name", t.linkName(l));
      o.put("pairs", pairs);
      o.put("mean_fidelity", pairs > 0 ? s.linkFidelitySum(l) / pairs : 0.0);
      o.put("rate_hz", span == null ? 0.0
          : rate(span, span[0].linkPairs()[l], span[1].linkPairs()[l]));
      o.put("key_bits", s.linkKeyBits(l));
    }
    ArrayNode nodes = n.putArray("nodes");
    for (int v = 0; v < t.nodeCount(); v++) {
      ObjectNode o = nodes.addObject();
      o.put("name", t.node(v).name());
      o.put("memory_in_use", s.memoryInUse(v));
      o.put("memory_qubits", run.plannedQubits(v));
      o.put("swaps", s.swaps(v));
    }
    ArrayNode flows = n.putArray("flows");
    for (int f = 0; f < run.plan().flowCount(); f++) {
      long pairs = s.flowPairs(f);
      ObjectNode o = flows.addObject();
      o.put("name", run.plan().flows().get(f).name());
      o.put("delivered_pairs", pairs);
      o.put("mean_fidelity", pairs > 0 ? s.flowFidelitySum(f) / pairs : 0.0);
      o.put("mean_latency_ms", pairs > 0 ? s.flowLatencySumNs(f) / pairs / 1e6 : 0.0);
      o.put("rate_hz", span == null ? 0.0
          : rate(span, span[0].flowPairs()[f], span[1].flowPairs()[f]));
      o.put("requests_accepted", s.requestsAccepted(f));
      o.put("requests_rejected", s.requestsRejected(f));
      ObjectNode h = o.putObject("fidelity_histogram");
      h.put("bin_width", 1.0 / ModelReports.FIDELITY_BINS);
      ArrayNode counts = h.putArray("counts");
      for (long c : s.flowHistogram(f)) {
        counts.add(c);
      }
    }
    ArrayNode alarms = n.putArray("alarms");
    for (ModelReports.Alarm a : s.alarms()) {
      ObjectNode o = alarms.addObject();
      o.put("id", a.id());
      o.put("at_ns", a.atNs());
      o.put("kind", a.kind());
      o.put("subject", a.subject());
      o.put("message", a.message());
    }
    return n;
  }
}
