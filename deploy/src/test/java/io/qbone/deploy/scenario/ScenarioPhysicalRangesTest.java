package io.qbone.deploy.scenario;

import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.HEAD;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.LINKS;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.NODES;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.assertError;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The physical ranges (docs/scenario-reference.md, "Physical ranges") on small scenarios: the
 * events bound and its property, the link bounds naming the field further from normal, and the
 * shipped scenarios inside every range. Each kind of absurd value of issue 27 is replayed with
 * its error text by RegressionCorpusTest.
 */
class ScenarioPhysicalRangesTest {
  private static final String FLOW = "traffic:\n  flows:\n    - {from: A, to: C, interval_s: 5e-9}\n";

  @Test
  void theEventsBoundIsOneEventPerTenNanosecondsUnlessThePropertyRaisesIt() {
    assertError(fail(HEAD + FLOW + NODES + LINKS), 6, "traffic.flows[0].interval_s",
        "expected an interval in [1.0E-8, 1000000000] s (a flow may schedule at most 100 events "
            + "per virtual µs, -Dqbone.scenario.max-events-per-us", "got 5.0E-9");
    System.setProperty(Ranges.EVENTS_PROPERTY, "1000");
    try {
      Scenario s = ScenarioLoader.load("ok.yaml", new StringReader(HEAD + FLOW + NODES + LINKS));
      assertEquals(5e-9, s.traffic().flows().get(0).intervalS());
    } finally {
      System.clearProperty(Ranges.EVENTS_PROPERTY);
    }
  }

  @Test
  void aLinkHeraldingFasterThanTheBoundNamesItsLengthAndBothFactors() {
    String links = "links:\n  - {a: A, b: B, length_km: 0.0001, efficiency: 1}\n"
        + "  - {a: B, b: C, length_km: 10}\n";
    assertError(fail(HEAD + NODES + links), 9, "links[0].length_km",
        "expected a link heralding at most 100000000 pairs per s", "got 9.99", ": attempt period "
            + "1.0E-9 s (from length_km, refractive_index, attempt_rate_hz) and success "
            + "probability 0.99999");
  }

  @Test
  void aDefaultThatMakesLinksTooSlowIsReportedWhereItIsWritten() {
    String defaults = "defaults:\n  link: {efficiency: 1e-40}\n";
    assertError(fail(HEAD + defaults + NODES + LINKS), 5, "defaults.link.efficiency",
        "mean time to a heralded pair");
  }

  @Test
  void maxPathsAboveKIsRefusedOnlyWhenWritten() {
    String traffic = "traffic: {rate_per_s: 5}\n";
    Scenario s = ScenarioLoader.load("ok.yaml", new StringReader(HEAD
        + "routing: {protocol: k-shortest, k: 1}\n" + traffic + NODES + LINKS));
    assertEquals(1, s.requestRouting().k());
    assertError(fail(HEAD + "routing: {protocol: k-shortest, k: 2, max_paths: 3}\n" + traffic
        + NODES + LINKS), 4, "routing.max_paths", "expected an integer in [1, k = 2]");
  }

  @Test
  void everyShippedScenarioIsInsideEveryRange() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "scenarios"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        ScenarioLoader.load(f);
      }
    }
  }
}
