package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.RunProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in k8s/ parses, and every query in it names metrics that a real scrape
 * of the application returns.
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

  @Test
  void everyPanelQueriesMetricsTheApplicationExports() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertEquals("qbone-network", dash.get("uid").asText());

    Path file = dir.resolve("grafana.yaml");
    Files.writeString(file, PrometheusScrapeTest.SCENARIO);
    Scenario scenario = ScenarioLoader.load(file);
    RunProgress progress = new RunProgress();
    ModelReports t = PrometheusScrapeTest.reportsFor(scenario);
    try (RunMetrics metrics = RunMetrics.start(scenario, t, progress, 1, "127.0.0.1",
        PrometheusScrapeTest.freePort(), false)) {
      ScenarioRunner.run(scenario, PlanBuilder.build(scenario), new RunOptions(1, 1, 0, false),
          RunHooks.none().withProgress(progress).withTelemetry(t));
      // No model reports key generation, purification, rejections or alarms yet (the QKD and
      // routing models will); report one of each through the same sink so they are exported.
      t.keyGenerated(0, 1_000, 4096, 0.031);
      t.keyPoolLevel(0, 3, 1_000, 8192);
      t.purification(1, 1_000, true);
      t.request(0, 1_000, false, "no-route");
      t.alarm(1_000, "eavesdropper", "alice~r1", "QBER 0.31 above 0.11");
      TreeSet<String> exported = new TreeSet<>();
      PrometheusScrapeTest.await("every kind of metric in the scrape", 30, () -> {
        try {
          PrometheusText s = PrometheusText.scrape(metrics.url());
          exported.clear();
          exported.addAll(s.names());
          // Model reports reach Kamon at the poller's next fold: wait for the folded ones too.
          return exported.contains("qbone_alarms_total") && exported.contains("qbone_qber")
              && exported.contains("qbone_key_bits_total")
              && exported.contains("qbone_purifications_total")
              && exported.contains("qbone_pairs_delivered_total")
              && s.find("qbone_engine_events_total", l -> true).stream()
                  .anyMatch(x -> x.value() > 0);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });

      List<String> problems = new ArrayList<>();
      int queries = 0;
      for (JsonNode panel : dash.get("panels")) {
        if ("row".equals(panel.get("type").asText())) {
          continue;
        }
        String title = panel.get("title").asText();
        assertTrue(panel.has("targets") && panel.get("targets").size() > 0, title);
        for (JsonNode target : panel.get("targets")) {
          Set<String> names = metricNames(target.get("expr").asText());
          queries++;
          if (names.isEmpty()) {
            problems.add(title + ": no metric in " + target.get("expr"));
          }
          for (String n : names) {
            if (!exported.contains(n)) {
              problems.add(title + ": " + n + " is not exported");
            }
          }
        }
      }
      assertTrue(queries >= 18, "queries: " + queries);
      assertEquals(List.of(), problems, "exported: " + exported);

      // Template variables: node, link and flow, each read from an exported metric's label.
      List<String> variables = new ArrayList<>();
      PrometheusText s = PrometheusText.scrape(metrics.url());
      for (JsonNode v : dash.get("templating").get("list")) {
        variables.add(v.get("name").asText());
        if (!"query".equals(v.get("type").asText())) {
          continue;
        }
        Matcher m = LABEL_VALUES.matcher(v.get("query").get("query").asText());
        assertTrue(m.matches(), v.toString());
        assertFalse(s.find(m.group(1), l -> l.containsKey(m.group(2))).isEmpty(),
            m.group(1) + " has no label " + m.group(2));
      }
      assertEquals(List.of("datasource", "node", "link", "flow"), variables);
    }
  }
}
