package io.qbone.deploy.scenario;

import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.assertError;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.hardware.BsmParams;
import io.qbone.node.hardware.DetectorParams;
import io.qbone.node.hardware.DoubleClick;
import io.qbone.node.hardware.FiberParams;
import io.qbone.node.hardware.HeraldedLinkSpec;
import io.qbone.node.hardware.PhotonSourceParams;
import io.qbone.node.hardware.Platform;
import io.qbone.node.hardware.PlatformPreset;
import io.qbone.node.hardware.SingleClick;
import io.qbone.node.hardware.SourceInTheMiddle;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Scheme, hardware, platform and memory-model fields of nodes and links. */
class ScenarioHardwareTest {
  static final String HEAD = "qbone: 1\nname: t\nduration_s: 1\n";
  static final String NODES = "nodes:\n  - {name: A}\n  - {name: B}\n";

  static Scenario load(String yaml) {
    return ScenarioLoader.load("ok.yaml", new StringReader(yaml));
  }

  @Test
  void v1FilesKeepTheWernerModel() {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", "repeater-chain.yaml"));
    for (LinkConfig l : s.links()) {
      assertNull(l.heralded());
      assertEquals(0.95, l.fidelity());
    }
    NodeConfig n = s.nodes().get(0);
    assertEquals(1.0, n.coherenceTimeS());
    assertEquals(Double.POSITIVE_INFINITY, n.t1S());
    assertEquals(0, n.gateDepolarizing());
    assertEquals(1, n.emissionEfficiency());
    assertTrue(!n.usesT1T2());
  }

  @Test
  void platformPresetFillsWhatTheEntryLeavesOut() {
    PlatformPreset nv = Platform.NV_CENTRE.preset();
    Scenario s = load(HEAD + "nodes:\n  - {name: A, platform: nv_centre}\n"
        + "  - {name: B, platform: nv_centre, t2_s: 0.5, gate_depolarizing: 0.05}\n"
        + "links:\n  - {a: A, b: B, length_km: 0.002, platform: nv_centre, visibility: 0.8}\n");
    NodeConfig a = s.nodes().get(0);
    assertEquals(nv.memory().t1S(), a.t1S());
    assertEquals(nv.memory().t2S(), a.t2S());
    assertEquals(nv.nodeBsm().gateDepolarizing(), a.gateDepolarizing());
    assertEquals(nv.memory().emissionEfficiency(), a.emissionEfficiency());
    assertEquals(Double.POSITIVE_INFINITY, a.coherenceTimeS());
    NodeConfig b = s.nodes().get(1);
    // The entry's decay fields replace the preset's as a group: t1_s omitted -> infinite.
    assertEquals(Double.POSITIVE_INFINITY, b.t1S());
    assertEquals(0.5, b.t2S());
    assertEquals(0.05, b.gateDepolarizing());
    assertEquals(nv.nodeBsm().successProbability(), a.swapSuccessProbability());
    HeraldedLinkSpec spec = s.links().get(0).heralded();
    // Scheme from the preset, its alpha kept, the visibility overridden.
    assertEquals(new SingleClick(0.1, 0.8), spec.scheme());
    assertEquals(nv.fiber(), spec.fiber());
    assertEquals(nv.source(), spec.source());
    assertEquals(nv.detector(), spec.detector());
    assertEquals(5.0, s.links().get(0).attenuationDbPerKm());
    assertTrue(Double.isNaN(s.links().get(0).fidelity()));
  }

  @Test
  void schemesWithoutPlatformUseTheHardwareDefaults() {
    Scenario s = load(HEAD + "nodes:\n  - {name: A, t1_s: 2}\n  - {name: B}\n  - {name: C}\n"
        + "links:\n"
        + "  - {a: A, b: B, length_km: 10, scheme: double-click, optical_bsm: deterministic}\n"
        + "  - {a: B, b: C, length_km: 10, scheme: source-in-the-middle, visibility: 0.9,"
        + " mean_photon_number: 0.05, attempt_rate_hz: 2e6, dead_time_ns: 30}\n");
    // t2_s omitted with t1_s given: the relaxation limit 2 T1.
    assertEquals(4, s.nodes().get(0).t2S());
    HeraldedLinkSpec bk = s.links().get(0).heralded();
    assertEquals(new DoubleClick(1), bk.scheme());
    assertEquals(FiberParams.DEFAULT, bk.fiber());
    assertEquals(PhotonSourceParams.DEFAULT, bk.source());
    assertEquals(DetectorParams.DEFAULT, bk.detector());
    assertEquals(BsmParams.DETERMINISTIC, bk.opticalBsm());
    HeraldedLinkSpec mid = s.links().get(1).heralded();
    assertEquals(new SourceInTheMiddle(0.9), mid.scheme());
    assertEquals(new PhotonSourceParams(2e6, 0.05), mid.source());
    assertEquals(30, mid.detector().deadTimeNs());
    assertEquals(BsmParams.LINEAR_OPTICS, mid.opticalBsm());
  }

