package io.qbone.deploy.scenario;

import static io.qbone.deploy.scenario.ScenarioGeneratorTest.connected;
import static io.qbone.deploy.scenario.ScenarioGeneratorTest.load;
import static io.qbone.deploy.scenario.ScenarioGeneratorTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.scenario.ScenarioGeneratorTest.Gen;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.Topology;
import io.qbone.router.traffic.FlowConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ring, Waxman, Barabási–Albert and backbone scenarios: shape, connectivity, determinism. */
class TopologyGeneratorTest {
  static ScenarioGenerator.Waxman waxman(int n, double beta, long seed) {
    return new ScenarioGenerator.Waxman(n, 200, 0.15, beta, 5, seed, 0.1, null);
  }

  static int[] degrees(Topology t) {
    int[] deg = new int[t.nodeCount()];
    for (int i = 0; i < deg.length; i++) {
      deg[i] = t.incidentLinks(i).length;
    }
    return deg;
  }

  @Test
  void ringClosesWithEqualLinksAndAnAntipodalFirstFlow() {
    Scenario s = load(text(w -> ScenarioGenerator.ring(
        new ScenarioGenerator.Ring(8, 12.5, 3, 4, 0.1, null), w)));
    assertEquals("ring-8", s.name());
    assertEquals(8, s.nodes().size());
    assertEquals(8, s.links().size());
    Topology t = new Topology(s.nodes(), s.links());
    assertTrue(Arrays.stream(degrees(t)).allMatch(d -> d == 2), "every node has degree 2");
    assertTrue(connected(t));
    assertTrue(s.links().stream().allMatch(l -> l.lengthKm() == 12.5));
    assertEquals(new LinkConfig("n7", "n0", 12.5, 0.2, 1.468, 0.95, 0.5, 0), s.links().get(7));
    assertEquals(new FlowConfig("f0", "n0", "n4", 0), s.flows().get(0));
    assertEquals(3, s.flows().size());
  }

  @Test
  void waxmanIsConnectedWithLengthsWithinTheDiagonal() {
    ScenarioGenerator.Summary[] summary = new ScenarioGenerator.Summary[1];
    Scenario s = load(text(w -> summary[0] = ScenarioGenerator.waxman(waxman(400, 0.05, 3), w)));
    assertEquals(400, s.nodes().size());
    assertEquals(summary[0].links(), s.links().size());
    assertEquals(5, s.flows().size());
    Topology t = new Topology(s.nodes(), s.links());
    assertTrue(connected(t));
    // Mean degree about beta N 4 pi alpha^2 (less at the edges of the square): ~5.6.
    double meanDegree = 2.0 * s.links().size() / 400;
    assertTrue(meanDegree > 2.5 && meanDegree < 6, "mean degree " + meanDegree);
    double diagonal = 200 * Math.sqrt(2);
    for (LinkConfig l : s.links()) {
      assertTrue(l.lengthKm() >= 1 && l.lengthKm() <= diagonal, () -> "length " + l.lengthKm());
    }
    double mean = s.links().stream().mapToDouble(LinkConfig::lengthKm).average().orElseThrow();
    // Uniform pairs in a square are ~0.52 side apart; Waxman links are much shorter.
    assertTrue(mean < 0.3 * 200, "mean link " + mean + " km");
  }

  @Test
  void sparseWaxmanIsStillConnected() {
    Scenario s = load(text(w -> ScenarioGenerator.waxman(waxman(300, 0.001, 9), w)));
    assertTrue(connected(new Topology(s.nodes(), s.links())));
    assertTrue(s.links().size() >= 299);
  }

