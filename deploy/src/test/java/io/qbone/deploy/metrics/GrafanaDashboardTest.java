package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.telemetry.RequestResult;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.RoutingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in k8s/ parses, and every query in it names metrics that the scrape of
 * a real run returns: no report is injected, so a panel whose series no model reports fails.
 */
class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of("..", "k8s", "grafana", "qbone-dashboard.json");
  /** PromQL functions, aggregations and keywords the dashboard uses; everything else is a metric. */
  static final Set<String> PROMQL = Set.of("rate", "increase", "sum", "by", "without", "scalar",
      "histogram_quantile", "or", "and", "unless", "avg", "max", "min", "count", "on", "ignoring");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_]+)\\s*\\)");

  @TempDir Path dir;

  /** Metric names in a PromQL expression: label matchers, ranges and groupings removed. */
  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^]]*\\]", " ")
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\$__\\w+", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
    while (m.find()) {
      String token = m.group();
      boolean number = token.matches("e\\d+") && bare.charAt(m.start() - 1) >= '0'
          && bare.charAt(m.start() - 1) <= '9';
      if (!PROMQL.contains(token) && !number) {
        names.add(token);
      }
    }
    return names;
  }

  @Test
  void metricNamesAreFoundInPromQl() {
    assertEquals(Set.of("qbone_pair_infidelity_e4_sum", "qbone_pair_infidelity_e4_count"),
        metricNames("1 - (rate(qbone_pair_infidelity_e4_sum{flow=~\"$flow\"}[$__rate_interval])"
            + " / rate(qbone_pair_infidelity_e4_count{flow=~\"$flow\"}[5m])) / 1e4"));
    assertEquals(Set.of("qbone_pair_latency_seconds_bucket"), metricNames("histogram_quantile("
        + "0.95, sum by (le, flow) (rate(qbone_pair_latency_seconds_bucket[1m])))"));
  }

  /**
   * A request-driven network with everything the dashboard shows but fixed flows: a BB84 metro
   * link (key bits, QBER, key pools) cut at 0.2 s (alarms), and requests from dc and hq to lab
   * over a chain whose repeaters swap by linear optics (half the swaps fail) and whose links are
   * noisy enough that fidelity-aware routing purifies to meet the minimum, or rejects.
   */
  static final String REQUEST_SCENARIO = String.join("\n",
      "qbone: 1",
      "name: grafana-requests",
      "seed: 5",
      "duration_s: 0.3",
      "routing: {protocol: fidelity-aware, qubits_per_node: 8, max_purification_rounds: 2}",
      "defaults:",
      "  node: {kind: end, qubits: 8, coherence_time_s: 1.0}",
      "  link: {fidelity: 0.9, efficiency: 0.5}",
      "nodes:",
      "  - {name: hq}",
      "  - {name: dc}",
      "  - {name: q1, kind: repeater, swap_bsm: linear-optics}",
      "  - {name: q2, kind: repeater, swap_bsm: linear-optics}",
      "  - {name: lab}",
      "links:",
      "  - {a: hq, b: dc, length_km: 18}",
      "  - {a: dc, b: q1, length_km: 10}",
      "  - {a: q1, b: q2, length_km: 10}",
      "  - {a: q2, b: lab, length_km: 10}",
      "traffic:",
      "  request: {pairs: 2, min_fidelity: 0.85, deadline_s: 0.05}",
      "  flows:",
      "    - {from: dc, to: lab, interval_s: 0.01}",
      "    - {from: hq, to: lab, interval_s: 0.02}",
      "  stop_s: 0.25",
      "faults:",
      "  - {at_s: 0.2, kind: link-cut, a: hq, b: dc}",
      "qkd:",
      "  block_bits: 100000",
      "  defaults: {technology: decoy-bb84, pulse_rate_hz: 1e9, mu: 0.5, nu: 0.1,"
          + " detector_efficiency: 0.2, dark_count_probability: 1e-6, misalignment: 0.01,"
          + " error_correction_efficiency: 1.16}",
      "  links:",
      "    - {a: hq, b: dc}",
      "");

  /** A whole run: its results and the scrape that holds all of it. */
  record ScrapedRun(ScenarioRunner.Finished finished, JsonNode outcome, PrometheusText scrape) {
    /**
     * Metrics with a series of this run: untagged (engine, JVM) or tagged with one of its node,
     * link or flow names. Other tests in the same JVM leave their instruments in Kamon until
     * its next snapshot; their names are not this run's (the two runs here share none either).
     */
    Set<String> exported() {
      Scenario sc = finished.scenario();
      Set<String> own = new TreeSet<>();
      sc.nodes().forEach(n -> own.add(n.name()));
      sc.links().forEach(l -> own.add(KamonTelemetry.linkName(l.a(), l.b())));
      sc.links().forEach(l -> own.add(l.a() + "-" + l.b())); // as alarms name them
      sc.flows().forEach(f -> own.add(f.name()));
      Set<String> names = new TreeSet<>();
      for (PrometheusText.Sample x : scrape.samples()) {
        if (x.labels().isEmpty() || x.labels().values().stream().anyMatch(own::contains)) {
          names.add(x.name());
        }
      }
      return names;
    }
  }

  /**
   * Runs {@code yaml} as fast as it goes with metrics on, and scrapes the endpoint once the
   * scrape holds the whole run (its event counter equals the results').
   */
  ScrapedRun scrapedRun(String yaml) throws Exception {
    Path file = dir.resolve("scenario-" + yaml.hashCode() + ".yaml");
    Files.writeString(file, yaml);
    Scenario scenario = ScenarioLoader.load(file);
    RunProgress progress = new RunProgress();
    ModelReports reports = PrometheusScrapeTest.reportsFor(scenario);
    try (RunMetrics metrics = RunMetrics.start(scenario, reports, progress, 1, "127.0.0.1",
        PrometheusScrapeTest.freePort(), false)) {
      ScenarioRunner.Finished finished = ScenarioRunner.run(scenario,
          PlanBuilder.build(scenario), new RunOptions(1, 1, 0, false),
          RunHooks.none().withProgress(progress).withTelemetry(reports));
      JsonNode outcome = ResultsJson.document(finished).get("outcome");
      PrometheusText[] last = new PrometheusText[1];
      PrometheusScrapeTest.await("the scrape to hold the whole run", 60, () -> {
        try {
          last[0] = PrometheusText.scrape(metrics.url());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        var events = last[0].find("qbone_engine_events_total", l -> true);
        return !events.isEmpty() && events.get(0).value() == outcome.get("events").asLong();
      });
      return new ScrapedRun(finished, outcome, last[0]);
    }
  }

  /** Whether a panel shows fixed flows (its queries select by the flow variable). */
  private static boolean flowPanel(JsonNode panel) {
    for (JsonNode target : panel.get("targets")) {
      if (target.get("expr").asText().contains("$flow")) {
        return true;
      }
    }
    return false;
  }

  /** Metric names of the panel's queries that the scrape does not hold. */
  private static List<String> missing(JsonNode panel, Set<String> exported) {
    List<String> problems = new ArrayList<>();
    String title = panel.get("title").asText();
    assertTrue(panel.has("targets") && panel.get("targets").size() > 0, title);
    for (JsonNode target : panel.get("targets")) {
      Set<String> names = metricNames(target.get("expr").asText());
      if (names.isEmpty()) {
        problems.add(title + ": no metric in " + target.get("expr"));
      }
      for (String n : names) {
        if (!exported.contains(n)) {
          problems.add(title + ": " + n + " is not exported");
        }
      }
    }
    return problems;
  }

  private static List<JsonNode> panels(JsonNode dash) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dash.get("panels")) {
      if (!"row".equals(panel.get("type").asText())) {
        out.add(panel);
      }
    }
    return out;
  }

  /**
   * Every panel's queries name metrics that real runs export: the flow panels those of a run of
   * fixed flows, every other panel those of a request-driven run with QKD, a link cut,
   * purification and failing swaps. Request series appear in the request-driven run only, flow
   * series in the fixed-flow run only (a series exists once it has a value). The request-driven
   * run's request metrics agree with its results.
   */
  @Test
  void everyPanelQueriesMetricsThatRealRunsExport() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertEquals("qbone-network", dash.get("uid").asText());
    List<JsonNode> panels = panels(dash);
    long flowPanels = panels.stream().filter(GrafanaDashboardTest::flowPanel).count();
    assertTrue(flowPanels >= 5 && panels.size() - flowPanels >= 18,
        panels.size() + " panels, " + flowPanels + " of flows");

    ScrapedRun flows = scrapedRun(PrometheusScrapeTest.SCENARIO);
    ScrapedRun requests = scrapedRun(REQUEST_SCENARIO);
    Set<String> flowMetrics = flows.exported();
    Set<String> requestMetrics = requests.exported();

    List<String> problems = new ArrayList<>();
    for (JsonNode panel : panels) {
      problems.addAll(missing(panel, flowPanel(panel) ? flowMetrics : requestMetrics));
    }
    assertEquals(List.of(), problems, "fixed flows exported " + flowMetrics
        + "; requests exported " + requestMetrics);
    assertFalse(flowMetrics.stream().anyMatch(n -> n.startsWith("qbone_request")),
        "a run without traffic exports no request series: " + flowMetrics);
    assertFalse(requestMetrics.contains("qbone_pairs_delivered_total"),
        "a run without fixed flows exports no flow series");

    assertRequestMetricsAgreeWithResults(requests);

    // Template variables: node and link from the request-driven run, flow from the fixed flows.
    List<String> variables = new ArrayList<>();
    for (JsonNode v : dash.get("templating").get("list")) {
      variables.add(v.get("name").asText());
      if (!"query".equals(v.get("type").asText())) {
        continue;
      }
      Matcher m = LABEL_VALUES.matcher(v.get("query").get("query").asText());
      assertTrue(m.matches(), v.toString());
      PrometheusText s = "flow".equals(m.group(2)) ? flows.scrape() : requests.scrape();
      assertFalse(s.find(m.group(1), l -> l.containsKey(m.group(2))).isEmpty(),
          m.group(1) + " has no label " + m.group(2));
    }
    assertEquals(List.of("datasource", "node", "link", "flow"), variables);
  }

  /** Requests, their pairs, swaps and key bits in the scrape equal the run's results. */
  private static void assertRequestMetricsAgreeWithResults(ScrapedRun run) {
    PrometheusText s = run.scrape();
    JsonNode routing = run.outcome().get("routing");
    assertTrue(routing.get("completed").asLong() > 5
        && routing.get("rejected_routing").asLong() > 0,
        "the run should complete requests and reject some: " + routing);
    assertEquals(routing.get("accepted").asLong(), sum(s, "qbone_request_admissions_total",
        l -> true));
    for (RequestResult r : RequestResult.values()) {
      assertEquals(routing.get(r.name().toLowerCase(java.util.Locale.ROOT)).asLong(),
          sum(s, "qbone_requests_total", l -> r.tag().equals(l.get("result"))), r.tag());
    }
    routing.get("failure_reasons").fields().forEachRemaining(e -> assertEquals(
        e.getValue().asLong(), sum(s, "qbone_request_failures_total",
            l -> e.getKey().equals(l.get("reason"))), e.getKey()));
    long pairs = routing.get("delivered_pairs").asLong();
    assertTrue(pairs > 10, "pairs delivered to requests: " + pairs);
    assertEquals(pairs, sum(s, "qbone_request_pairs_delivered_total", l -> true));
    assertEquals(pairs, sum(s, "qbone_request_pair_infidelity_e4_count", l -> true));
    assertEquals(pairs, sum(s, "qbone_request_pair_latency_seconds_count", l -> true));
    // Each pair is recorded rounded to 1e-4 (exact above F = 0.7953): the mean is within 0.5e-4.
    assertEquals(routing.get("fidelity").get("mean").asDouble(), FidelityUnits.fidelity(
        sum(s, "qbone_request_pair_infidelity_e4_sum", l -> true) / pairs), 0.5e-4 + 1e-12);

    // Per source node, as each router counted them.
    List<String> names = run.finished().scenario().nodes().stream().map(n -> n.name()).toList();
    int sources = 0;
    for (LpReport lp : run.finished().result().reports()) {
      RoutingReport r = lp.getRouting();
      if (lp.getLp() >= names.size()) {
        continue;
      }
      String node = names.get(lp.getLp());
      Predicate<Map<String, String>> at = l -> node.equals(l.get("node"));
      assertEquals(r.getCompleted(), sum(s, "qbone_requests_total",
          l -> at.test(l) && "completed".equals(l.get("result"))), node);
      assertEquals(r.getRejectedRouting(), sum(s, "qbone_requests_total",
          l -> at.test(l) && "rejected-routing".equals(l.get("result"))), node);
      assertEquals(r.getPairsDelivered(), sum(s, "qbone_request_pairs_delivered_total", at),
          node);
      sources += r.getRequests() > 0 ? 1 : 0;
    }
    assertEquals(2, sources, "dc and hq send requests");

    // Swaps by result, and the BB84 link's key, as the results count them.
    long failures = 0;
    for (JsonNode n : run.outcome().get("nodes")) {
      String node = n.get("name").asText();
      long failed = n.get("swap_failures").asLong();
      failures += failed;
      assertEquals(failed, sum(s, "qbone_swaps_total",
          l -> node.equals(l.get("node")) && "failure".equals(l.get("result"))), node);
      assertEquals(n.get("swaps").asLong() - failed, sum(s, "qbone_swaps_total",
          l -> node.equals(l.get("node")) && "success".equals(l.get("result"))), node);
    }
    assertTrue(failures > 0, "linear-optics swaps fail");
    assertTrue(sum(s, "qbone_purifications_total", l -> true) > 0, "requests were purified");
    JsonNode key = run.outcome().get("qkd").get("links").get(0);
    assertEquals(key.get("secret_bits").asLong(),
        sum(s, "qbone_key_bits_total", l -> "hq~dc".equals(l.get("link"))));
    assertTrue(sum(s, "qbone_alarms_total", l -> "link-cut".equals(l.get("kind"))) > 0);
  }

  private static double sum(PrometheusText s, String name, Predicate<Map<String, String>> labels) {
    return s.find(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
  }
}
