package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.pool.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the model's demand keys become KME blocks: numbered per demand, in delivery order. */
class ModelKeyFeedTest {
  /** Nodes A, B, C; alice@A-bob@B fed by demand 2, alice-carol@C by demand 0; demand 1 unserved. */
  private static final KmeSection SECTION = new KmeSection(new KmeDirectory(
      List.of("A", "B", "C"), Map.of("alice", 0, "bob", 1, "carol", 2),
      List.of(List.of("alice", "bob"), List.of("alice", "carol"))), KmeLimits.DEFAULT,
      new TreeMap<>(Map.of(2, new LinkId(0, 1), 0, new LinkId(0, 2))));

  private static KeyMaterial modelKey(int demand, long keyId, int a, int b, long atNs) {
    return new KeyMaterial(a, b, atNs, (long) demand << 40 | keyId,
        new byte[] {(byte) demand, (byte) keyId, (byte) atNs});
  }

  @Test
  void blocksAreNumberedPerDemandInDeliveryOrderWithTheModelsBits() {
    List<KeyMaterial> out = new ArrayList<>();
    ModelKeyFeed feed = new ModelKeyFeed(SECTION, out::add);
    // Demand 2's key 7 is acknowledged before its key 5 (a relay path changed in between).
    List<KeyMaterial> in = List.of(modelKey(2, 7, 0, 1, 10), modelKey(0, 0, 0, 2, 11),
        modelKey(1, 0, 1, 2, 12), modelKey(2, 5, 0, 1, 13), modelKey(0, 1, 0, 2, 14));
    in.forEach(feed::accept);
    assertEquals(4, out.size(), "demand 1 feeds no SAE pair");
    long[] expectedIds = {0, 0, 1, 1};
    int[] from = {0, 1, 3, 4};
    for (int i = 0; i < out.size(); i++) {
      KeyMaterial source = in.get(from[i]);
      assertEquals(expectedIds[i], out.get(i).blockId());
      assertEquals(source.nodeA(), out.get(i).nodeA());
      assertEquals(source.nodeB(), out.get(i).nodeB());
      assertEquals(source.atNs(), out.get(i).atNs());
      assertArrayEquals(source.bits(), out.get(i).bits());
      assertEquals(ModelKeyFeed.demandOf(source), from[i] == 1 || from[i] == 4 ? 0 : 2);
    }
  }

  @Test
  void aKeyBetweenOtherNodesThanItsDemandsPairIsRefused() {
    ModelKeyFeed feed = new ModelKeyFeed(SECTION, m -> { });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> feed.accept(modelKey(2, 0, 1, 2, 0)));
    assertEquals("demand 2 delivered a key between nodes 1 and 2, but it feeds node pair 0-1",
        e.getMessage());
  }
}
