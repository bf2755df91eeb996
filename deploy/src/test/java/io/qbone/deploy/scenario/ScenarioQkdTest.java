package io.qbone.deploy.scenario;

import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.assertError;
import static io.qbone.deploy.scenario.ScenarioLoaderErrorTest.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qbone.node.network.ScheduledFault;
import io.qbone.protocol.v1.Fault;
import io.qbone.qkd.link.DecoyBb84Link;
import io.qbone.qkd.link.PublishedRateLink;
import io.qbone.qkd.node.QkdConfig;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.router.routing.RouteMetric;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qkd: and faults: sections: what they read into, and their located errors. */
class ScenarioQkdTest {
  static final String HEAD = "qbone: 1\nname: t\nduration_s: 10\n"; // lines 1-3
  static final String NET = "nodes:\n  - {name: A}\n  - {name: B}\n  - {name: C}\n" // 4-7
      + "links:\n  - {a: A, b: B, length_km: 10}\n  - {a: B, b: C, length_km: 20}\n"; // 8-10

  static Scenario load(String yaml) {
    return ScenarioLoader.load("ok.yaml", new StringReader(yaml));
  }

  @Test
  void readsLinksDemandsAndFaults() {
    Scenario s = load(HEAD + NET
        + "qkd:\n"                                                             // 11
        + "  block_bits: 50000\n"
        + "  relay_routing: latency\n"
        + "  tick_s: 0.5\n"
        + "  defaults: {mu: 0.6, detector_efficiency: 0.2}\n"
        + "  links:\n"
        + "    - {a: A, b: B}\n"
        + "    - {a: C, b: B, technology: cow, secret_key_rate_bps: 2000, qber: 0.03}\n"
        + "  demands:\n"
        + "    - {from: A, to: C, key_bits: 512, rate_bps: 1024, start_s: 1}\n"
        + "faults:\n"
        + "  - {at_s: 2, kind: eavesdrop, a: A, b: B, fraction: 0.5}\n"
        + "  - {at_s: 3, kind: link-cut, a: C, b: B}\n"
        + "  - {at_s: 4, kind: link-restore, a: B, b: C}\n"
        + "  - {at_s: 5, kind: node-crash, node: C}\n");
    QkdConfig q = s.qkd();
    assertEquals(50_000, q.blockBits());
    assertEquals(RouteMetric.LATENCY, q.relayRouting());
    assertEquals(500_000_000L, q.tickNs());
    assertEquals(QrngConfig.SEEDED, q.qrng());
    assertEquals(2, q.links().size());
    DecoyBb84Link ab = (DecoyBb84Link) q.links().get(0).model();
    assertEquals(0.6, ab.params().mu());              // from qkd.defaults
    assertEquals(0.2, ab.params().detectorEfficiency());
    assertEquals(10, ab.params().lengthKm());          // from the fibre link
    assertEquals(0.2, ab.params().lossDbPerKm());
    assertEquals(0.1, ab.params().nu());               // built-in
    assertEquals(PublishedRateLink.class, q.links().get(1).model().getClass());
    assertEquals("cow", q.links().get(1).technology());
    assertEquals("A-C", q.demands().get(0).name());
    assertEquals(500_000_000L, q.demands().get(0).intervalNs());

    List<ScheduledFault> f = s.faults();
    assertEquals(7, f.size()); // three link faults to both ends, one crash
    assertEquals(new ScheduledFault(0, 2_000_000_000L, Fault.newBuilder().setEavesdrop(
        io.qbone.protocol.v1.Eavesdrop.newBuilder().setLink(0).setFraction(0.5)).build()), f.get(0));
    assertEquals(1, f.get(1).target());
    assertEquals(1, f.get(2).fault().getLinkCut().getLink());
    assertEquals(2, f.get(3).target());
    assertEquals(Fault.KindCase.LINK_RESTORE, f.get(4).fault().getKindCase());
    assertEquals(new ScheduledFault(2, 5_000_000_000L, Fault.newBuilder().setNodeCrash(
        io.qbone.protocol.v1.NodeCrash.newBuilder().setNode(2)).build()), f.get(6));
  }

  @Test
  void scenariosWithoutTheSectionsHaveNone() {
    Scenario s = load(HEAD + NET);
    assertNull(s.qkd());
    assertEquals(List.of(), s.faults());
  }

