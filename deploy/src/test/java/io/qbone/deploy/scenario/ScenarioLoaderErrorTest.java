package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input gives one error naming the file, line and field. */
class ScenarioLoaderErrorTest {
  /** A valid scenario body after the three top lines; tests splice their fault into it. */
  static final String HEAD = "qbone: 1\nname: t\nduration_s: 1\n";
  static final String NODES = "nodes:\n  - {name: A}\n  - {name: B}\n  - {name: C}\n";
  static final String LINKS = "links:\n  - {a: A, b: B, length_km: 10}\n"
      + "  - {a: B, b: C, length_km: 10}\n";

  static ScenarioException fail(String yaml) {
    return assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load("bad.yaml", new StringReader(yaml)));
  }

  static void assertError(ScenarioException e, int line, String field, String... fragments) {
    assertEquals("bad.yaml", e.file(), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
    }
    assertTrue(e.getMessage().startsWith("bad.yaml:" + (line > 0 ? line + ": " : " ")),
        e.getMessage());
  }

  @Test
  void malformedYamlReportsTheParsersLine() {
    ScenarioException e = fail("qbone: 1\nname: t\nduration_s: 1\nnodes: [{name: A}\nlinks: []\n");
    assertTrue(e.line() >= 4, e.getMessage());
    assertNull(e.field());
    assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    assertError(fail("qbone: 1\nname: a: b\n"), 2, null, "malformed YAML",
        "mapping values are not allowed");
  }

  @Test
  void documentMustBeAMapping() {
    assertError(fail("- a\n- b\n"), 1, null, "expected a scenario mapping", "got a list");
    assertError(fail("hello\n"), 1, null, "got 'hello'");
    assertError(fail(""), 0, null, "got an empty document");
  }

  @Test
  void missingRequiredFields() {
    assertError(fail("qbone: 1\nduration_s: 1\n" + NODES + LINKS), 1, "name",
        "expected a scenario name, got nothing (the field is missing)");
    assertError(fail("qbone: 1\nname: t\n" + NODES + LINKS), 1, "duration_s",
        "expected a number > 0 (virtual seconds), got nothing");
    assertError(fail("name: t\nduration_s: 1\n" + NODES + LINKS), 1, "qbone",
        "expected the format version 1, got nothing");
    assertError(fail(HEAD + LINKS), 1, "nodes", "got nothing");
    assertError(fail(HEAD + NODES), 1, "links", "expected a list of links, got nothing");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B}\n"), 9, "links[0].length_km",
        "expected a number > 0 (km), got nothing (the field is missing)");
    assertError(fail(HEAD + NODES + LINKS + "flows:\n  - {from: A}\n"), 12, "flows[0].to",
        "expected a node name, got nothing");
  }

  @Test
  void wrongTypes() {
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: ten}\n"), 9,
        "links[0].length_km", "expected a number > 0 (km), got 'ten'");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: \"10\"}\n"), 9,
        "links[0].length_km", "got the quoted string '10'");
    assertError(fail(HEAD + "nodes:\n  - {name: A, qubits: 2.5}\n" + "links: []\n"), 5,
        "nodes[0].qubits", "expected a non-negative integer", "got 2.5");
    assertError(fail("qbone: 1\nname: t\nseed: 1.5\nduration_s: 1\n" + NODES + LINKS), 3, "seed",
        "expected an integer seed, got 1.5");
    assertError(fail(HEAD + "nodes:\n  A: {}\n" + LINKS), 5, "nodes",
        "expected a non-empty list of nodes, got a mapping");
    assertError(fail(HEAD + "nodes:\n  - A\n" + LINKS), 5, "nodes[0]",
        "expected a node mapping, got 'A'");
    assertError(fail(HEAD + "nodes:\n  - {name: A, location: [1, 2]}\n" + "links: []\n"), 5,
        "nodes[0].location", "expected a mapping {lat, lon}, got a list");
    assertError(fail(HEAD + "nodes:\n  - {name: }\n" + "links: []\n"), 5,
        "nodes[0].name", "expected a node name, got an empty value");
    assertError(fail("qbone: 1\nname: [a]\nduration_s: 1\n" + NODES + LINKS), 2, "name",
        "expected a scenario name, got a list");
  }

  @Test
  void unknownKeysAreNamedWithTheAllowedOnes() {
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, lenght_km: 10}\n"), 9,
        "links[0].lenght_km", "unknown key 'lenght_km' (did you mean 'length_km'?)",
        "expected one of: a, b, length_km, attenuation_db_per_km");
    assertError(fail(HEAD + "routng: hops\n" + NODES + LINKS), 4, "routng",
        "did you mean 'routing'?", "expected one of: qbone, name, seed");
    assertError(fail(HEAD + "nodes:\n  - {name: A, color: red}\n" + "links: []\n"), 5,
        "nodes[0].color", "unknown key 'color'; expected one of: name, kind");
    assertError(fail(HEAD + "defaults:\n  link: {length_km: 3}\n" + NODES + LINKS), 5,
        "defaults.link.length_km", "unknown key 'length_km'");
  }

  @Test
  void repeatedKeyIsAnError() {
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, a: C, length_km: 1}\n"), 9,
        "links[0].a", "appears twice");
  }

  @Test
  void unsupportedVersion() {
    assertError(fail("qbone: 2\nname: t\nduration_s: 1\nfancy: yes\n"), 1, "qbone",
        "unsupported format version: expected 1, got 2");
    assertError(fail("qbone: one\n"), 1, "qbone", "expected the format version 1, got 'one'");
  }

  @Test
  void unknownRouting() {
    assertError(fail(HEAD + "routing: fastest\n" + NODES + LINKS), 4, "routing",
        "expected one of: latency, hops, got 'fastest'");
  }

  @Test
  void impossiblePhysicsAtTheFieldsLine() {
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: -5}\n"), 9,
        "links[0].length_km", "expected > 0 km, got -5.0");
    assertError(fail(HEAD + NODES + "links:\n  - a: A\n    b: B\n    length_km: 1\n"
        + "    fidelity: 1.2\n"), 12, "links[0].fidelity", "expected between 0.25 and 1, got 1.2");
    assertError(fail(HEAD + "nodes:\n  - name: A\n    location:\n      lat: 95\n      lon: 0\n"
        + "links: []\n"), 7, "nodes[0].location.lat", "expected between -90 and 90 degrees");
    assertError(fail(HEAD + "nodes:\n  - {name: A, kind: satellite}\n" + "links: []\n"), 5,
        "nodes[0].kind", "expected 'end' or 'repeater', got satellite");
    assertError(fail(HEAD + NODES + LINKS + "flows:\n  - {from: A, to: C, start_s: -1}\n"), 12,
        "flows[0].start_s", "expected >= 0 seconds, got -1.0");
    assertError(fail("qbone: 1\nname: t\nduration_s: 0\n" + NODES + LINKS), 3, "duration_s",
        "expected a number > 0 (virtual seconds), got 0");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: A, length_km: 1}\n"), 9,
        "links[0].b", "no self-links");
  }

  @Test
  void impossibleDefaultIsReportedWhereTheDefaultIsWritten() {
    assertError(fail(HEAD + "defaults:\n  link:\n    efficiency: 0\n" + NODES + LINKS), 6,
        "defaults.link.efficiency", "expected in (0, 1], got 0.0");
    assertError(fail(HEAD + "defaults:\n  node: {qubits: -1}\n" + NODES + LINKS), 5,
        "defaults.node.qubits", "expected a non-negative integer");
  }

  @Test
  void unknownNodesInLinksAndFlows() {
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 10}\n"
        + "  - {a: B,\n     b: X, length_km: 10}\n"), 11, "links[1].b", "unknown node 'X'");
    assertError(fail(HEAD + NODES + LINKS + "flows:\n  - {from: A, to: C}\n"
        + "  - {from: A,\n     to: Z}\n"), 14, "flows[1].to",
        "expected a node defined under 'nodes', got unknown node 'Z'");
  }

  @Test
  void duplicateNames() {
    assertError(fail(HEAD + NODES + "  - {name: B}\n" + LINKS), 8, "nodes[3].name",
        "duplicate node name 'B'");
    assertError(fail(HEAD + NODES + LINKS + "flows:\n  - {name: f, from: A, to: C}\n"
        + "  - {name: f, from: C, to: A}\n"), 13, "flows[1].name",
        "expected a unique flow name, got 'f' again (first used by flows[0] at line 12)");
    // A defaulted name that collides is reported at its entry.
    assertError(fail(HEAD + NODES + LINKS + "flows:\n  - {from: A, to: C}\n"
        + "  - {from: A, to: C}\n"), 13, "flows[1].name", "got 'A-C' again");
  }

  @Test
  void parallelLinks() {
    assertError(fail(HEAD + NODES + LINKS + "  - {a: B, b: A, length_km: 3}\n"), 11, "links[2].b",
        "already defined");
  }

  @Test
  void emptyListsWhereEntriesAreNeeded() {
    assertError(fail(HEAD + "nodes: []\n" + LINKS), 4, "nodes",
        "expected a non-empty list of nodes, got an empty list");
    assertError(fail(HEAD + NODES + "links: []\nflows:\n  - {from: A, to: B}\n"), 8, "links",
        "expected at least one link when there are flows, got an empty list");
  }

  @Test
  void missingFileIsALineZeroError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(missing));
    assertEquals(missing.toString(), e.file());
    assertEquals(0, e.line());
    assertNull(e.field());
    assertEquals(missing + ": cannot read the scenario: no such file", e.getMessage());
  }

  @Test
  void directoryIsUnreadable(@TempDir Path dir) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(dir));
    assertEquals(0, e.line());
    assertTrue(e.getMessage().contains("cannot read the scenario"), e.getMessage());
  }
}
