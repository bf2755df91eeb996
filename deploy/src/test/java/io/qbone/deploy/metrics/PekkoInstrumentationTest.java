package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.cli.QboneCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qbone run} with its default Pekko instrumentation (kamon-bundle's Kanela agent), in a
 * JVM of its own because the agent weaves classes for the rest of the JVM's life: the scrape
 * carries Pekko's actor and dispatcher metrics, except for the default dispatchers, which run the
 * engine's windows and which MetricsEndpoint leaves out (timing each of their tasks delays every
 * window barrier).
 */
class PekkoInstrumentationTest {
  @TempDir Path dir;

  /** Kamon names an executor by its dispatcher's name, and the system in another label. */
  private static final String ENGINE_DISPATCHER = "pekko.actor.default-dispatcher";

  @Test
  void pekkoMetricsAreExportedButNotTheEngineDispatchers() throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, PrometheusScrapeTest.SCENARIO);
    int port = PrometheusScrapeTest.freePort();
    // Paced at 1/1000 of real time: 0.05 s of virtual time takes 50 s, time enough for the agent
    // to attach and Kamon to tick; the run is stopped once the scrape has what is checked.
    Process run = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), QboneCli.class.getName(), "run",
        scenario.toString(), "--out", dir.resolve("r.json").toString(), "--real-time", "0.001",
        "--metrics-port", Integer.toString(port), "--no-dashboard", "--quiet")
        .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port + "/metrics";
      PrometheusText[] scrape = new PrometheusText[1];
      PrometheusScrapeTest.await("Pekko's dispatcher metrics in a scrape", 120, () -> {
        assertTrue(run.isAlive(), () -> "qbone run ended early: " + log());
        try {
          scrape[0] = PrometheusText.scrape(url);
        } catch (Exception e) {
          return false; // not listening yet
        }
        return !executors(scrape[0]).isEmpty();
      });
      Set<String> executors = executors(scrape[0]);
      assertTrue(executors.contains("pekko.actor.internal-dispatcher"),
          "the other dispatchers are tracked: " + executors);
      assertFalse(executors.contains(ENGINE_DISPATCHER), executors.toString());
      assertFalse(scrape[0].find("pekko_system_active_actors_count", l -> true).isEmpty(),
          "Pekko's actor system metrics: " + scrape[0].names());
      assertFalse(scrape[0].find("qbone_engine_events_total", l -> true).isEmpty(),
          "the engine's own metrics alongside");
    } finally {
      run.destroy();
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), "qbone run stops when told to");
    }
  }

  /** The names of the executors that have Kamon's executor metrics in {@code s}. */
  private static Set<String> executors(PrometheusText s) {
    Set<String> names = new TreeSet<>();
    for (PrometheusText.Sample sample : s.samples()) {
      if (sample.name().startsWith("executor_") && sample.labels().containsKey("name")) {
        names.add(sample.labels().get("name"));
      }
    }
    return names;
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("run.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }
}