  @Test
  void qkdErrorsNameLineAndField() {
    String q = HEAD + NET + "qkd:\n";
    assertError(fail(q + "  blok_bits: 10\n"), 12, "qkd.blok_bits", "unknown key 'blok_bits'",
        "did you mean 'block_bits'?");
    assertError(fail(q + "  links:\n    - {a: A, b: C}\n"), 13, "qkd.links[0].b",
        "expected a link defined under 'links' between 'A' and 'C'");
    assertError(fail(q + "  links:\n    - {a: A, b: X}\n"), 13, "qkd.links[0].b",
        "unknown node 'X'");
    assertError(fail(q + "  links:\n    - {a: A, b: B}\n    - {a: B, b: A}\n"), 14,
        "qkd.links[1].b", "each fibre link at most once");
    assertError(fail(q + "  links:\n    - {a: A, b: B, technology: bb85}\n"), 13,
        "qkd.links[0].technology", "expected one of: decoy-bb84, cow", "got 'bb85'");
    assertError(fail(q + "  links:\n    - {a: A, b: B, technology: cow, mu: 0.5, "
        + "secret_key_rate_bps: 1, qber: 0.01}\n"), 13, "qkd.links[0].mu",
        "expected no 'mu' on a cow link");
    assertError(fail(q + "  links:\n    - {a: A, b: B, technology: cow, qber: 0.01}\n"), 13,
        "qkd.links[0].secret_key_rate_bps", "expected a number > 0 (bit/s), got nothing");
    assertError(fail(q + "  links:\n    - {a: A, b: B, technology: cow, secret_key_rate_bps: 1,"
        + " qber: 0.2}\n"), 13, "qkd.links[0].qber", "expected a QBER in [0, 0.5) that leaves");
    assertError(fail(q + "  links:\n    - {a: A, b: B, nu: 0.7}\n"), 13, "qkd.links[0].nu",
        "expected a decoy mean photon number in (0, mu = 0.5)");
    assertError(fail(q + "  defaults: {mu: -1}\n  links:\n    - {a: A, b: B}\n"), 12,
        "qkd.defaults.mu", "expected a positive mean photon number, got -1.0");
    assertError(fail(q + "  demands:\n    - {from: A, to: Z, rate_bps: 1}\n"), 13,
        "qkd.demands[0].to", "unknown node 'Z'");
    assertError(fail(q + "  demands:\n    - {from: A, to: C, rate_bps: 1, key_bits: 100}\n"), 13,
        "qkd.demands[0].key_bits", "positive multiple of 8");
    assertError(fail(q + "  qber_threshold: 0.7\n"), 12, "qkd.qber_threshold",
        "expected a QBER in (0, 0.5], got 0.7");
    assertError(fail(q + "  qrng: {source: quantum}\n"), 12, "qkd.qrng.source",
        "expected one of: seeded, os, device, got 'quantum'");
    assertError(fail(q + "  qrng: {source: device, path: /nonexistent/qrng0}\n"), 12,
        "qkd.qrng.path", "expected a readable QRNG device file");
    assertError(fail(q + "  bbm92:\n    - {flow: nope}\n"), 13, "qkd.bbm92[0].flow",
        "unknown flow 'nope'");
  }

  @Test
  void faultErrorsNameLineAndField() {
    String f = HEAD + NET + "qkd:\n  links:\n    - {a: A, b: B}\nfaults:\n"; // faults: line 14
    assertError(fail(f + "  - {at_s: 12, kind: link-cut, a: A, b: B}\n"), 15, "faults[0].at_s",
        "expected a time in [0, duration_s = 10.0)", "got 12.0");
    assertError(fail(f + "  - {at_s: 1, kind: flood, a: A, b: B}\n"), 15, "faults[0].kind",
        "expected one of: link-cut, link-restore, node-crash, eavesdrop, got 'flood'");
    assertError(fail(f + "  - {at_s: 1, kind: eavesdrop, a: B, b: C, fraction: 0.5}\n"), 15,
        "faults[0].b", "expected a QKD link listed under 'qkd.links'");
    assertError(fail(f + "  - {at_s: 1, kind: eavesdrop, a: A, b: B, fraction: 1.5}\n"), 15,
        "faults[0].fraction", "expected a fraction of the signals in [0, 1]");
    assertError(fail(f + "  - {at_s: 1, kind: eavesdrop, a: A, b: B}\n"), 15,
        "faults[0].fraction", "got nothing");
    assertError(fail(f + "  - {at_s: 1, kind: link-cut, a: A, b: C}\n"), 15, "faults[0].b",
        "expected a link defined under 'links' between 'A' and 'C'");
    assertError(fail(f + "  - {at_s: 1, kind: node-crash, node: Q}\n"), 15, "faults[0].node",
        "unknown node 'Q'");
    assertError(fail(f + "  - {at_s: 1, kind: node-crash, node: A, fraction: 1}\n"), 15,
        "faults[0].fraction", "expected no 'fraction' on a node-crash fault");
    assertError(fail(f + "  - {at_s: 1, kind: link-cut, a: A, b: B, nod: A}\n"), 15,
        "faults[0].nod", "unknown key 'nod'", "did you mean 'node'?");
  }

  @Test
  void deviceQrngNeedsAReadableFile(@TempDir Path dir) throws Exception {
    Path dev = dir.resolve("qrng0");
    Files.write(dev, new byte[64]);
    Scenario s = load(HEAD + NET + "qkd:\n  qrng: {source: device, path: '" + dev + "'}\n");
    assertEquals(new QrngConfig(QrngConfig.Kind.DEVICE, dev), s.qkd().qrng());
    assertEquals(QrngConfig.Kind.OS, load(HEAD + NET + "qkd:\n  qrng: {source: os}\n").qkd()
        .qrng().kind());
  }
}
