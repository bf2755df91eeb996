package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.RunProgress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes the Prometheus endpoint over HTTP while a paced scenario runs and after it, and checks
 * the model metrics against the results JSON of the same run.
 */
class PrometheusScrapeTest {
  @TempDir Path dir;

  /** Two flows over a three-link chain with decaying memories, so fidelities spread. */
  static final String SCENARIO = String.join("\n",
      "qbone: 1",
      "name: scrape",
      "seed: 7",
      "duration_s: 0.05",
      "nodes:",
      "  - {name: alice, kind: end, coherence_time_s: 0.01}",
      "  - {name: r1, kind: repeater, coherence_time_s: 0.01}",
      "  - {name: r2, kind: repeater, coherence_time_s: 0.01}",
      "  - {name: bob, kind: end, coherence_time_s: 0.01}",
      "links:",
      "  - {a: alice, b: r1, length_km: 10, fidelity: 0.98}",
      "  - {a: r1, b: r2, length_km: 10, fidelity: 0.97}",
      "  - {a: r2, b: bob, length_km: 10, fidelity: 0.99}",
      "flows:",
      "  - {name: alice-bob, from: alice, to: bob}",
      "  - {name: r1-bob, from: r1, to: bob}",
      "");

  /** The reports of a run of {@code scenario} whose metrics are exported. */
  static ModelReports reportsFor(Scenario scenario) {
    return new ModelReports(scenario.nodes().size(), scenario.links().size(),
        scenario.flows().size(), scenario.traffic() != null, true);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Polls {@code condition} every 100 ms until it holds or {@code seconds} pass. */
  static void await(String what, int seconds, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      new CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
    }
  }

  private static PrometheusText scrapeQuietly(String url) {
    try {
      return PrometheusText.scrape(url);
    } catch (Exception e) {
      throw new AssertionError("scrape of " + url + " failed", e);
    }
  }

