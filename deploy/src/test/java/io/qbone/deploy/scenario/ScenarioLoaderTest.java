package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.TopologyException.Part;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
  // Line numbers matter: the assertions below refer to them.
  static final String FULL = """
      qbone: 1
      name: demo
      seed: 42
      duration_s: 0.5
      routing: hops
      defaults:
        node: {kind: repeater, qubits: 4, coherence_time_s: 1.0}
        link: {attenuation_db_per_km: 0.25, fidelity: 0.9}
      nodes:
        - name: A
          kind: end
          location: {lat: 48.2, lon: -16.37}
        - {name: B}
        - {name: C, qubits: 8, coherence_time_s: .inf}
        - {name: D, kind: end}
      links:
        - {a: A, b: B, length_km: 10}
        - {a: B, b: C, length_km: 12.5, fidelity: 0.99, attempt_rate_hz: 1e6}
        - a: C
          b: D
          length_km: 20
      flows:
        - {name: f1, from: A, to: D, start_s: 0.01}
        - {from: D, to: B}
      """;

  static final String MINIMAL = """
      qbone: 1
      name: tiny
      duration_s: 1
      nodes:
        - {name: A}
        - {name: B}
      links:
        - {a: A, b: B, length_km: 5}
      """;

  @Test
  void readsTopLevelFields() {
    Scenario s = ScenarioLoader.load("full.yaml", new StringReader(FULL));
    assertEquals("full.yaml", s.file());
    assertEquals("demo", s.name());
    assertEquals(42, s.seed());
    assertEquals(0.5, s.durationS());
    assertEquals(RouteMetric.HOPS, s.routing());
    assertEquals(4, s.nodes().size());
    assertEquals(3, s.links().size());
    assertEquals(2, s.flows().size());
  }

  @Test
  void nodesTakeOmittedFieldsFromDefaults() {
    Scenario s = ScenarioLoader.load("full.yaml", new StringReader(FULL));
    assertEquals(new NodeConfig("A", "end", 4, 1.0, 48.2, -16.37), s.nodes().get(0));
    assertEquals(new NodeConfig("B", "repeater", 4, 1.0, Double.NaN, Double.NaN),
        s.nodes().get(1));
    assertEquals(new NodeConfig("C", "repeater", 8, Double.POSITIVE_INFINITY, Double.NaN,
        Double.NaN), s.nodes().get(2));
    assertEquals("end", s.nodes().get(3).kind());
  }

  @Test
  void linksTakeOmittedFieldsFromDefaultsThenBuiltIns() {
    Scenario s = ScenarioLoader.load("full.yaml", new StringReader(FULL));
    assertEquals(new LinkConfig("A", "B", 10, 0.25, LinkConfig.DEFAULT_REFRACTIVE_INDEX, 0.9,
        LinkConfig.DEFAULT_EFFICIENCY, 0), s.links().get(0));
    assertEquals(new LinkConfig("B", "C", 12.5, 0.25, 1.468, 0.99, 0.5, 1e6), s.links().get(1));
    assertEquals(20, s.links().get(2).lengthKm());
  }

  @Test
  void flowsGetDefaultNameAndStart() {
    Scenario s = ScenarioLoader.load("full.yaml", new StringReader(FULL));
    assertEquals(new FlowConfig("f1", "A", "D", 0.01), s.flows().get(0));
    assertEquals(new FlowConfig("D-B", "D", "B", 0), s.flows().get(1));
  }

  @Test
  void recordsTheLineOfEveryEntryAndField() {
    SourceLocations at = ScenarioLoader.load("full.yaml", new StringReader(FULL)).locations();
    assertEquals(10, at.line(Part.NODE, 0, null));
    assertEquals(10, at.line(Part.NODE, 0, "name"));
    assertEquals(11, at.line(Part.NODE, 0, "kind"));
    assertEquals(12, at.line(Part.NODE, 0, "location.lat"));
    assertEquals(13, at.line(Part.NODE, 1, null));
    assertEquals(13, at.line(Part.NODE, 1, "qubits"), "defaulted field: the entry's line");
    assertEquals(18, at.line(Part.LINK, 1, "fidelity"));
    assertEquals(19, at.line(Part.LINK, 2, null));
    assertEquals(20, at.line(Part.LINK, 2, "b"));
    assertEquals(21, at.line(Part.LINK, 2, "length_km"));
    assertEquals(23, at.line(Part.FLOW, 0, "to"));
    assertEquals(24, at.line(Part.FLOW, 1, "name"));
    assertEquals(0, at.line(Part.FLOW, 2, null), "no such entry");
  }

  @Test
  void builtInDefaultsWhenTheScenarioGivesNone() {
    Scenario s = ScenarioLoader.load("tiny.yaml", new StringReader(MINIMAL));
    assertEquals(1, s.seed());
    assertEquals(RouteMetric.LATENCY, s.routing());
    NodeConfig a = s.nodes().get(0);
    assertEquals("repeater", a.kind());
    assertEquals(NodeConfig.AUTO_QUBITS, a.qubits());
    assertEquals(Double.POSITIVE_INFINITY, a.coherenceTimeS());
    assertFalse(a.hasLocation());
    assertEquals(new LinkConfig("A", "B", 5, 0.2, 1.468, 0.95, 0.5, 0), s.links().get(0));
    assertTrue(s.flows().isEmpty());
  }

  @Test
  void loadsFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, MINIMAL);
    Scenario s = ScenarioLoader.load(file);
    assertEquals(file.toString(), s.file());
    assertEquals("tiny", s.name());
  }

  @Test
  void acceptsNumericNodeNamesAndEmptyLinksWithoutFlows() {
    Scenario s = ScenarioLoader.load("n.yaml", new StringReader("""
        qbone: 1
        name: 7
        duration_s: 1
        nodes: [{name: 1}, {name: 2}]
        links: []
        """));
    assertEquals("7", s.name());
    assertEquals("1", s.nodes().get(0).name());
    assertTrue(s.links().isEmpty());
  }
}