  @Test
  void barabasiAlbertHasTheExpectedCountsAndAHeavyTail() {
    int n = 3000;
    int m = 3;
    Scenario s = load(text(w -> ScenarioGenerator.barabasiAlbert(
        new ScenarioGenerator.BarabasiAlbert(n, m, 2, 8, 4, 6, 0.1, null), w)));
    assertEquals("ba-3000", s.name());
    assertEquals(n, s.nodes().size());
    assertEquals(m * (n - m) + m * (m - 1) / 2, s.links().size());
    Topology t = new Topology(s.nodes(), s.links());
    assertTrue(connected(t));
    int[] deg = degrees(t);
    assertTrue(Arrays.stream(deg).allMatch(d -> d >= m - 1), "clique nodes start at m - 1");
    assertTrue(Arrays.stream(deg, m, n).allMatch(d -> d >= m), "new nodes bring m links");
    int max = Arrays.stream(deg).max().orElseThrow();
    // Scale-free: the largest hub grows as m sqrt(N) (~160), far above a random graph's tail.
    assertTrue(max > 20 * m, "max degree " + max);
    long hubs = Arrays.stream(deg).filter(d -> d >= 10 * m).count();
    assertTrue(hubs >= 5 && hubs < n / 20, "hubs " + hubs);
    assertTrue(s.links().stream().allMatch(l -> l.lengthKm() >= 2 && l.lengthKm() <= 8));
  }

  @Test
  void barabasiAlbertWithOneLinkPerNodeIsATree() {
    Scenario s = load(text(w -> ScenarioGenerator.barabasiAlbert(
        new ScenarioGenerator.BarabasiAlbert(500, 1, 5, 5, 1, 2, 0.1, null), w)));
    assertEquals(499, s.links().size());
    assertTrue(connected(new Topology(s.nodes(), s.links())));
  }

  @Test
  void backboneHasACoreLatticeAndMetroRingsWithFlowsBetweenMetros() {
    Scenario s = load(text(w -> ScenarioGenerator.backbone(
        new ScenarioGenerator.Backbone(5, 4, 300, 3, 20, 12, 7, 0.1, null), w)));
    assertEquals("backbone-5x3", s.name());
    assertEquals(5 * 4, s.nodes().size());
    assertEquals(5 * 2 + 5 * 4, s.links().size(), "core lattice of degree 4, metro rings of 4");
    Topology t = new Topology(s.nodes(), s.links());
    assertTrue(connected(t));
    int[] deg = degrees(t);
    for (int i = 0; i < 5; i++) {
      assertEquals(4 + 2, deg[t.indexOf("c" + i)], "core node: 4 core + 2 metro links");
      for (int j = 0; j < 3; j++) {
        assertEquals(2, deg[t.indexOf("c" + i + "m" + j)]);
      }
    }
    for (LinkConfig l : s.links()) {
      boolean core = !l.a().contains("m") && !l.b().contains("m");
      assertEquals(core ? 300 : 20, l.lengthKm(), l.a() + "-" + l.b());
    }
    assertEquals(12, s.flows().size());
    for (FlowConfig f : s.flows()) {
      assertTrue(f.from().contains("m") && f.to().contains("m"), f.toString());
      assertNotEquals(f.from().substring(0, f.from().indexOf('m')),
          f.to().substring(0, f.to().indexOf('m')), "different metros: " + f);
    }
  }

  @Test
  void backboneWithOneMetroNodeHasSpurs() {
    Scenario s = load(text(w -> ScenarioGenerator.backbone(
        new ScenarioGenerator.Backbone(3, 2, 100, 1, 10, 3, 1, 0.1, null), w)));
    assertEquals(6, s.nodes().size());
    assertEquals(3 + 3, s.links().size());
    assertTrue(connected(new Topology(s.nodes(), s.links())));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    assertSeedDecides(seed -> w -> ScenarioGenerator.ring(
        new ScenarioGenerator.Ring(20, 10, 4, seed, 0.1, null), w));
    assertSeedDecides(seed -> w -> ScenarioGenerator.waxman(waxman(300, 0.05, seed), w));
    assertSeedDecides(seed -> w -> ScenarioGenerator.barabasiAlbert(
        new ScenarioGenerator.BarabasiAlbert(300, 2, 5, 50, 3, seed, 0.1, null), w));
    assertSeedDecides(seed -> w -> ScenarioGenerator.backbone(
        new ScenarioGenerator.Backbone(4, 2, 100, 5, 10, 6, seed, 0.1, null), w));
  }

