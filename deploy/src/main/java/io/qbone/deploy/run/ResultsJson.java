package io.qbone.deploy.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.FlowReport;
import com.google.protobuf.Message;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.request.RoutingSummary;
import io.qbone.router.routing.Route;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The results document (schema: docs/results-schema.md). {@code outcome} holds only what the
 * model computed and is byte-identical for the same scenario and seed, whatever the cluster;
 * {@code performance} holds what the run cost.
 */
public final class ResultsJson {
  public static final String FORMAT = "qbone-results/1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  public static ObjectNode document(ScenarioRunner.Finished run) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("format", FORMAT);
    doc.set("outcome", outcome(run));
    doc.set("performance", performance(run));
    return doc;
  }

  public static String toJson(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode outcome(ScenarioRunner.Finished run) {
    NetworkPlan plan = run.plan();
    List<LpReport> reports = run.result().reports();
    ObjectNode o = MAPPER.createObjectNode();
    ObjectNode sc = o.putObject("scenario");
    sc.put("name", run.scenario().name());
    sc.put("seed", run.scenario().seed());
    sc.put("duration_s", run.scenario().durationS());
    sc.put("nodes", plan.topology().nodeCount());
    sc.put("links", plan.topology().links().size());
    o.put("virtual_time_s", run.scenario().durationS());
    o.put("events", run.result().events());
    o.put("lookahead_ns", plan.topology().minLinkDelayNs());
    o.put("causality_violations", run.result().causalityViolations());
    o.put("malformed_messages", run.result().malformedMessages());
    ObjectNode messages = o.putObject("messages");
    run.result().messagesSent().forEach(messages::put);
    o.set("flows", flows(plan, reports, run.scenario().durationS()));
    o.set("links", links(plan, reports, run.scenario().durationS()));
    o.set("nodes", nodes(plan, reports));
    o.set("injections", injections(plan, run.result().injections()));
    if (run.qkd() != null) {
      o.set("qkd", QkdResults.outcome(run.qkd(), reports, run.scenario().durationS()));
    }
    if (run.requests() != null) {
      o.set("routing", routing(RoutingSummary.of(run.requests().routing().protocol(),
          reports, run.scenario().durationS())));
    }
    return o;
  }

  /** The request-driven run in numbers (docs/results-schema.md, {@code routing}). */
  public static ObjectNode routing(RoutingSummary s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("protocol", s.protocol());
    n.put("requests", s.requests());
    n.put("accepted", s.accepted());
    putRatio(n, "acceptance_rate", s.acceptanceRate());
    n.put("completed", s.completed());
    n.put("failed", s.failed());
    n.put("rejected_routing", s.rejectedRouting());
    n.put("rejected_memory", s.rejectedMemory());
    n.put("in_progress_at_end", s.requestsInProgress());
    n.put("mean_concurrent_requests", s.meanConcurrentRequests());
    n.put("reroutes", s.reroutes());
    n.put("pairs_requested", s.pairsRequested());
    n.put("delivered_pairs", s.pairsDelivered());
    n.put("delivered_pairs_per_s", s.deliveredPairsPerS());
    n.put("pairs_below_min_fidelity", s.pairsBelowMinFidelity());
    n.put("cutoff_discards", s.cutoffDiscards());
    n.put("fidelity_discards", s.fidelityDiscards());
    ObjectNode lat = n.putObject("request_latency_ms");
    putRatio(lat, "p50", s.latencyMsP50());
    putRatio(lat, "p95", s.latencyMsP95());
    putRatio(lat, "p99", s.latencyMsP99());
    ObjectNode fid = n.putObject("fidelity");
    putRatio(fid, "mean", s.fidelityMean());
    putRatio(fid, "p5", s.fidelityP5());
    putRatio(fid, "p50", s.fidelityP50());
    n.put("memory_utilisation", s.memoryUtilisation());
    n.put("memory_reserved_at_end", s.memoryReservedAtEnd());
    n.put("lease_expiries", s.leaseExpiries());
    n.put("path_computations", s.pathComputations());
    n.put("adverts_sent", s.advertsSent());
    n.put("hellos_sent", s.hellosSent());
    ObjectNode reasons = n.putObject("failure_reasons");
    s.reasons().forEach(reasons::put);
    return n;
  }

  /** A value that may be undefined (nothing to rank): JSON null rather than NaN. */
  private static void putRatio(ObjectNode n, String key, double v) {
    if (Double.isNaN(v)) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }

  /**
   * Messages injected from outside during the run (live API), in delivery order: the target
   * node, the virtual time and the message body, field by field as in its .proto.
   */
  private static ArrayNode injections(NetworkPlan plan, List<LpMessage> injected) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (LpMessage m : injected) {
      ObjectNode n = arr.addObject();
      n.put("node", plan.topology().node(m.getTarget()).name());
      n.put("at_ns", m.getDeliverAtNs());
      var body = m.getDescriptorForType().findFieldByNumber(m.getBodyCase().getNumber());
      n.set(body.getName(), protoFields((Message) m.getField(body)));
    }
    return arr;
  }

  /** A message's set fields as JSON, in field-number order. */
  private static ObjectNode protoFields(Message m) {
    ObjectNode n = MAPPER.createObjectNode();
    m.getAllFields().forEach((field, value) -> {
      if (value instanceof Message sub) {
        n.set(field.getName(), protoFields(sub));
      } else {
        n.set(field.getName(), MAPPER.valueToTree(
            value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e ? e.getName() : value));
      }
    });
    return n;
  }

  private static ArrayNode flows(NetworkPlan plan, List<LpReport> reports, double durationS) {
    FlowReport[] byFlow = new FlowReport[plan.flowCount()];
    for (LpReport r : reports) {
      for (FlowReport f : r.getFlowsList()) {
        byFlow[f.getFlow()] = f;
      }
    }
    Topology t = plan.topology();
    ArrayNode arr = MAPPER.createArrayNode();
    for (int f = 0; f < plan.flowCount(); f++) {
      FlowConfig cfg = plan.flows().get(f);
      Route route = plan.route(f);
      FlowReport fr = byFlow[f] == null ? FlowReport.getDefaultInstance() : byFlow[f];
      ObjectNode n = arr.addObject();
      n.put("name", cfg.name());
      n.put("from", cfg.from());
      n.put("to", cfg.to());
      ArrayNode path = n.putArray("path");
      double km = 0;
      for (int v : route.nodes()) {
        path.add(t.node(v).name());
      }
      for (int l : route.links()) {
        km += t.link(l).config().lengthKm();
      }
      n.put("hops", route.hops());
      n.put("path_length_km", km);
      n.put("start_s", cfg.startS());
      long delivered = fr.getDelivered();
      n.put("delivered_pairs", delivered);
      double active = durationS - cfg.startS();
      n.put("rate_hz", active > 0 ? delivered / active : 0.0);
      if (delivered > 0) {
        ObjectNode fid = n.putObject("fidelity");
        fid.put("mean", fr.getFidelitySum() / delivered);
        fid.put("min", fr.getFidelityMin());
        fid.put("p5", fr.getFidelityP5());
        fid.put("p50", fr.getFidelityP50());
        fid.put("p95", fr.getFidelityP95());
        fid.put("max", fr.getFidelityMax());
        ObjectNode lat = n.putObject("latency_ms");
        lat.put("mean", fr.getLatencySumNs() / delivered / 1e6);
        lat.put("p50", fr.getLatencyP50Ns() / 1e6);
        lat.put("p95", fr.getLatencyP95Ns() / 1e6);
        lat.put("p99", fr.getLatencyP99Ns() / 1e6);
      }
    }
    return arr;
  }

  private static ArrayNode links(NetworkPlan plan, List<LpReport> reports, double durationS) {
    List<LinkReport> used = new ArrayList<>();
    for (LpReport r : reports) {
      used.addAll(r.getLinksList());
    }
    used.sort(java.util.Comparator.comparingInt(LinkReport::getLink));
    Topology t = plan.topology();
    ArrayNode arr = MAPPER.createArrayNode();
    for (LinkReport lr : used) {
      Link l = t.link(lr.getLink());
      ObjectNode n = arr.addObject();
      n.put("a", t.node(l.a()).name());
      n.put("b", t.node(l.b()).name());
      n.put("length_km", l.config().lengthKm());
      n.put("flows", plan.flowsOnLink(l.index()).length);
      n.put("success_probability", l.successProbability());
      n.put("attempt_period_ns", l.attemptPeriodNs());
      n.put("heralding_delay_ns", l.delayNs());
      n.put("attempts", lr.getAttempts());
      n.put("generated_pairs", lr.getGenerated());
      n.put("rate_hz", lr.getGenerated() / durationS);
      n.put("mean_fidelity", lr.getGenerated() > 0 ? lr.getFidelitySum() / lr.getGenerated() : 0.0);
    }
    return arr;
  }

  private static ArrayNode nodes(NetworkPlan plan, List<LpReport> reports) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (LpReport r : reports) {
      if (r.getMemoryCapacity() == 0) {
        continue; // on no route: nothing to report
      }
      ObjectNode n = arr.addObject();
      n.put("name", plan.topology().node(r.getLp()).name());
      n.put("memory_qubits", r.getMemoryCapacity());
      n.put("memory_peak_in_use", r.getMemoryPeakInUse());
      n.put("memory_in_use_at_end", r.getMemoryInUse());
      n.put("swaps", r.getSwaps());
      n.put("swap_failures", r.getSwapFailures());
      n.put("events", r.getEvents());
    }
    return arr;
  }

  private static ObjectNode performance(ScenarioRunner.Finished run) {
    ScenarioRunner.Performance p = run.performance();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("scenario_file", run.scenario().file());
    var phases = run.result().phases();
    double runS = phases.runNanos() / 1e9;
    n.put("cluster_start_s", phases.clusterStartNanos() / 1e9);
    n.put("wall_time_s", runS);
    n.put("cluster_stop_s", phases.clusterStopNanos() / 1e9);
    n.put("events_per_second", runS > 0 ? run.result().events() / runS : 0.0);
    n.put("peak_heap_bytes", p.peakHeapBytes());
    n.put("members", p.members());
    n.put("threads_per_member", p.threads());
    n.put("peak_jvm_threads", p.peakJvmThreads());
    n.put("poll_rounds", run.result().pollRounds());
    var times = run.result().times();
    // Epochs (barriers between members) depend on the placement, so they are not outcome.
    n.put("windows", run.result().windows());
    n.put("member_windows", times.memberWindows());
    n.put("barrier_wait_s", times.barrierWaitNanos() / 1e9);
    n.put("window_wall_s", times.windowWallNanos() / 1e9);
    n.put("lp_busy_s", times.lpBusyNanos() / 1e9);
    double secondHalfS = times.secondHalfWindowWallNanos() / 1e9;
    n.put("second_half_window_wall_s", secondHalfS);
    n.put("second_half_events_per_second",
        secondHalfS > 0 ? times.secondHalfEvents() / secondHalfS : 0.0);
    n.put("lp_wakes", times.lpWakes());
    ArrayNode spread = n.putArray("lps_per_member");
    run.result().lpsPerMember().forEach(spread::add);
    if (p.placement().minCutDelayNs() < 0) {
      n.put("cut_links", p.placement().cutLinks());
      n.putNull("min_cut_link_delay_ns");
    } else {
      n.put("cut_links", p.placement().cutLinks());
      n.put("min_cut_link_delay_ns", p.placement().minCutDelayNs());
    }
    n.put("java", System.getProperty("java.version"));
    n.put("available_processors", Runtime.getRuntime().availableProcessors());
    return n;
  }
}