  @Test
  void entriesOverrideDefaultsWhichOverridePlatforms() {
    Scenario s = load(HEAD
        + "defaults:\n  node: {coherence_time_s: 1}\n"
        + "  link: {platform: nv_centre, detector_efficiency: 0.5}\n"
        + "nodes:\n  - {name: A, t1_s: 10, t2_s: 5}\n  - {name: B}\n  - {name: C}\n"
        + "links:\n  - {a: A, b: B, length_km: 1, detector_efficiency: 0.7}\n"
        + "  - {a: B, b: C, length_km: 2, scheme: werner}\n");
    assertEquals(10, s.nodes().get(0).t1S());
    assertEquals(Double.POSITIVE_INFINITY, s.nodes().get(0).coherenceTimeS());
    assertEquals(1, s.nodes().get(1).coherenceTimeS());
    assertEquals(0.7, s.links().get(0).heralded().detector().efficiency());
    assertNull(s.links().get(1).heralded());
  }

  @Test
  void unphysicalOrUnknownHardwareNamesFileLineAndField() {
    String node2 = "  - {name: B}\n";
    String link = "links:\n  - {a: A, b: B, length_km: 1, scheme: single-click, "
        + "bright_state_population: 0.1";
    assertError(fail(HEAD + NODES + link + ", detector_efficiency: 1.5}\n"), 8,
        "links[0].detector_efficiency", "expected an efficiency in (0, 1], got 1.5");
    assertError(fail(HEAD + "nodes:\n  - {name: A, t1_s: -1}\n" + node2 + "links: []\n"), 5,
        "nodes[0].t1_s", "expected > 0 seconds", "-1");
    assertError(fail(HEAD + "nodes:\n  - {name: A, t1_s: 1, t2_s: 3}\n" + node2 + "links: []\n"),
        5, "nodes[0].t2_s", "<= 2 * t1_s");
    assertError(fail(HEAD + "nodes:\n  - {name: A, coherence_time_s: 1, t2_s: 1}\n" + node2
        + "links: []\n"), 5, "nodes[0].t2_s", "either coherence_time_s", "got both");
    assertError(fail(HEAD + "nodes:\n  - {name: A, gate_depolarizing: 1.2}\n" + node2
        + "links: []\n"), 5, "nodes[0].gate_depolarizing", "expected a probability in [0, 1]");
    assertError(fail(HEAD + "nodes:\n  - {name: A, swap_bsm: magic}\n" + node2
        + "links: []\n"), 5, "nodes[0].swap_bsm", "expected", "'magic'");
    assertEquals(0.5, load(HEAD + "nodes:\n  - {name: A, swap_bsm: linear-optics}\n" + node2
        + "links: []\n").nodes().get(0).swapSuccessProbability());
    assertError(fail(HEAD + "nodes:\n  - {name: A, platform: quantum_dot}\n" + node2
        + "links: []\n"), 5, "nodes[0].platform", "expected one of: nv_centre", "'quantum_dot'");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 1, "
        + "scheme: single-click, bright_state_population: 1.2}\n"), 8,
        "links[0].bright_state_population", "expected in (0, 1), got 1.2");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 1, "
        + "scheme: single-click}\n"), 8, "links[0].bright_state_population",
        "for scheme single-click, got nothing");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 1, "
        + "scheme: triple-click}\n"), 8, "links[0].scheme",
        "expected one of: werner, single-click, double-click, source-in-the-middle",
        "'triple-click'");
    assertError(fail(HEAD + NODES + link + ", fidelity: 0.9}\n"), 8, "links[0].fidelity",
        "expected no 'fidelity' on a single-click link");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 1, visibility: 0.9}\n"),
        8, "links[0].visibility", "expected no 'visibility' on a Werner-model link");
    assertError(fail(HEAD + NODES + "links:\n  - {a: A, b: B, length_km: 1, "
        + "scheme: double-click, bright_state_population: 0.1}\n"), 8,
        "links[0].bright_state_population", "single-click only");
    assertError(fail(HEAD + NODES + link + ", optical_bsm: magic}\n"), 8, "links[0].optical_bsm",
        "expected one of: linear-optics, deterministic, got 'magic'");
    assertError(fail(HEAD + NODES + link + ", attempt_rate_hz: 0}\n"), 8,
        "links[0].attempt_rate_hz", "expected > 0 Hz");
    // A bad value in the defaults is reported where it was written.
    assertError(fail(HEAD + "defaults:\n  link:\n    detector_efficiency: 2\n" + NODES + link
        + "}\n"), 6, "defaults.link.detector_efficiency", "expected an efficiency in (0, 1]");
  }
}
