package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.Link;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.Topology;
import io.qbone.router.traffic.FlowConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Generated scenarios load, have the asked-for shape, and depend only on their parameters. */
class ScenarioGeneratorTest {
  interface Gen {
    ScenarioGenerator.Summary write(java.io.Writer w) throws IOException;
  }

  static String text(Gen gen) {
    StringWriter w = new StringWriter();
    try {
      gen.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static Scenario load(String yaml) {
    return ScenarioLoader.load("generated.yaml", new StringReader(yaml));
  }

  static ScenarioGenerator.Chain chain(int n, int hops, long seed) {
    return new ScenarioGenerator.Chain(n, 10, hops, seed, 0.1, null);
  }

  static ScenarioGenerator.RandomNetwork random(int n, long seed) {
    return new ScenarioGenerator.RandomNetwork(n, 3, 5, 50, 10, seed, 0.1, null);
  }

  @Test
  void chainHasEndsRepeatersAndOneFlowByDefault() {
    Scenario s = load(text(w -> ScenarioGenerator.chain(chain(5, 0, 1), w)));
    assertEquals("chain-5", s.name());
    assertEquals(1, s.seed());
    assertEquals(0.1, s.durationS());
    assertEquals(5, s.nodes().size());
    assertEquals(4, s.links().size());
    assertEquals(List.of("end", "repeater", "repeater", "repeater", "end"),
        s.nodes().stream().map(n -> n.kind()).toList());
    assertEquals(new LinkConfig("n1", "n2", 10, 0.2, 1.468, 0.95, 0.5, 0), s.links().get(1));
    assertEquals(List.of(new FlowConfig("f0", "n0", "n4", 0)), s.flows());
  }

  @Test
  void chainFlowHopsCoverTheChainWithAShorterLastFlow() {
    Scenario s = load(text(w -> ScenarioGenerator.chain(chain(6, 2, 1), w)));
    assertEquals(List.of(new FlowConfig("f0", "n0", "n2", 0), new FlowConfig("f1", "n2", "n4", 0),
        new FlowConfig("f2", "n4", "n5", 0)), s.flows());
  }

  @Test
  void gridLinksRightAndDownWithCornerToCornerFirst() {
    ScenarioGenerator.Grid spec = new ScenarioGenerator.Grid(3, 4, 7.5, 5, 9, 0.2, "g");
    ScenarioGenerator.Summary[] summary = new ScenarioGenerator.Summary[1];
    Scenario s = load(text(w -> summary[0] = ScenarioGenerator.grid(spec, w)));
    assertEquals(new ScenarioGenerator.Summary("g", 12, 17, 5), summary[0]);
    assertEquals(12, s.nodes().size());
    assertEquals(3 * 3 + 4 * 2, s.links().size());
    assertEquals(5, s.flows().size());
    assertEquals("r2c3", s.nodes().get(11).name());
    assertEquals(new FlowConfig("f0", "r0c0", "r2c3", 0), s.flows().get(0));
    assertEquals(7.5, s.links().get(0).lengthKm());
    assertEquals(9, s.seed());
    assertEquals("end", s.nodes().get(0).kind());
    assertTrue(connected(new Topology(s.nodes(), s.links())));
  }

  @Test
  void randomIsConnectedWithTheAskedMeanDegreeAndLengths() {
    Scenario s = load(text(w -> ScenarioGenerator.random(random(500, 3), w)));
    assertEquals(500, s.nodes().size());
    assertEquals(750, s.links().size(), "mean degree 3");
    assertEquals(10, s.flows().size());
    Topology t = new Topology(s.nodes(), s.links());
    assertTrue(connected(t));
    for (LinkConfig l : s.links()) {
      assertTrue(l.lengthKm() >= 5 && l.lengthKm() <= 50, () -> "length " + l.lengthKm());
    }
    assertEquals(10, s.flows().stream().map(f -> Math.min(t.indexOf(f.from()), t.indexOf(f.to()))
        + "/" + Math.max(t.indexOf(f.from()), t.indexOf(f.to()))).distinct().count(),
        "distinct pairs");
  }

  @Test
  void randomDegreeIsClampedBetweenTreeAndCompleteGraph() {
    assertEquals(4, load(text(w -> ScenarioGenerator.random(
        new ScenarioGenerator.RandomNetwork(5, 0, 1, 2, 1, 1, 0.1, null), w))).links().size());
    assertEquals(10, load(text(w -> ScenarioGenerator.random(
        new ScenarioGenerator.RandomNetwork(5, 50, 1, 2, 1, 1, 0.1, null), w))).links().size());
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    assertSeedDecides(seed -> w -> ScenarioGenerator.random(random(300, seed), w));
    assertSeedDecides(seed -> w -> ScenarioGenerator.grid(
        new ScenarioGenerator.Grid(5, 5, 10, 4, seed, 0.1, null), w));
    assertSeedDecides(seed -> w -> ScenarioGenerator.chain(chain(4, 0, seed), w));
  }

  private static void assertSeedDecides(Function<Long, Gen> gen) {
    String a = text(gen.apply(7L));
    assertEquals(a, text(gen.apply(7L)));
    assertNotEquals(a, text(gen.apply(8L)));
  }

  @Test
  void moreFlowsDoNotChangeTheRandomTopology() {
    Scenario few = load(text(w -> ScenarioGenerator.random(
        new ScenarioGenerator.RandomNetwork(100, 3, 5, 50, 1, 4, 0.1, null), w)));
    Scenario many = load(text(w -> ScenarioGenerator.random(
        new ScenarioGenerator.RandomNetwork(100, 3, 5, 50, 20, 4, 0.1, null), w)));
    assertEquals(few.links(), many.links());
  }

  @Test
  void namesThatAreNotPlainYamlAreQuoted() {
    Scenario s = load(text(w -> ScenarioGenerator.chain(
        new ScenarioGenerator.Chain(2, 1, 0, 1, 0.1, "my net: \"v2\" #1"), w)));
    assertEquals("my net: \"v2\" #1", s.name());
    assertEquals("null", load(text(w -> ScenarioGenerator.chain(
        new ScenarioGenerator.Chain(2, 1, 0, 1, 0.1, "null"), w))).name());
  }

  @Test
  void impossibleParametersNameTheOption() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> chain(1, 0, 1))
        .getMessage().startsWith("--nodes"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> chain(5, 5, 1))
        .getMessage().startsWith("--flow-hops"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ScenarioGenerator.Grid(1, 2, 1, 2, 1, 0.1, null)).getMessage()
        .startsWith("--flows"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ScenarioGenerator.RandomNetwork(10, 3, 50, 5, 1, 1, 0.1, null)).getMessage()
        .startsWith("--min-km"));
  }

  static boolean connected(Topology t) {
    boolean[] seen = new boolean[t.nodeCount()];
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
    seen[0] = true;
    int reached = 1;
    while (!queue.isEmpty()) {
      int n = queue.poll();
      for (int li : t.incidentLinks(n)) {
        Link l = t.link(li);
        int o = l.other(n);
        if (!seen[o]) {
          seen[o] = true;
          reached++;
          queue.add(o);
        }
      }
    }
    return reached == t.nodeCount();
  }
}