  @Test
  void scrapeOfARunningScenarioAgreesWithItsResults() throws Exception {
    Path file = dir.resolve("scrape.yaml");
    Files.writeString(file, SCENARIO);
    Scenario scenario = ScenarioLoader.load(file);
    RunProgress progress = new RunProgress();
    int port = freePort();
    // Paced at 1/200 of real time: 0.05 s of virtual time takes 10 s, two Kamon ticks (5 s).
    RunOptions options = new RunOptions(1, 2, 0.005, false);
    ModelReports reports = reportsFor(scenario);
    try (RunMetrics metrics = RunMetrics.start(scenario, reports, progress, 2, "127.0.0.1", port,
        false)) {
      String url = metrics.url();
      assertEquals("http://127.0.0.1:" + port + "/metrics", url);
      CompletableFuture<ScenarioRunner.Finished> run = CompletableFuture.supplyAsync(() -> {
        try {
          return ScenarioRunner.run(scenario, PlanBuilder.build(scenario), options,
              RunHooks.none().withProgress(progress).withTelemetry(reports));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // While it runs: deliveries show up, tagged with the flow's names.
      PrometheusText[] live = new PrometheusText[1];
      await("delivered pairs in a scrape during the run", 60, () -> {
        live[0] = scrapeQuietly(url);
        return live[0].value("qbone_pairs_delivered_total", "flow", "alice-bob") > 0;
      });
      Map<String, String> tags = live[0].find("qbone_pairs_delivered_total",
          l -> "alice-bob".equals(l.get("flow"))).get(0).labels();
      assertEquals(Map.of("flow", "alice-bob", "src", "alice", "dst", "bob",
          "protocol", "swap-asap/latency"), tags);

      ScenarioRunner.Finished finished = run.get(120, TimeUnit.SECONDS);
      JsonNode outcome = ResultsJson.document(finished).get("outcome");
      JsonNode flows = outcome.get("flows");
      // Kamon publishes a snapshot every tick: wait until the last deliveries are in it.
      PrometheusText[] last = new PrometheusText[1];
      await("the scrape to hold the whole run", 30, () -> {
        last[0] = scrapeQuietly(url);
        return last[0].value("qbone_pairs_delivered_total", "flow", "alice-bob")
            == flows.get(0).get("delivered_pairs").asLong()
            && engineEvents(last[0]) == outcome.get("events").asLong();
      });
      PrometheusText s = last[0];

      for (JsonNode f : flows) {
        String name = f.get("name").asText();
        long delivered = f.get("delivered_pairs").asLong();
        assertTrue(delivered > 20, name + " delivered only " + delivered + " pairs");
        assertEquals(delivered, s.value("qbone_pairs_delivered_total", "flow", name), name);
        double count = s.value("qbone_pair_infidelity_e4_count", "flow", name);
        double sum = s.value("qbone_pair_infidelity_e4_sum", "flow", name);
        assertEquals(delivered, count, name);
        // Each pair is recorded rounded to 1e-4 (exact below infidelity 0.2048), so the mean
        // is within 0.5e-4 of the results' mean; the bound allows for summation order only.
        double mean = f.get("fidelity").get("mean").asDouble();
        assertEquals(mean, FidelityUnits.fidelity(sum / count), 0.5e-4 + 1e-12, name);
        assertTrue(mean < 0.97, name + ": fidelities should have decayed, mean " + mean);
        // Buckets are cumulative and end with every pair.
        assertEquals(delivered, s.find("qbone_pair_infidelity_e4_bucket",
            l -> name.equals(l.get("flow")) && "+Inf".equals(l.get("le"))).get(0).value());
        // Latency: Kamon's default range keeps 2 significant digits, so the mean is within 1 %.
        double latencyMs = f.get("latency_ms").get("mean").asDouble();
        double scraped = s.value("qbone_pair_latency_seconds_sum", "flow", name)
            / s.value("qbone_pair_latency_seconds_count", "flow", name) * 1e3;
        assertEquals(latencyMs, scraped, latencyMs * 0.01, name + " latency");
      }

      for (JsonNode l : outcome.get("links")) {
        String link = l.get("a").asText() + "~" + l.get("b").asText();
        long generated = l.get("generated_pairs").asLong();
        assertTrue(generated > 0);
        assertEquals(generated, s.value("qbone_link_pairs_total", "link", link), link);
        assertEquals("werner", s.find("qbone_link_pairs_total",
            t -> link.equals(t.get("link"))).get(0).labels().get("protocol"));
        double count = s.value("qbone_link_infidelity_e4_count", "link", link);
        double sum = s.value("qbone_link_infidelity_e4_sum", "link", link);
        assertEquals(generated, count, link);
        assertEquals(l.get("mean_fidelity").asDouble(), FidelityUnits.fidelity(sum / count),
            0.5e-4 + 1e-12, link);
      }

      for (JsonNode n : outcome.get("nodes")) {
        String node = n.get("name").asText();
        assertEquals(n.get("memory_qubits").asDouble(),
            s.value("qbone_memory_capacity", "node", node), node);
        assertEquals(n.get("memory_in_use_at_end").asDouble(),
            s.value("qbone_memory_in_use", "node", node), node);
      }
      // Every alice-bob pair was swapped at r1 and r2; r1-bob pairs only at r2.
      long aliceBob = flows.get(0).get("delivered_pairs").asLong();
      long r1Bob = flows.get(1).get("delivered_pairs").asLong();
      assertTrue(swaps(s, "r1") >= aliceBob, "swaps at r1");
      assertTrue(swaps(s, "r2") >= aliceBob + r1Bob, "swaps at r2");
      assertEquals(0, swaps(s, "alice"), "an end node never swaps");

      assertEquals(ResultsJson.document(finished).get("performance").get("windows").asLong(),
          s.find("qbone_engine_windows_total", l -> true).get(0).value());
      assertEquals(0.05, s.find("qbone_engine_virtual_time_seconds", l -> true).get(0).value(),
          1e-12);
    }
  }

  private static double engineEvents(PrometheusText s) {
    var e = s.find("qbone_engine_events_total", l -> true);
    return e.isEmpty() ? -1 : e.get(0).value();
  }

  private static double swaps(PrometheusText s, String node) {
    return s.find("qbone_swaps_total", l -> node.equals(l.get("node"))
        && "success".equals(l.get("result"))).stream().mapToDouble(PrometheusText.Sample::value)
        .sum();
  }
}
