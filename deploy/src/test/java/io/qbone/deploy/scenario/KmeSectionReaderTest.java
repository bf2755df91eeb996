package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.kme.KmeSection;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's kme section: what it configures, and errors naming file, line and field. */
class KmeSectionReaderTest {
  private static final String BASE = ScenarioLoaderErrorTest.HEAD + ScenarioLoaderErrorTest.NODES
      + ScenarioLoaderErrorTest.LINKS;

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

  private void assertError(ScenarioException e, int line, String field, String fragment) {
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().startsWith(dir.resolve("kme.yaml") + (line > 0 ? ":" + line : "")
        + ": "), e.getMessage());
  }

  @Test
  void readsSaesPairsAndLimits() throws Exception {
    KmeSection s = read(BASE + "kme:\n  key_size: 512\n  max_key_per_request: 8\n"
        + "  material_bps: 2000\n"
        + "  saes:\n    - {id: alice, node: A}\n    - {id: bob, node: C}\n"
        + "    - {id: carol, node: B}\n"
        + "  pairs:\n    - [alice, bob]\n    - [carol, alice]\n");
    assertEquals(512, s.limits().keySizeBits());
    assertEquals(8, s.limits().maxKeysPerRequest());
    assertEquals(64, s.limits().minKeySizeBits()); // default
    assertEquals(2000, s.materialBps());
    assertEquals(List.of(new LinkId(0, 1), new LinkId(0, 2)), s.directory().links());
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
    assertError(fail(BASE + "kme:\n  material_bps: -1\n" + saes + "  pairs: []\n"), 12,
        "kme.material_bps", "a number > 0");
  }
}
