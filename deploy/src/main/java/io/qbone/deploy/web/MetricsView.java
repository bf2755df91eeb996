package io.qbone.deploy.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.RequestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The current metrics of a live run as JSON (GET /api/metrics and the dashboard's event
 * stream). Rates are over the trailing samples the server takes at a fixed wall interval
 * ({@link #sample}), in pairs per virtual second, so they do not depend on how often clients ask.
 *
 * <p>Each sample also renders the JSON once, straight to bytes with a streaming generator, and
 * every open page gets those bytes at that push, so more pages do not mean more renders (with one
 * page the change was not measurable in events/s: docs/performance.md, "Session 7"). GET
 * /api/metrics renders afresh, so a request sees the effect of one it made just before.
 */
final class MetricsView {
  /** Samples kept for rates: with the server's 0.5 s period, rates cover about 4 s of wall time. */
  static final int RATE_SAMPLES = 9;

  private record Sample(long virtualNs, long[] linkPairs, long[] flowPairs) {}

  private final LiveRun run;
  private final Sample[] ring = new Sample[RATE_SAMPLES];
  private int taken;
  /** The JSON rendered at the last sample, or null before the first. */
  private volatile byte[] latest;

  MetricsView(LiveRun run) {
    this.run = run;
  }

  /** Records the counters now, for rates, and renders the JSON that clients get until the next. */
  void sample() {
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
    synchronized (this) {
      ring[taken++ % RATE_SAMPLES] = new Sample(run.progress().virtualNs(), links, flows);
    }
    latest = render();
  }

  /** The metrics JSON of the last sample, for the pages' event stream (now if there was none). */
  byte[] latest() {
    byte[] json = latest;
    return json != null ? json : render();
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

  /** The metrics JSON as of now (GET /api/metrics: a request sees what it just changed). */
  byte[] render() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (JsonGenerator g = LiveRun.JSON.getFactory().createGenerator(out)) {
      write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("rendering the metrics JSON failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Request-driven traffic: per source node that has had a request, and network-wide, requests
   * admitted and ended by result, and the pairs delivered to them.
   */
  private static void writeRequests(JsonGenerator g, Topology t, ModelReports s)
      throws IOException {
    long[] total = new long[RequestResult.values().length + 2];
    double fidelitySum = 0;
    double latencySumNs = 0;
    g.writeObjectFieldStart("requests");
    g.writeArrayFieldStart("sources");
    for (int v = 0; v < t.nodeCount(); v++) {
      long[] counts = requestCounts(s, v);
      if (Arrays.stream(counts).allMatch(c -> c == 0)) {
        continue;
      }
      for (int i = 0; i < counts.length; i++) {
        total[i] += counts[i];
      }
      fidelitySum += s.requestFidelitySum(v);
      latencySumNs += s.requestLatencySumNs(v);
      g.writeStartObject();
      g.writeStringField("name", t.node(v).name());
      writeRequestCounts(g, counts, s.requestFidelitySum(v), s.requestLatencySumNs(v));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("total");
    writeRequestCounts(g, total, fidelitySum, latencySumNs);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Admitted, then one count per {@link RequestResult}, then delivered pairs. */
  private static long[] requestCounts(ModelReports s, int node) {
    RequestResult[] results = RequestResult.values();
    long[] c = new long[results.length + 2];
    c[0] = s.requestsAdmitted(node);
    for (RequestResult r : results) {
      c[1 + r.ordinal()] = s.requests(node, r);
    }
    c[c.length - 1] = s.requestPairs(node);
    return c;
  }

  private static void writeRequestCounts(JsonGenerator g, long[] c, double fidelitySum,
      double latencySumNs) throws IOException {
    g.writeNumberField("admitted", c[0]);
    for (RequestResult r : RequestResult.values()) {
      g.writeNumberField(r.tag().replace('-', '_'), c[1 + r.ordinal()]);
    }
    long pairs = c[c.length - 1];
    g.writeNumberField("delivered_pairs", pairs);
    g.writeNumberField("mean_fidelity", pairs > 0 ? fidelitySum / pairs : 0.0);
    g.writeNumberField("mean_latency_ms", pairs > 0 ? latencySumNs / pairs / 1e6 : 0.0);
  }

  private void write(JsonGenerator g) throws IOException {
    Topology t = run.plan().topology();
    ModelReports s = run.reports();
    Sample[] span = rateSpan();
    g.writeStartObject();
    g.writeStringField("state", run.phase().name().toLowerCase(Locale.ROOT));
    g.writeNumberField("virtual_time_ns", run.progress().virtualNs());
    g.writeNumberField("events", run.progress().events());
    g.writeNumberField("rate_window_ns",
        span == null ? 0 : span[1].virtualNs() - span[0].virtualNs());
    g.writeArrayFieldStart("links");
    for (int l = 0; l < t.links().size(); l++) {
      long pairs = s.linkPairs(l);
      g.writeStartObject();
      g.writeStringField("name", t.linkName(l));
      g.writeNumberField("pairs", pairs);
      g.writeNumberField("mean_fidelity", pairs > 0 ? s.linkFidelitySum(l) / pairs : 0.0);
      g.writeNumberField("rate_hz", span == null ? 0.0
          : rate(span, span[0].linkPairs()[l], span[1].linkPairs()[l]));
      g.writeNumberField("key_bits", s.linkKeyBits(l));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("nodes");
    for (int v = 0; v < t.nodeCount(); v++) {
      g.writeStartObject();
      g.writeStringField("name", t.node(v).name());
      g.writeNumberField("memory_in_use", s.memoryInUse(v));
      g.writeNumberField("memory_qubits", run.plannedQubits(v));
      g.writeNumberField("swaps", s.swaps(v));
      g.writeNumberField("swap_failures", s.swapFailures(v));
      g.writeNumberField("purifications", s.purifications(v));
      g.writeNumberField("purification_failures", s.purificationFailures(v));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("flows");
    for (int f = 0; f < run.plan().flowCount(); f++) {
      long pairs = s.flowPairs(f);
      g.writeStartObject();
      g.writeStringField("name", run.plan().flows().get(f).name());
      g.writeNumberField("delivered_pairs", pairs);
      g.writeNumberField("mean_fidelity", pairs > 0 ? s.flowFidelitySum(f) / pairs : 0.0);
      g.writeNumberField("mean_latency_ms",
          pairs > 0 ? s.flowLatencySumNs(f) / pairs / 1e6 : 0.0);
      g.writeNumberField("rate_hz", span == null ? 0.0
          : rate(span, span[0].flowPairs()[f], span[1].flowPairs()[f]));
      g.writeObjectFieldStart("fidelity_histogram");
      g.writeNumberField("bin_width", 1.0 / ModelReports.FIDELITY_BINS);
      g.writeArrayFieldStart("counts");
      for (long c : s.flowHistogram(f)) {
        g.writeNumber(c);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    if (s.hasRequests()) {
      writeRequests(g, t, s);
    }
    g.writeArrayFieldStart("alarms");
    for (ModelReports.Alarm a : s.alarms()) {
      g.writeStartObject();
      g.writeNumberField("id", a.id());
      g.writeNumberField("at_ns", a.atNs());
      g.writeStringField("kind", a.kind());
      g.writeStringField("subject", a.subject());
      g.writeStringField("message", a.message());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
