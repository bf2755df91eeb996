package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.kme.KmeSection;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's kme section: what it configures, and errors naming file, line and field. */
class KmeSectionReaderTest {
  private static final String BASE = ScenarioLoaderErrorTest.HEAD + ScenarioLoaderErrorTest.NODES
      + ScenarioLoaderErrorTest.LINKS;

  /** QKD on both fibre links and demands A→C and B→A (seven lines, 11-17 after BASE). */
  private static final String QKD = "qkd:\n  links:\n    - {a: A, b: B}\n    - {a: B, b: C}\n"
      + "  demands:\n    - {from: A, to: C, key_bits: 256, rate_bps: 256}\n"
      + "    - {from: B, to: A, key_bits: 256, rate_bps: 256}\n";

  @TempDir
  Path dir;

  private KmeSection read(String yaml) throws Exception {
    Path file = dir.resolve("kme.yaml");
    Files.writeString(file, yaml);
    return KmeSectionReader.read(file, ScenarioLoader.load(file));
  }

  private ScenarioException fail(String yaml) {
    return assertThrows(ScenarioException.class, () -> read(yaml));
  }

  private void assertError(ScenarioException e, int line, String field, String... fragments) {
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
    assertTrue(e.getMessage().startsWith(dir.resolve("kme.yaml") + (line > 0 ? ":" + line : "")
        + ": "), e.getMessage());
  }

  @Test
  void readsSaesPairsAndLimits() throws Exception {
    KmeSection s = read(BASE + QKD + "kme:\n  key_size: 512\n  max_key_per_request: 8\n"
        + "  saes:\n    - {id: alice, node: A}\n    - {id: bob, node: C}\n"
        + "    - {id: carol, node: B}\n"
        + "  pairs:\n    - [alice, bob]\n    - [carol, alice]\n");
    assertEquals(512, s.limits().keySizeBits());
    assertEquals(8, s.limits().maxKeysPerRequest());
    assertEquals(64, s.limits().minKeySizeBits()); // default
    assertEquals(List.of(new LinkId(0, 1), new LinkId(0, 2)), s.directory().links());
    // alice@A-bob@C is fed by demand 0 (A→C), carol@B-alice@A by demand 1 (B→A).
    assertEquals(Map.of(0, new LinkId(0, 2), 1, new LinkId(0, 1)), s.feeds());
    var route = s.directory().route("bob", "alice");
    assertEquals("C", route.sourceKmeId());
    assertEquals("A", route.targetKmeId());
    assertEquals(401, assertThrows(KmeException.class,
        () -> s.directory().route("bob", "carol")).status());
  }

  @Test
  void errorsNameLineAndField() {
    String saes = "  saes:\n    - {id: alice, node: A}\n    - {id: bob, node: B}\n";
    assertError(fail(BASE), 0, "kme", "expected a 'kme' section");
    // BASE has 10 lines; "kme:" is line 11.
    assertError(fail(BASE + "kme:\n  sae: []\n"), 12, "kme.sae", "unknown");
    assertError(fail(BASE + "kme:\n  saes:\n    - {id: alice, node: Z}\n  pairs: []\n"), 13,
        "kme.saes[0].node", "unknown node 'Z'");
    assertError(fail(BASE + "kme:\n" + saes + "    - {id: alice, node: C}\n  pairs: []\n"), 15,
        "kme.saes[2].id", "unique SAE ID");
    assertError(fail(BASE + "kme:\n" + saes + "  pairs:\n    - [alice, eve]\n"), 16,
        "kme.pairs[0]", "unknown SAE 'eve'");
    assertError(fail(BASE + "kme:\n" + saes + "  pairs:\n    - [alice]\n"), 16,
        "kme.pairs[0]", "a pair of two SAE IDs");
    assertError(fail(BASE + "kme:\n  saes:\n    - {id: x, node: A}\n    - {id: y, node: A}\n"
        + "  pairs:\n    - [x, y]\n"), 16, "kme.pairs[0]", "two different nodes");
    assertError(fail(BASE + "kme:\n  key_size: 100\n" + saes + "  pairs: []\n"), 12,
        "kme.key_size", "multiple of 8");
    assertError(fail(BASE + "kme:\n  key_size: 128\n  min_key_size: 256\n" + saes
        + "  pairs: []\n"), 12, "kme", "min_key_size <= key_size"); // the section's first line
    assertError(fail(BASE + "kme:\n  material_bps: 1000\n" + saes + "  pairs: []\n"), 12,
        "kme.material_bps", "unknown");
  }

  @Test
  void everyServedPairNeedsExactlyOneQkdDemandBetweenItsNodes() {
    String saes = "  saes:\n    - {id: alice, node: A}\n    - {id: bob, node: B}\n";
    String pairs = "  pairs:\n    - [alice, bob]\n";
    assertError(fail(BASE + "kme:\n" + saes + pairs), 0, "qkd", "expected a 'qkd' section");
    // QKD's demand B→A feeds alice-bob; without it, nothing does.
    String onlyAc = QKD.substring(0, QKD.lastIndexOf("    - {from: B"));
    assertError(fail(BASE + onlyAc + "kme:\n" + saes + pairs), 22, "kme.pairs[0]",
        "exactly one entry of qkd.demands between nodes 'A' and 'B'", "got none");
    String twice = QKD + "    - {name: again, from: A, to: B, key_bits: 256, rate_bps: 256}\n";
    assertError(fail(BASE + twice + "kme:\n" + saes + pairs), 24, "kme.pairs[0]",
        "got ['B-A', 'again']");
    // No served pair, no QKD needed.
    assertEquals(Map.of(), assertDoesNotThrow(() -> read(BASE + "kme:\n" + saes
        + "  pairs: []\n")).feeds());
  }
}
