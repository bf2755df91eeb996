package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;
import io.qbone.node.network.Topology;
import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.Burst;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.HotSpot;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the request-driven sections of a scenario (docs/scenario-reference.md, "Routing protocols
 * and traffic"): {@code routing:} as a mapping naming a protocol, and {@code traffic:}.
 */
final class RequestSectionsReader {
  static final List<String> ROUTING = List.of("protocol", "metric", "schedule", "cutoff_s",
      "reservation_timeout_s", "qubits_per_node", "k", "max_paths", "max_purification_rounds",
      "hello_interval_s", "dead_interval_s", "controller", "link_state_start", "memory");
  static final List<String> TRAFFIC = List.of("rate_per_s", "stop_s", "request", "hot_spots",
      "bursts", "flows");
  static final List<String> REQUEST = List.of("pairs", "min_fidelity", "deadline_s");
  static final List<String> HOT_SPOT = List.of("node", "share");
  static final List<String> BURST = List.of("start_s", "end_s", "factor");
  static final List<String> FLOW = List.of("from", "to", "interval_s", "start_s", "priority");
  private static final String SECONDS = "a number (seconds)";
  private static final String NUMBER = "a number";
  private static final String INTEGER = "an integer";

  private RequestSectionsReader() {}

  /** Whether {@code routing:} is the mapping form. */
  static boolean isMapping(YamlMap top) {
    return top.get("routing") instanceof MappingNode;
  }

  /** The static metric of the scalar form, or of the mapping's {@code metric} key. */
  static RouteMetric metric(YamlMap section, String key) {
    String expected = "one of: latency, hops";
    String text = section.string(key, expected, "latency");
    RouteMetric metric = RouteMetric.parse(text);
    if (metric == null) {
      throw section.error(key, "expected " + expected + ", got '" + text + "'");
    }
    return metric;
  }

  static RoutingConfig routing(YamlMap top, Topology topology, Ranges ranges) {
    RoutingConfig d = RoutingConfig.defaults("shortest-latency");
    if (!isMapping(top)) {
      // Scalar (or absent) routing with traffic: static shortest path by that metric.
      RouteMetric m = metric(top, "routing");
      return d.withProtocol(m == RouteMetric.HOPS ? "shortest-hops" : "shortest-latency");
    }
    YamlMap r = top.map("routing", "a routing mapping");
    r.checkKeys(ROUTING);
    String protocol = r.string("protocol", "a protocol name", d.protocol());
    if (r.has("metric")) {
      if (!protocol.equals("shortest-hops") && !protocol.equals("shortest-latency")) {
        throw r.error("metric", "expected no 'metric' for protocol '" + protocol
            + "' (it applies to shortest-path routing), got one");
      }
      protocol = metric(r, "metric") == RouteMetric.HOPS ? "shortest-hops" : "shortest-latency";
    }
    String scheduleText = r.string("schedule", "one of: asap, sequential, nested", "asap");
    SwapSchedule schedule = SwapSchedule.parse(scheduleText);
    if (schedule == null) {
      throw r.error("schedule", "expected one of: asap, sequential, nested, got '"
          + scheduleText + "'");
    }
    String memoryText = r.string("memory", "one of: reserved, shared, priority", "reserved");
    MemoryPolicy memory = null;
    for (MemoryPolicy m : MemoryPolicy.values()) {
      if (m.yamlName().equals(memoryText)) {
        memory = m;
      }
    }
    if (memory == null) {
      throw r.error("memory", "expected one of: reserved, shared, priority, got '"
          + memoryText + "'");
    }
    String controller = r.string("controller", "a node name", null);
    if (controller != null && topology.indexOf(controller) < 0) {
      throw r.error("controller", "expected a node defined under 'nodes', got unknown node '"
          + controller + "'");
    }
    RoutingConfig config;
    try {
      config = new RoutingConfig(protocol, schedule,
          r.number("cutoff_s", SECONDS, d.cutoffS()),
          r.number("reservation_timeout_s", SECONDS, d.reservationTimeoutS()),
          r.has("qubits_per_node") ? r.intValue("qubits_per_node", INTEGER) : d.qubitsPerNode(),
          r.has("k") ? r.intValue("k", INTEGER) : d.k(),
          r.has("max_paths") ? r.intValue("max_paths", INTEGER) : d.maxPaths(),
          r.has("max_purification_rounds")
              ? r.intValue("max_purification_rounds", INTEGER) : d.maxPurificationRounds(),
          r.number("hello_interval_s", SECONDS, d.helloIntervalS()),
          r.number("dead_interval_s", SECONDS, d.deadIntervalS()),
          controller, linkStateConverged(r), memory);
    } catch (ConfigException e) {
      throw Fields.translate(r, e);
    }
    Ranges.spanOrZero(r, "cutoff_s", config.cutoffS());
    Ranges.span(r, "reservation_timeout_s", config.reservationTimeoutS());
    ranges.period(r, "hello_interval_s", config.helloIntervalS(), "each link's hellos");
    Ranges.span(r, "dead_interval_s", config.deadIntervalS());
    if (config.k() > MAX_K) {
      throw r.error("k", "expected an integer in [1, " + MAX_K + "] (Yen's algorithm lists k "
          + "paths per request; more cannot be tried within a request's deadline), got "
          + config.k());
    }
    if (r.has("max_paths") && config.maxPaths() > config.k()) {
      throw r.error("max_paths", "expected an integer in [1, k = " + config.k() + "] (a request "
          + "is split over paths Yen's algorithm listed), got " + config.maxPaths());
    }
    return config;
  }

  /** Most paths Yen's algorithm may list per request. */
  static final int MAX_K = 64;

  /** {@code link_state_start}: {@code cold} (default, flood at t = 0) or {@code converged}. */
  private static boolean linkStateConverged(YamlMap r) {
    String start = r.string("link_state_start", "cold or converged", "cold");
    return switch (start) {
      case "cold" -> false;
      case "converged" -> true;
      default -> throw r.error("link_state_start", "expected cold or converged, got '" + start
          + "'");
    };
  }

  static TrafficConfig traffic(YamlMap top, Topology topology, double durationS,
      Ranges ranges) {
    YamlMap t = top.map("traffic", "a traffic mapping");
    t.checkKeys(TRAFFIC);
    RequestClass request = RequestClass.DEFAULT;
    if (t.has("request")) {
      YamlMap q = t.map("request", "a mapping {pairs, min_fidelity, deadline_s}");
      q.checkKeys(REQUEST);
      try {
        request = new RequestClass(
            q.has("pairs") ? q.intValue("pairs", INTEGER) : request.pairs(),
            q.number("min_fidelity", NUMBER, request.minFidelity()),
            q.number("deadline_s", SECONDS, request.deadlineS()));
      } catch (ConfigException e) {
        throw Fields.translate(q, e);
      }
      Ranges.span(q, "deadline_s", request.deadlineS());
      if (request.pairs() > MAX_PAIRS) {
        throw q.error("pairs", "expected an integer in [1, " + MAX_PAIRS + "] (pairs per request "
            + "are delivered one by one, each with its own events), got " + request.pairs());
      }
    }
    List<HotSpot> hot = new ArrayList<>();
    for (YamlMap h : elements(t, "hot_spots", "a mapping {node, share}", HOT_SPOT)) {
      String node = requireNode(h, "node", topology);
      try {
        hot.add(new HotSpot(node, h.number("share", NUMBER)));
      } catch (ConfigException e) {
        throw Fields.translate(h, e);
      }
    }
    List<Burst> bursts = new ArrayList<>();
    List<YamlMap> burstMaps = elements(t, "bursts", "a mapping {start_s, end_s, factor}", BURST);
    for (YamlMap b : burstMaps) {
      try {
        bursts.add(new Burst(b.number("start_s", SECONDS), b.number("end_s", SECONDS),
            b.number("factor", NUMBER)));
      } catch (ConfigException e) {
        throw Fields.translate(b, e);
      }
      Ranges.instant(b, "start_s", bursts.get(bursts.size() - 1).startS());
      Ranges.instant(b, "end_s", bursts.get(bursts.size() - 1).endS());
      if (!Double.isFinite(bursts.get(bursts.size() - 1).factor())) {
        throw b.error("factor", "expected a finite factor >= 0, got "
            + bursts.get(bursts.size() - 1).factor());
      }
    }
    List<FixedFlow> flows = new ArrayList<>();
    for (YamlMap f : elements(t, "flows", "a mapping {from, to, interval_s, start_s, priority}", FLOW)) {
      String from = requireNode(f, "from", topology);
      String to = requireNode(f, "to", topology);
      FixedFlow flow;
      try {
        flow = new FixedFlow(from, to, f.number("interval_s", SECONDS),
            f.number("start_s", SECONDS, 0),
            f.has("priority") ? f.intValue("priority", INTEGER) : 0);
      } catch (ConfigException e) {
        throw Fields.translate(f, e);
      }
      ranges.period(f, "interval_s", flow.intervalS(), "a flow");
      Ranges.instant(f, "start_s", flow.startS());
      flows.add(flow);
    }
    TrafficConfig config;
    try {
      config = new TrafficConfig(t.number("rate_per_s", NUMBER, 0), hot, bursts, flows, request,
          t.number("stop_s", SECONDS, durationS));
    } catch (ConfigException e) {
      throw Fields.translate(t, e);
    }
    Ranges.span(t, "stop_s", config.stopS());
    arrivals(t, config, burstMaps, ranges);
    return config;
  }

  /**
   * The random arrivals at their peak (every burst that overlaps another multiplies it) stay
   * within the events bound: the first burst that takes the rate over it is named, else the rate.
   */
  private static void arrivals(YamlMap t, TrafficConfig config, List<YamlMap> burstMaps,
      Ranges ranges) {
    double rate = config.ratePerS();
    ranges.rate(t, "rate_per_s", rate, "the network's random arrivals", true);
    if (rate == 0) {
      return;
    }
    List<Burst> bursts = config.bursts();
    for (int i = 0; i < bursts.size(); i++) {
      // Bursts overlapping burst i at its start multiply it: the peak is at some burst's start.
      double peak = rate;
      Burst at = bursts.get(i);
      for (Burst b : bursts) {
        if (at.startS() >= b.startS() && at.startS() < b.endS()) {
          peak *= b.factor();
        }
      }
      if (!(peak <= ranges.maxRatePerS())) {
        throw burstMaps.get(i).error("factor", "expected a factor that keeps the arrival rate "
            + "(rate_per_s × the factors of the bursts overlapping at " + Ranges.g(at.startS())
            + " s) at most " + Ranges.g(ranges.maxRatePerS()) + " per s (random arrivals may "
            + "schedule at most " + Ranges.g(ranges.maxEventsPerMicrosecond()) + " events per "
            + "virtual µs, -D" + Ranges.EVENTS_PROPERTY + "), got " + Ranges.g(peak) + " per s");
      }
    }
    // The thinning draws candidates at rate × the product of all factors above 1 (peakFactor):
    // bursts that never overlap still multiply it, so it is bounded as well.
    if (!(rate * config.peakFactor() <= ranges.maxRatePerS() * MAX_THINNING)) {
      throw t.error("bursts", "expected bursts whose factors above 1 multiply to at most "
          + Ranges.g(ranges.maxRatePerS() * MAX_THINNING / rate) + " (arrivals are drawn at "
          + "rate_per_s times that product and thinned; more draws than "
          + Ranges.g(ranges.maxEventsPerMicrosecond() * MAX_THINNING) + " per virtual µs "
          + "livelock a run), got " + Ranges.g(config.peakFactor()));
    }
  }

  /** How much more often the thinning may draw than the events bound (bursts apart in time). */
  private static final double MAX_THINNING = 100;
  /** Most pairs one request may ask for. */
  static final int MAX_PAIRS = 1_000_000;

  private static List<YamlMap> elements(YamlMap parent, String key, String what,
      List<String> keys) {
    List<YamlMap> out = new ArrayList<>();
    if (!parent.has(key)) {
      return out;
    }
    List<Node> items = parent.list(key, "a list of " + key.replace('_', ' '));
    for (int i = 0; i < items.size(); i++) {
      YamlMap m = parent.element(key, i, items.get(i), what);
      m.checkKeys(keys);
      out.add(m);
    }
    return out;
  }

  private static String requireNode(YamlMap m, String key, Topology topology) {
    String name = m.string(key, Fields.NODE_NAME);
    if (topology.indexOf(name) < 0) {
      throw m.error(key, "expected a node defined under 'nodes', got unknown node '" + name + "'");
    }
    return name;
  }
}