  private static void assertSeedDecides(Function<Long, Gen> gen) {
    String a = text(gen.apply(7L));
    assertEquals(a, text(gen.apply(7L)));
    assertNotEquals(a, text(gen.apply(8L)));
  }

  @Test
  void moreFlowsDoNotChangeTheWaxmanTopology() {
    Scenario few = load(text(w -> ScenarioGenerator.waxman(
        new ScenarioGenerator.Waxman(200, 100, 0.2, 0.1, 1, 4, 0.1, null), w)));
    Scenario many = load(text(w -> ScenarioGenerator.waxman(
        new ScenarioGenerator.Waxman(200, 100, 0.2, 0.1, 30, 4, 0.1, null), w)));
    assertEquals(few.links(), many.links());
  }

  @Test
  void impossibleParametersNameTheOption() {
    assertMessage("--nodes must be >= 3", () -> new ScenarioGenerator.Ring(2, 1, 0, 1, 0.1, null));
    assertMessage("--side-km", () -> new ScenarioGenerator.Waxman(10, 0, 0.1, 0.1, 1, 1, 1, null));
    assertMessage("--alpha", () -> new ScenarioGenerator.Waxman(10, 1, -1, 0.1, 1, 1, 1, null));
    assertMessage("--beta must be in (0, 1]",
        () -> new ScenarioGenerator.Waxman(10, 1, 0.1, 1.5, 1, 1, 1, null));
    assertMessage("--beta 0.4 could give up to",
        () -> new ScenarioGenerator.Waxman(100_000, 1, 0.1, 0.4, 1, 1, 1, null));
    assertMessage("--m must be >= 1",
        () -> new ScenarioGenerator.BarabasiAlbert(10, 0, 1, 2, 1, 1, 1, null));
    assertMessage("--nodes must be > --m = 4",
        () -> new ScenarioGenerator.BarabasiAlbert(4, 4, 1, 2, 1, 1, 1, null));
    assertMessage("--core-degree must be even",
        () -> new ScenarioGenerator.Backbone(5, 3, 1, 1, 1, 1, 1, 1, null));
    assertMessage("--core-degree", () -> new ScenarioGenerator.Backbone(4, 4, 1, 1, 1, 1, 1, 1,
        null));
    assertMessage("--metro must be >= 1",
        () -> new ScenarioGenerator.Backbone(3, 2, 1, 0, 1, 1, 1, 1, null));
    assertMessage("--flows must be between 0 and 3 (pairs of metro nodes in different metros)",
        () -> new ScenarioGenerator.Backbone(3, 2, 1, 1, 1, 4, 1, 1, null));
  }

  private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable e) {
    String message = assertThrows(IllegalArgumentException.class, e).getMessage();
    assertTrue(message.startsWith(prefix), message);
  }

  @Test
  void tenThousandNodeWaxmanAndBarabasiAlbertLoad(@TempDir Path dir) throws IOException {
    // beta ~ 4 / (N 4 pi alpha^2): mean degree near 4 at any N.
    check(dir.resolve("waxman.yaml"), w -> ScenarioGenerator.waxman(
        new ScenarioGenerator.Waxman(10_000, 1000, 0.05, 0.015, 10, 1, 0.1, null), w));
    check(dir.resolve("ba.yaml"), w -> ScenarioGenerator.barabasiAlbert(
        new ScenarioGenerator.BarabasiAlbert(10_000, 2, 5, 50, 10, 1, 0.1, null), w));
  }

  private static void check(Path file, Gen gen) throws IOException {
    ScenarioGenerator.Summary summary;
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      summary = gen.write(w);
    }
    Scenario s = ScenarioLoader.load(file);
    assertEquals(10_000, s.nodes().size());
    assertEquals(summary.links(), s.links().size());
    assertTrue(s.links().size() > 15_000 && s.links().size() < 40_000,
        file + ": " + s.links().size() + " links");
    assertTrue(connected(new Topology(s.nodes(), s.links())), file.toString());
  }
}
